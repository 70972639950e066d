using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Answers a GBCS DLMS ACCESS.request against a <see cref="CosemObjectModel"/>: one result per request spec, in
/// order, with the got value for a get (null data otherwise), as GBCS §7 access-responses carry them.
/// </summary>
public static class DlmsAccessServer
{
    /// <summary>The encoded ACCESS.response for <paramref name="request"/>.</summary>
    public static byte[] Answer(CosemObjectModel model, AccessRequest request)
    {
        var specs = request.Specs;
        var data = new DlmsData[specs.Length];
        var results = new AccessResponseSpec[specs.Length];
        for (int i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
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
