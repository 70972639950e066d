using CommsHub.Protocol.Crypto;

namespace CommsHub.Dcc.Smki;

/// <summary>An organisation to mint: GBCS key pairs in its role, plus optionally a DUIS XML-signing pair.</summary>
/// <param name="Eui">The party's EUI-64 (User ID).</param>
/// <param name="Name">CN of its certificates, for people reading them.</param>
/// <param name="Role">SMKI Remote Party Role (<see cref="SmkiRoles"/>), written as the OU.</param>
/// <param name="Usages">GBCS key pairs to mint (KA and/or DS), one certificate each.</param>
/// <param name="XmlSign">Mint a user XML-signing pair (OU 87) for signing DUIS requests.</param>
/// <param name="DspXmlSign">Mint the DSP XML-signing pair (OU 89) for signing DUIS responses.</param>
public sealed record SmkiOrganisation(ulong Eui, string Name, byte Role, IReadOnlyList<KeyUsage> Usages, bool XmlSign = false, bool DspXmlSign = false);

/// <summary>A device to mint KA and DS device certificates for.</summary>
/// <param name="Eui">The device's EUI-64.</param>
/// <param name="Type">What it is ("chf", "gpf", "esme", "gsme"): informational, device certificates do not say.</param>
/// <param name="Hub">The comms hub (CHF) it hangs off; its own EUI for a CHF.</param>
public sealed record SmkiDevice(ulong Eui, string Type, ulong Hub)
{
    /// <summary>True for a Communications Hub Function.</summary>
    public bool IsHub => Type == "chf";
}

/// <summary>What a test SMKI holds: organisations and devices.</summary>
public sealed record SmkiPlan(IReadOnlyList<SmkiOrganisation> Organisations, IReadOnlyList<SmkiDevice> Devices);

/// <summary>
/// The demo identities minted on a fresh data directory. EUIs start 02-C0-4B: the 0x02 bit marks a locally
/// administered identifier, so none of them can clash with a real allocated EUI-64 or with the ZAZ1/RTDS ones.
/// </summary>
public static class DemoIdentities
{
    /// <summary>The DCC: Access Control Broker (KA, DS) and DSP XML signer.</summary>
    public const ulong Dcc = 0x02C04B0000000002;
    /// <summary>A supplier (DUIS roles IS and GS).</summary>
    public const ulong Supplier = 0x02C04B0000010000;
    /// <summary>A network operator (DUIS roles ED and GT).</summary>
    public const ulong NetworkOperator = 0x02C04B0000020000;
    /// <summary>An other user (DUIS role OU).</summary>
    public const ulong OtherUser = 0x02C04B0000030000;

    private static readonly KeyUsage[] Both = [KeyUsage.KeyAgreement, KeyUsage.DigitalSignature];

    /// <summary>The CHF EUIs of the demo hubs: 02C04B10000001A2 and 02C04B10000002A2.</summary>
    public static IReadOnlyList<ulong> Hubs { get; } = [0x02C04B10000001A2, 0x02C04B10000002A2];

    /// <summary>The default plan: the four parties above and, per hub, its CHF, GPF, ESME and GSME (…A2, A3, A0, A1).</summary>
    public static SmkiPlan Plan { get; } = new(
        [
            new SmkiOrganisation(Dcc, "CommsHub DCC", SmkiRoles.AccessControlBroker, Both, DspXmlSign: true),
            new SmkiOrganisation(Supplier, "Demo Supplier", SmkiRoles.Supplier, Both, XmlSign: true),
            new SmkiOrganisation(NetworkOperator, "Demo Network Operator", SmkiRoles.NetworkOperator, Both, XmlSign: true),
            new SmkiOrganisation(OtherUser, "Demo Other User", SmkiRoles.OtherUser, Both, XmlSign: true),
        ],
        Hubs.SelectMany(hub => new[]
        {
            new SmkiDevice(hub, "chf", hub),
            new SmkiDevice(hub + 1, "gpf", hub),
            new SmkiDevice(hub - 2, "esme", hub),
            new SmkiDevice(hub - 1, "gsme", hub),
        }).ToList());
}
