using System.Xml;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// 6.22 Configure Alert Behaviour on a GSME -> GCS20: Device Management Set Event Configuration, one command per
/// distinct configuration, listing the events (sr:xNNNN elements) that get it. Event configuration bits (ZigBee SE):
/// 0x03 log as a general event, 0x08 send to the WAN, 0x10 send to the HAN, 0x40 raise the alarm. Groups go in the
/// order their first event appears in the request.
/// </summary>
internal static class GsmeAlertBehaviour
{
    private const int LogGeneralEvent = 0x03, PushToWan = 0x08, PushToHan = 0x10, RaiseAlarm = 0x40;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        Gbz("6.22", "GCS20", 0x00AD, "ConfigureAlertBehaviour", Build),
    ];

    private static IReadOnlyList<GbzCommand> Build(GsmeRequest r)
    {
        var settings = DuisBody.Child(r.Body, "GasSupplierAlertEventSettings")
            ?? throw new DuisTransformException(TransformError.UnsupportedRequest,
                "SRV 6.22 on a GSME: only sr:GasSupplierAlertEventSettings is supported");
        var groups = new List<(int Configuration, List<int> Events)>();
        foreach (var e in settings.ChildNodes.OfType<XmlElement>())
        {
            var eventId = AlertCodeElement.Code(e);
            var configuration = (On(e, "EventLog") ? LogGeneralEvent : 0) | (On(e, "WANAlert") ? PushToWan : 0)
                | (On(e, "HANAlert") ? PushToHan : 0) | (On(e, "Alarm") ? RaiseAlarm : 0);
            var group = groups.FindIndex(g => g.Configuration == configuration);
            if (group < 0) groups.Add((configuration, [eventId]));
            else groups[group].Events.Add(eventId);
        }
        if (groups.Count == 0) throw DuisBody.Invalid("sr:GasSupplierAlertEventSettings names no event");
        return groups.Select(g =>
        {
            if (g.Events.Count > 255) throw DuisBody.Invalid("more than 255 events share one configuration");
            // Issuer event id, start now (0), configuration, configuration control 0 (apply to the listed events).
            var w = new ZclWriter().U32(r.IssuerEventId).U32(0).U8(g.Configuration).U8(0).U8(g.Events.Count);
            foreach (var id in g.Events) w.U16(id);
            return GbzCommand.Publish(ZclCluster.DeviceManagement, 0x04, w);
        }).ToArray();
    }

    private static bool On(XmlElement e, string name) =>
        AlertCodeElement.Enabled(DuisBody.RequiredText(e, name), $"sr:{e.LocalName}/sr:{name}");
}
