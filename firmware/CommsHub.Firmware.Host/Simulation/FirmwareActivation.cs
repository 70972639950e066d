using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A meter's side of CS06 Activate Firmware (GBCS.md §4): the running firmware version, the image the device holds
/// (received over the HAN before activation) and at most one pending future-dated activation. An immediate command
/// is answered with its outcome (0 success, 1 no image held, 2 hash mismatch); a future-dated one with the ASN.1
/// NULL "command accepted", and it runs at its time (<see cref="RunDue"/>), its outcome then travelling in the 0x00CA
/// alert. The execution time 9999-12-31 23:59:59 cancels the pending activation.
/// </summary>
public sealed class FirmwareActivation
{
    /// <summary>Alert code of a future-dated activation that was actioned.</summary>
    public const int ActionedAlertCode = 0x8F66;

    /// <summary>Alert code of a future-dated activation that was not actioned.</summary>
    public const int NotActionedAlertCode = 0x8F67;

    /// <summary>Outcome: the image was activated.</summary>
    public const int Success = 0;

    /// <summary>Outcome: the device holds no image.</summary>
    public const int NoImageHeld = 1;

    /// <summary>Outcome: the held image's hash is not the one the command names.</summary>
    public const int HashMismatch = 2;

    private static readonly DateTime Cancellation = new(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    private Pending? _pending;

    /// <summary>A device running <paramref name="version"/>.</summary>
    public FirmwareActivation(byte[] version) => RunningVersion = version;

    /// <summary>The version the device runs.</summary>
    public byte[] RunningVersion { get; private set; }

    /// <summary>SHA-256 of the manufacturer image the device holds, or null when it holds none.</summary>
    public byte[]? HeldImageHash { get; private set; }

    /// <summary>The version the held image installs.</summary>
    public byte[]? HeldImageVersion { get; private set; }

    /// <summary>When the pending activation runs, or null when none is pending.</summary>
    public DateTime? PendingAt => _pending?.At;

    /// <summary>Sets the version the device runs (tests, ECS52).</summary>
    public void SetRunningVersion(byte[] version) => RunningVersion = version;

    /// <summary>Gives the device an image (as its HAN firmware transfer would) with its hash and the version it installs.</summary>
    public void Hold(byte[] manufacturerImageHash, byte[] version)
    {
        HeldImageHash = manufacturerImageHash;
        HeldImageVersion = version;
    }

    /// <summary>
    /// Executes or schedules <paramref name="command"/> from <paramref name="originator"/>; returns the response
    /// payload: the outcome now, or "command accepted" for a future-dated or cancelling command.
    /// </summary>
    public byte[] Handle(Cs06ActivateFirmwareCommand command, ulong originator)
    {
        if (command.ExecutionDateTime is null) return Activate(command.ManufacturerImageHash).Encode();
        var at = GeneralizedTime.Parse(command.ExecutionDateTime);
        _pending = at == Cancellation ? null : new Pending(at, command.ExecutionDateTime, command.ManufacturerImageHash, command.OriginatorCounter, originator);
        return Cs06ExecutionOutcome.EncodeCommandAccepted();
    }

    /// <summary>
    /// Runs the pending activation when it is due at <paramref name="now"/>: the 0x00CA alert payload and the party it
    /// goes to (the command's originator), or null when nothing is due.
    /// </summary>
    public (byte[] Payload, ulong Recipient)? RunDue(DateTime now)
    {
        if (_pending is not { } p || now < p.At) return null;
        _pending = null;
        var outcome = Activate(p.Hash);
        var alert = new Cs06FirmwareActivationAlert
        {
            AlertCode = outcome.ResponseCode == Success ? ActionedAlertCode : NotActionedAlertCode,
            ExecutionDateTime = p.AtText,
            OriginatorCounter = p.OriginatorCounter,
            Outcome = outcome,
        };
        return (alert.Encode(), p.Originator);
    }

    private Cs06ExecutionOutcome Activate(byte[] hash)
    {
        int code = HeldImageHash is null ? NoImageHeld
            : !HeldImageHash.AsSpan().SequenceEqual(hash) ? HashMismatch
            : Success;
        if (code == Success) RunningVersion = HeldImageVersion!;
        return new Cs06ExecutionOutcome { ResponseCode = code, FirmwareVersion = RunningVersion };
    }

    private sealed record Pending(DateTime At, string AtText, byte[] Hash, long OriginatorCounter, ulong Originator);
}
