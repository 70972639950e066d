using CommsHub.Dcc.Transforms.Esme;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// DUIS 6.29-6.32 on the CHF's sub-GHz interface (DBCH01/02/03/05), DLMS on the CHF's COSEM objects, originated by the
/// ACB as every CHF command: read the operating channel (0-0:94.44.10.2), the channel log (profile 0-0:94.44.10.3 over
/// the read period), the configuration (0-0:94.44.10.0), and request a channel scan (set 0-0:94.44.10.1 to 0).
/// </summary>
internal static class DbchSubGhzTransforms
{
    private static bool Always(EsmeRequest _) => true;

    /// <summary>The transforms, one per SRV.</summary>
    public static IEnumerable<IUseCaseTransform> All() =>
    [
        new EsmeDlmsTransform("6.31", "ReadCHFSubGHzChannel",
            new EsmeDlmsCommand("DBCH01", 0x010A /* DBCH01 */, CommandOrigin.AccessControlBroker, false, Always,
                _ => new DlmsAccessList().Get(Cosem.Data("0-0:94.44.10.2")))),
        new EsmeDlmsTransform("6.32", "ReadCHFSubGHzChannelLog",
            new EsmeDlmsCommand("DBCH02", 0x010B /* DBCH02 */, CommandOrigin.AccessControlBroker, false, Always,
                r => new DlmsAccessList().GetRange(Cosem.Of(CosemClass.ProfileGeneric, "0-0:94.44.10.3", 2), LogPeriod.From(r.Body)))),
        new EsmeDlmsTransform("6.30", "ReadCHFSubGHzConfiguration",
            new EsmeDlmsCommand("DBCH03", 0x010C /* DBCH03 */, CommandOrigin.AccessControlBroker, false, Always,
                _ => new DlmsAccessList().Get(Cosem.Data("0-0:94.44.10.0")))),
        new EsmeDlmsTransform("6.29", "RequestCHFSubGHzChannelScan",
            new EsmeDlmsCommand("DBCH05", 0x010E /* DBCH05 */, CommandOrigin.AccessControlBroker, false, Always,
                _ => new DlmsAccessList().Set(Cosem.Data("0-0:94.44.10.1"), Protocol.Dlms.DlmsData.Unsigned(0)))),
    ];
}
