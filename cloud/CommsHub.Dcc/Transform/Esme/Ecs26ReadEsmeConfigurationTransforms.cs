using CommsHub.Protocol.Asn1;
using static CommsHub.Dcc.Transforms.Esme.CosemClass;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 6.2.x Read Device Configuration on an ESME or CHF: each a DLMS get of a fixed list of COSEM attributes (GBCS use
/// cases ECS26b-n, ECS40, ECS25r1/r2). The variant (single-phase or polyphase), the device's generation and, for
/// ECS25r, the user's role pick the use case; the body carries nothing else.
/// </summary>
internal static class Ecs26ReadEsmeConfigurationTransforms
{
    /// <summary>ESME voltage configuration: the four limiters' thresholds and periods, the RMS over/under voltage thresholds of phase 1.</summary>
    private static readonly Cosem[] VoltageSinglePhase =
    [
        Cosem.Of(Limiter, "0-0:17.0.1.255", 4), Cosem.Of(Limiter, "0-0:17.0.1.255", 6),
        Cosem.Of(Limiter, "0-0:17.0.2.255", 4), Cosem.Of(Limiter, "0-0:17.0.2.255", 6),
        Cosem.Of(Limiter, "0-0:17.0.3.255", 4), Cosem.Of(Limiter, "0-0:17.0.3.255", 6),
        Cosem.Of(Limiter, "0-0:17.0.4.255", 4), Cosem.Of(Limiter, "0-0:17.0.4.255", 6),
        Cosem.Data("1-0:32.35.0.4"), Cosem.Data("1-0:32.31.0.4"),
    ];

    /// <summary>ECS26k: the single-phase list plus phases 2 and 3 (under then over voltage, as GBCS orders them).</summary>
    private static readonly Cosem[] VoltagePolyPhase =
    [
        .. VoltageSinglePhase,
        Cosem.Data("1-0:52.31.0.4"), Cosem.Data("1-0:52.35.0.4"),
        Cosem.Data("1-0:72.31.0.4"), Cosem.Data("1-0:72.35.0.4"),
    ];

    private static readonly Cosem ManufacturerIdentifier = Cosem.Data("0-0:96.1.1.255");
    private static readonly Cosem FirmwareVersionIdentity = Cosem.Data("0-0:96.1.2.255");
    private static readonly Cosem ModelType = Cosem.Data("0-0:96.1.4.255");
    private static readonly Cosem DeviceIdentity = Cosem.Data("0-0:96.1.6.255");
    private static readonly Cosem SupplyTamperState = Cosem.Data("0-0:94.44.0.4");
    private static readonly Cosem BillingCalendar = Cosem.Of(SingleActionSchedule, "0-0:15.0.0.255", 4);

    /// <summary>The 6.2.x transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All()
    {
        yield return new EsmeDlmsTransform("6.2.1", "ReadDeviceConfigurationVoltage",
            Read("ECS26k", 0x00C6, r => IsEsme(r) && r.Profile.Variant == EsmeVariant.Polyphase, VoltagePolyPhase),
            Read("ECS26b", 0x003C, IsEsme, VoltageSinglePhase));
        yield return new EsmeDlmsTransform("6.2.2", "ReadDeviceConfigurationRandomisation",
            Read("ECS26c", 0x003D, IsEsme,
                Cosem.Data("0-0:94.44.0.0"), Cosem.Data("0-0:94.44.0.2"), Cosem.Data("0-0:94.44.0.1")));
        yield return new EsmeDlmsTransform("6.2.3", "ReadDeviceConfigurationBillingCalendar",
            Read("ECS26d", 0x003E, r => IsEsme(r) && r.Profile.OlderGbcsVersion, BillingCalendar),
            Read("ECS26l", 0x00D9, IsEsme, BillingCalendar));
        yield return new EsmeDlmsTransform("6.2.4", "ReadDeviceConfigurationIdentityExcMPxN",
            Read("ECS26e", 0x003F, r => IsEsme(r) && r.Profile.OlderGbcsVersion,
                ManufacturerIdentifier, FirmwareVersionIdentity, ModelType, DeviceIdentity, SupplyTamperState),
            Read("ECS26m", 0x00F9, IsEsme, FirmwareVersionIdentity, ModelType, DeviceIdentity, SupplyTamperState),
            ReadByAcb("ECS26i", 0x0092, r => IsChf(r) && r.Profile.OlderGbcsVersion, ManufacturerIdentifier, ModelType, DeviceIdentity),
            ReadByAcb("ECS26n", 0x00FA, IsChf, ModelType, DeviceIdentity));
        yield return new EsmeDlmsTransform("6.2.5", "ReadDeviceConfigurationInstantaneousPowerThresholds",
            Read("ECS26f", 0x0040, IsEsme, Cosem.Of(RegisterMonitor, "0-0:16.0.0.255", 2)));
        yield return new EsmeDlmsTransform("6.2.7", "ReadDeviceConfigurationMPxN",
            Read("ECS40", 0x004E, IsEsme, Cosem.Data("0-0:94.44.34.11"), Cosem.Data("1-0:0.0.2.255")));
        yield return new EsmeDlmsTransform("6.2.9", "ReadDeviceConfigurationPaymentMode",
            Read("ECS26j", 0x00BE, IsEsme, Cosem.Of(Account, "0-0:19.0.0.255", 2)));
        // Event and alert behaviours: the supplier's four configuration objects (0-30:...) or the network operator's
        // two (0-33:...), by the user's role.
        yield return new EsmeDlmsTransform("6.2.10", "ReadDeviceConfigurationEventAndAlertBehaviours",
            Read("ECS25r2", 0x00EF, r => IsEsme(r) && r.ByNetworkOperator,
                Cosem.Data("0-33:97.98.15.255"), Cosem.Data("0-33:97.98.18.255")),
            Read("ECS25r1", 0x00EE, IsEsme,
                Cosem.Data("0-30:97.98.15.255"), Cosem.Data("0-30:97.98.16.255"), Cosem.Data("0-30:97.98.17.255"), Cosem.Data("0-30:97.98.18.255")));
    }

    internal static bool IsEsme(EsmeRequest r) => r.Target == DeviceType.Esme;

    internal static bool IsChf(EsmeRequest r) => r.Target == DeviceType.Chf;

    /// <summary>A user-originated get of <paramref name="attributes"/>.</summary>
    internal static EsmeDlmsCommand Read(string useCase, int code, Func<EsmeRequest, bool> applies, params Cosem[] attributes) =>
        new(useCase, code, CommandOrigin.User, false, applies, _ => DlmsAccessList.Reads(attributes));

    /// <summary>An ACB-originated get of <paramref name="attributes"/> (CHF reads and the ESME reads RTDS routes via the ACB).</summary>
    internal static EsmeDlmsCommand ReadByAcb(string useCase, int code, Func<EsmeRequest, bool> applies, params Cosem[] attributes) =>
        new(useCase, code, CommandOrigin.AccessControlBroker, false, applies, _ => DlmsAccessList.Reads(attributes));
}
