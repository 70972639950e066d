using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// What a virtual meter holds, like its real counterpart's secure element: its own KA and DS private keys, and the
/// public keys of the remote parties it deals with (its trust anchors: the ACB, whose KA key MACs every command,
/// and suppliers / network operators, whose KA keys pair with its responses and whose DS keys sign critical commands).
/// </summary>
/// <param name="KeyAgreement">The device's KA private key (command MACs in, response and alert MACs out).</param>
/// <param name="DigitalSignature">The device's DS private key (responses to critical commands, critical alerts).</param>
/// <param name="RemoteParties">Remote parties' public keys (private keys in it are never used by the device).</param>
/// <param name="AccessControlBroker">EUI of the ACB whose KA key MACs commands.</param>
/// <param name="Parties">
/// The party each remote party role's trust anchor cells were installed for (role number as GBCS numbers it: 2
/// supplier, 3 network operator, ...); the ACB's role is <paramref name="AccessControlBroker"/>. Null: only the ACB.
/// </param>
public sealed record MeterKeys(IGbcsPrivateKey KeyAgreement, IGbcsPrivateKey DigitalSignature, IGbcsKeyStore RemoteParties, ulong AccessControlBroker,
    IReadOnlyDictionary<int, ulong>? Parties = null);
