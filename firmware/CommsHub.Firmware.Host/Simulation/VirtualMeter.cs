using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Asn1;
using CommsHub.Firmware.Host.Simulation.Asn1;
using CommsHub.Firmware.Host.Simulation.Credentials;
using CommsHub.Firmware.Host.Simulation.Faults;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A simulated HAN device. It knows only what a real one knows: its EUI-64, its install code (from which its join
/// link key is derived), its own keys and its trust anchors. It joins through the <see cref="SimulatedHan"/> (which
/// admits it only while the hub's device log arms its link key), checks every command (<see cref="MeterSecurity"/>),
/// answers with protected responses (<see cref="MeterFrames"/>) and raises alerts on demand. Subclasses supply the
/// use cases. Owned by the hub loop: not thread-safe.
/// </summary>
public abstract class VirtualMeter
{
    /// <summary>Supplier the RTDS alerts go to (90B3D51F30010000), the default alert recipient.</summary>
    public const ulong RtdsSupplier = 0x90B3D51F30010000;

    /// <summary>Alert code RTDS's generic non-critical ESME alert carries (NA_GNCA-DLMS, 0x810E).</summary>
    public const int RtdsNonCriticalAlertCode = 0x810E;

    private readonly MeterSecurity _security;
    private ulong _ownCounter;

    /// <summary>A meter with these identity and keys.</summary>
    protected VirtualMeter(ulong eui, DeviceType type, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(installCode);
        ArgumentNullException.ThrowIfNull(keys);
        Eui = eui;
        DeviceType = type;
        InstallCode = (byte[])installCode.Clone();
        // The trust anchors are state the meter changes (CS02b): every check and response reads them through the cells.
        var parties = new Dictionary<int, ulong>(keys.Parties ?? new Dictionary<int, ulong>()) { [TrustAnchorCells.AccessControlBrokerRole] = keys.AccessControlBroker };
        TrustAnchors = new TrustAnchorCells(keys.RemoteParties, parties);
        CredentialDetails = new ProvideSecurityCredentialDetails(TrustAnchors);
        Certificates = new DeviceCertificates(keys);
        Credentials = new UpdateSecurityCredentials(TrustAnchors);
        Keys = keys with { RemoteParties = TrustAnchors };
        Crypto = crypto;
        _security = new MeterSecurity(crypto, Keys);
        Frames = new MeterFrames(crypto, eui, Keys);
        // Alerts need a counter that rises across restarts although the meter keeps no state: start from the clock.
        _ownCounter = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 8;
    }

    /// <summary>The device's EUI-64.</summary>
    public ulong Eui { get; }

    /// <summary>What kind of device it is (as the device log records it).</summary>
    public DeviceType DeviceType { get; }

    /// <summary>The install code printed on the device (16 bytes in a GBCS CCS01).</summary>
    public byte[] InstallCode { get; }

    /// <summary>The device's keys and trust anchors.</summary>
    public MeterKeys Keys { get; }

    /// <summary>True for devices that sleep and poll the hub's mailbox (GSME).</summary>
    public virtual bool IsSleepy => false;

    /// <summary>Where alerts go when no recipient is named (default the RTDS supplier).</summary>
    public ulong AlertRecipient { get; set; } = RtdsSupplier;

    /// <summary>True while joined to the hub's HAN.</summary>
    public bool IsJoined { get; internal set; }

    /// <summary>The trust-centre link key established at the last join (null before the first one).</summary>
    public byte[]? TcLinkKey { get; internal set; }

    /// <summary>Commands answered.</summary>
    public int CommandsAnswered { get; private set; }

    /// <summary>Commands dropped, by the last reason.</summary>
    public int CommandsRejected { get; private set; }

    /// <summary>Why the last command was dropped.</summary>
    public MeterRejection LastRejection { get; private set; }

    /// <summary>Join attempts refused (wrong link key, no permit, or the hub refused).</summary>
    public int JoinFailures { get; internal set; }

    /// <summary>
    /// Raised for every command that passed the device's checks, just before it is executed (on the hub loop). A test rig
    /// counts executions from it (<see cref="Runtime.ExecutionRecord"/>): a command seen here twice ran twice.
    /// </summary>
    public event Action<VirtualMeter, GbcsMessage>? Executing;

    /// <summary>Faults a test rig arms to make the device fail a command as a faulty one would (<see cref="CommandFault"/>).</summary>
    public DeviceFaults Faults { get; } = new();

    /// <summary>The meter's own join use cases: join, unjoin and read its HAN partners.</summary>
    public MeterJoinCommands JoinCommands { get; } = new();

    /// <summary>The device's trust anchor cells (what CS02b/CS02g replace).</summary>
    public TrustAnchorCells TrustAnchors { get; }

    /// <summary>The device's side of CS02b/CS02g Update Security Credentials.</summary>
    public UpdateSecurityCredentials Credentials { get; }

    /// <summary>The device's side of CS02a/CS02f Provide Security Credential Details.</summary>
    public ProvideSecurityCredentialDetails CredentialDetails { get; }

    /// <summary>The device's own certificates (CS02d stores, CS02e provides).</summary>
    public DeviceCertificates Certificates { get; }

    /// <summary>The fault the command being executed tripped (null: none); subclasses hand it to their command servers.</summary>
    protected CommandFault? ActiveFault { get; private set; }

    /// <summary>The radio the meter is attached to (set by <see cref="SimulatedHan.Attach"/>).</summary>
    internal SimulatedHan? Radio { get; set; }

    /// <summary>Crypto primitives.</summary>
    protected IGbcsCrypto Crypto { get; }

    /// <summary>Frame builder for this device.</summary>
    protected MeterFrames Frames { get; }

    /// <summary>The link key this device joins with: AES-MMO of its install code with CRC (ZigBee SE).</summary>
    public byte[]? JoinLinkKey(IAes128 aes) => Core.Crypto.InstallCode.DeriveLinkKey(aes, InstallCode);

    /// <summary>
    /// Handles one GBCS frame from the hub: the protected answer, or null when the command was dropped (nothing goes
    /// back, as a device discards what it cannot authenticate).
    /// </summary>
    public byte[]? Handle(byte[] frame, int offset, int count)
    {
        GbcsMessage m;
        try
        {
            m = GbcsFrameParser.Parse(frame, offset, count);
        }
        catch (GbcsFormatException)
        {
            return Reject(MeterRejection.NotForMe);
        }
        var why = _security.Check(m, Eui);
        if (why != MeterRejection.None) return Reject(why);
        Executing?.Invoke(this, m);
        byte[]? answer;
        ActiveFault = Faults.Take(m);
        try
        {
            answer = (JoinCommands.Answer(m, ActiveFault) ?? Credentials.Answer(m) ?? CredentialDetails.Answer(m, ActiveFault) ?? Certificates.Answer(m, ActiveFault) ?? Execute(m)) is { } payload ? Frames.Response(m, payload, ResponseDateTime(m)) : NotSupported(m);
        }
        catch (GbcsFormatException)
        {
            // Authenticated but not a payload this use case accepts: answered like an unsupported command.
            TrustAnchors.DiscardStaged();
            answer = NotSupported(m);
        }
        finally
        {
            ActiveFault = null;
            TrustAnchors.ApplyStaged();
        }
        // Authenticated and fresh: the counter is spent whatever the outcome, so it can never run twice.
        _security.Accept(m);
        if (answer is not null) CommandsAnswered++;
        return answer;
    }

    /// <summary>
    /// Builds an alert: a DLMS data-notification with <paramref name="alertCode"/> and the current time, MAC'd device
    /// KA x recipient KA (message code 0x1001 generic non-critical alert, as RTDS NA_GNCA-DLMS). Null when the
    /// recipient's KA public key is not held.
    /// </summary>
    public byte[]? BuildAlert(int alertCode, ulong? recipient = null)
    {
        ulong counter = NextCounter();
        var n = DataNotification.Alert(AccessRequest.InvokeIdFor(counter), alertCode, DlmsDateTime.FromUtc(DateTime.UtcNow), []);
        return Frames.MacAlert(counter, recipient ?? AlertRecipient, GenericNonCriticalAlertCode, n.Encode());
    }

    /// <summary>Raises an alert now through the radio; false when not joined or not buildable.</summary>
    public bool RaiseAlert(int alertCode, ulong? recipient = null)
    {
        if (!IsJoined || Radio is null) return false;
        var frame = BuildAlert(alertCode, recipient);
        return frame is not null && Radio.FromDevice(Eui, frame);
    }

    /// <summary>Called by the hub loop every tick (sleepy devices poll from here).</summary>
    public virtual void Tick(DateTime now)
    {
    }

    /// <summary>Message code of a generic non-critical alert.</summary>
    public const int GenericNonCriticalAlertCode = 0x1001;

    /// <summary>Message code of ECS100 Command not supported by Device.</summary>
    public const int CommandNotSupportedMessageCode = 0x0120;

    /// <summary>The response payload for an authenticated command, or null when the device does not support it.</summary>
    /// <exception cref="GbcsFormatException">the payload does not decode for its use case.</exception>
    protected abstract byte[]? Execute(GbcsMessage command);

    /// <summary>Optional header date-time of a response (default none).</summary>
    protected virtual byte[]? ResponseDateTime(GbcsMessage command) => null;

    /// <summary>The device's next own originator counter.</summary>
    protected ulong NextCounter() => ++_ownCounter;

    /// <summary>
    /// The party a response to <paramref name="command"/> is read by, whose KA key its encrypted content pairs with
    /// (GBCS.md §3.2 KDF recipient): the Supplementary Remote Party if the command names one, else its originator.
    /// </summary>
    protected static ulong ResponseRecipient(GbcsMessage command) =>
        command.HasSupplementaryRemotePartyId ? command.SupplementaryRemotePartyId : command.Originator;

    /// <summary>
    /// Encrypts <paramref name="plain"/> for the response to <paramref name="command"/>: <c>31 | IC | ciphertext | tag</c>
    /// under device KA x <see cref="ResponseRecipient"/> KA, with the command's key counter. Null when that party's KA
    /// public key is not held (nobody could read the answer). Every piece of one response shares the key, so each
    /// passes its own <paramref name="invocationCounter"/> (0, 1, ...: the IV's last four bytes) and no IV repeats.
    /// </summary>
    protected byte[]? EncryptForResponse(GbcsMessage command, byte[] plain, uint invocationCounter = 0)
    {
        ulong recipient = ResponseRecipient(command);
        var peer = Keys.RemoteParties.GetPublicKey(recipient, KeyUsage.KeyAgreement, false);
        if (peer is null) return null;
        var protectedBytes = new byte[plain.Length + EncryptedContent.Overhead];
        return new GbcsPayloadCipher(Crypto).Encrypt(Keys.KeyAgreement, peer, Eui, GbcsPayloadCipher.KeyCounter(command), recipient,
            invocationCounter, plain, 0, plain.Length, protectedBytes, 0) ? protectedBytes : null;
    }

    // The engine's choice for the CHF, repeated here: ECS100 (0x0120), alert 0x8F85 whose octet string is the
    // command's message code and originator counter, signed by the device, to the command's originator.
    private byte[] NotSupported(GbcsMessage m)
    {
        var detail = new byte[10];
        BigEndian.WriteUInt16(detail, 0, m.MessageCode);
        BigEndian.WriteUInt64(detail, 2, m.OriginatorCounter);
        ulong counter = NextCounter();
        var n = DataNotification.Alert(AccessRequest.InvokeIdFor(counter), EventCodes.CommandNotSupported,
            DlmsDateTime.FromUtc(DateTime.UtcNow), [DlmsData.OctetString(detail)]);
        return Frames.SignedAlert(counter, m.Originator, CommandNotSupportedMessageCode, n.Encode(), m);
    }

    private byte[]? Reject(MeterRejection why)
    {
        CommandsRejected++;
        LastRejection = why;
        Rejected(why);
        return null;
    }

    /// <summary>Called when a command is dropped (a device that keeps a security log records it there; default nothing).</summary>
    protected virtual void Rejected(MeterRejection why)
    {
    }
}
