using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Answers a GBCS DLMS ACCESS.request against a <see cref="CosemObjectModel"/>: one result per request spec, in
/// order, with the got value for a get (null data otherwise), as GBCS §7 access-responses carry them. Under an
/// armed <see cref="CommandFault"/> the failing access answers hardware-fault and every later one other-reason, with
/// null data, and none of them touches the model.
/// </summary>
public static class DlmsAccessServer
{
    /// <summary>The encoded ACCESS.response for <paramref name="request"/>, failing as <paramref name="fault"/> says when armed.</summary>
    public static byte[] Answer(CosemObjectModel model, AccessRequest request, CommandFault? fault = null)
    {
        var specs = request.Specs;
        var data = new DlmsData[specs.Length];
        var results = new AccessResponseSpec[specs.Length];
        var plan = fault?.Plan(specs.Length);
        for (int i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            if (plan?.DlmsResult(i) is { } failed)
            {
                data[i] = DlmsData.Null();
                // A get with selection is answered as a get (the response has no selective choice).
                results[i] = new AccessResponseSpec(s.Kind == AccessKind.GetWithSelection ? AccessKind.Get : s.Kind, failed);
                continue;
            }
            var parameter = i < request.Data.Length ? request.Data[i] : DlmsData.Null();
            switch (s.Kind)
            {
                case AccessKind.Set:
                    data[i] = DlmsData.Null();
                    results[i] = new AccessResponseSpec(AccessKind.Set, model.Set(s.ClassId, s.Instance, s.Id, parameter));
                    break;
                case AccessKind.Action:
                    data[i] = model.Action(s.ClassId, s.Instance, s.Id, parameter) ?? DlmsData.Null();
                    results[i] = new AccessResponseSpec(AccessKind.Action, CosemObjectModel.Success);
                    break;
                default:
                    var value = model.Get(s.ClassId, s.Instance, s.Id);
                    data[i] = value ?? DlmsData.Null();
                    results[i] = new AccessResponseSpec(AccessKind.Get, value is null ? CosemObjectModel.ObjectUndefined : CosemObjectModel.Success);
                    break;
            }
        }
        return new AccessResponse(request.LongInvokeIdAndPriority, data, results).Encode();
    }
}
