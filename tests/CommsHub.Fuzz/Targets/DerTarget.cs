using CommsHub.Protocol.Asn1;

namespace CommsHub.Fuzz.Targets;

/// <summary>The ASN.1 DER use-case decoders built on <see cref="DerReader"/> (CS06, CS07, CCS08).</summary>
public sealed class DerTarget : FuzzTarget
{
    /// <inheritdoc/>
    public override string Name => "der";

    /// <inheritdoc/>
    public override string Summary => "Cs06ActivateFirmwareCommand, Cs06ExecutionOutcome, Cs06FirmwareActivationAlert, Cs07ReadDeviceJoinDetails, Ccs08FirmwareTransferAlert decoders; refusal: GbcsFormatException";

    /// <inheritdoc/>
    public override bool Execute(byte[] input)
    {
        // Every decoder runs (no short-circuit): each reads the input its own way.
        var accepted = GbcsRefusal.Run(() => Cs06ActivateFirmwareCommand.Decode(input, 0, input.Length));
        accepted |= GbcsRefusal.Run(() => Cs06ExecutionOutcome.Decode(input, 0, input.Length));
        accepted |= GbcsRefusal.Run(() => Cs06FirmwareActivationAlert.Decode(input, 0, input.Length));
        accepted |= GbcsRefusal.Run(() => Cs07ReadDeviceJoinDetails.DecodeRequest(input, 0, input.Length));
        accepted |= GbcsRefusal.Run(() => Cs07ReadDeviceJoinDetails.Decode(input, 0, input.Length));
        accepted |= GbcsRefusal.Run(() => Ccs08FirmwareTransferAlert.Decode(input, 0, input.Length));
        return accepted;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() =>
        SeedCorpus.RtdsContents(c => c[0] == DerTag.Sequence)
            .Select(x => new SeedInput(SeedCorpus.SafeName(x.Entry.File), x.Content))
            .Concat(SeedCorpus.CertificateDer(max: 8))
            .ToList();
}
