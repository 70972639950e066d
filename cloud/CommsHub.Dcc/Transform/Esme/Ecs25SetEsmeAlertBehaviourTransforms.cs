using System.Xml;
using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.Ecs26ReadEsmeConfigurationTransforms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 6.22 Configure Alert Behaviour on an ESME -> ECS25a/a1/a2/a3 (supplier) and ECS25b/b3 (network operator): one set of
/// the alert or event behaviour filter that the body's choice names (WAN alerts, HAN alerts, audible alarm, logging).
/// </summary>
/// <remarks>
/// The filter is a 512-bit string: a 256-bit mask naming the codes this command changes, then 256 bits of their new
/// values (1 = Enable). Each half reads as a big-endian 256-bit number whose bit n is the alert code of the filter's
/// range (0x81nn supplier, 0x80nn network operator) with low byte n; so the last bit of each half is code 0xXX00.
/// The layout is that of the filters ECS25r1/r2 read and of every RTDS ECS25 command that matches its template
/// (ECS25a1/a2/a3/b3). Every element the request names is encoded, the polyphase ones included: the RTDS ECS25a and
/// ECS25b error commands carry 0x81B7 and 0x8003 to the same ESME.
/// </remarks>
internal static class Ecs25SetEsmeAlertBehaviourTransforms
{
    private const int HalfBytes = 32;

    /// <summary>One body choice: its use case, message code, filter object and the alert codes' high byte.</summary>
    private sealed record Filter(string Choice, string UseCase, int MessageCode, string Obis, int CodeRange);

    private static readonly Filter[] Filters =
    [
        new("ElectricitySupplierAlerts", "ECS25a", 0x00AC, "0-30:97.98.11.255", 0x81),
        new("ElectricitySupplierHANAlertSettings", "ECS25a1", 0x00EA, "0-30:97.98.12.255", 0x81),
        new("ElectricitySupplierAlarmSettings", "ECS25a2", 0x00EB, "0-30:97.98.13.255", 0x81),
        new("ElectricitySupplierLoggingSettings", "ECS25a3", 0x00EC, "0-30:97.98.14.255", 0x81),
        new("ElectricityNetworkOperatorAlerts", "ECS25b", 0x00B0, "0-33:97.98.11.255", 0x80),
        new("ElectricityNetworkOperatorLoggingSettings", "ECS25b3", 0x00ED, "0-33:97.98.14.255", 0x80),
    ];

    /// <summary>The transform (one per SRV; the GSME's GCS20 is asked first and declines an ESME).</summary>
    public static IUseCaseTransform Create() => new EsmeDlmsTransform("6.22", "ConfigureAlertBehaviour",
        Filters.Select(f => new EsmeDlmsCommand(f.UseCase, f.MessageCode, CommandOrigin.User, false,
            r => IsEsme(r) && DuisBody.Child(r.Body, f.Choice) is not null,
            r =>
            {
                RequireRole(r, f);
                return new DlmsAccessList().Set(Cosem.Data(f.Obis), BehaviourFilter(DuisBody.Required(r.Body, f.Choice), f.CodeRange));
            }))
        .ToArray());

    /// <summary>
    /// The supplier's filters (0-30, ECS25a*) are the supplier's to set and the network operator's (0-33, ECS25b*) the
    /// network operator's (GBCS use-case roles): a user acting in the other role is refused before anything is built.
    /// Without a known role (a bare transform) the body's choice alone decides.
    /// </summary>
    private static void RequireRole(EsmeRequest r, Filter f)
    {
        if (r.Context.UserRole is not { } role) return;
        var networkOperatorFilter = f.CodeRange == 0x80;
        if (networkOperatorFilter == r.ByNetworkOperator) return;
        throw new DuisTransformException(TransformError.UnsupportedRequest,
            $"SRV 6.22: sr:{f.Choice} ({f.UseCase}) sets the {(networkOperatorFilter ? "network operator's" : "supplier's")} alert filter, " +
            $"which a user acting as {role} may not");
    }

    /// <summary>The mask-then-values bit string for every xNNNN element under the choice's groups (Common, SinglePhase, PolyPhase).</summary>
    internal static DlmsData BehaviourFilter(XmlElement choice, int codeRange)
    {
        var bits = new byte[2 * HalfBytes];
        var seen = new HashSet<int>();
        foreach (var group in choice.ChildNodes.OfType<XmlElement>())
        {
            foreach (var e in group.ChildNodes.OfType<XmlElement>())
            {
                var code = AlertCodeElement.Code(e);
                if (code >> 8 != codeRange)
                    throw DuisBody.Invalid($"sr:{group.LocalName}/sr:{e.LocalName} is not an alert code of this filter (0x{codeRange:X2}nn)");
                if (!seen.Add(code)) throw DuisBody.Invalid($"sr:{e.LocalName} appears twice");
                var low = code & 0xFF;
                var index = HalfBytes - 1 - low / 8;
                var bit = (byte)(1 << (low % 8));
                bits[index] |= bit;
                if (AlertCodeElement.Enabled(e.InnerText.Trim(), $"sr:{e.LocalName}")) bits[HalfBytes + index] |= bit;
            }
        }
        if (seen.Count == 0) throw DuisBody.Invalid($"sr:{choice.LocalName} names no alert code");
        return DlmsData.BitString(bits, bits.Length * 8);
    }
}
