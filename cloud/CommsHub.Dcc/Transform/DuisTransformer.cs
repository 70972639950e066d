using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// Turns parsed DUIS Service Requests into GBCS (GBCS.md §1.3, §3.2-3.3; DESIGN.md Flows 1-2): picks the use case
/// (<see cref="TransformRegistry"/>), fills the grouping header by the origin rule (<see cref="CommandOrigin"/>), and
/// either applies the ACB MAC (non-critical; the few the ACB must also sign get its ECDSA signature first) or returns
/// the pre-command (critical, CV4). A signed pre-command (CV5-7)
/// is checked against the user's DS key and against the pre-command issued, then MAC'd
/// (<see cref="CompleteSignedPreCommand(byte[], byte[])"/>). XSD and XMLDSig checks are the intake's job. Thread-safe.
/// </summary>
public sealed class DuisTransformer
{
    private readonly IGbcsCrypto _crypto;
    private readonly IGbcsKeyStore _keys;

    /// <summary>Creates a transformer.</summary>
    /// <param name="crypto">GBCS primitives.</param>
    /// <param name="keys">Holds the ACB KA private key, device KA public keys and users' DS public keys.</param>
    /// <param name="accessControlBroker">The ACB's EUI (Business Originator of CHF commands; its KA key MACs every command).</param>
    /// <param name="registry">The transforms; <see cref="TransformRegistry.Default"/> when null.</param>
    public DuisTransformer(IGbcsCrypto crypto, IGbcsKeyStore keys, ulong accessControlBroker, TransformRegistry? registry = null)
    {
        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        AccessControlBroker = accessControlBroker;
        Registry = registry ?? TransformRegistry.Default;
    }

    /// <summary>The ACB EUI.</summary>
    public ulong AccessControlBroker { get; }

    /// <summary>The transforms in use.</summary>
    public TransformRegistry Registry { get; }

    /// <summary>
    /// The DCC's Transitional Change of Supplier party (Business Originator of 6.23's CS02b, signed with its DS key from
    /// the key store); null when this adapter has none, and 6.23 is then refused.
    /// </summary>
    public ulong? TransitionalCoS { get; init; }

    /// <summary>
    /// Transforms a Service Request (CV 1-3: MAC'd command; CV 4: pre-command). The request must already have passed
    /// intake and access control.
    /// </summary>
    /// <exception cref="DuisTransformException">see <see cref="TransformError"/>.</exception>
    public TransformResult Transform(DuisRequest request, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var cv = request.Header.CommandVariant;
        if (!Registry.Supports(request.Header.ServiceReferenceVariant))
            throw Registry.UnsupportedService(request.Header.ServiceReferenceVariant);
        if (cv is 5 or 6 or 7)
            throw new DuisTransformException(TransformError.WrongCommandVariant,
                $"CommandVariant {cv} carries a signed pre-command: complete it with the pre-command that was issued (CompleteSignedPreCommand)");
        if (cv == 8)
            throw new DuisTransformException(TransformError.WrongCommandVariant, "CommandVariant 8 is a non-device request: it has no GBCS command");
        var plan = Registry.Plan(request, context);
        if (plan.Critical && cv != 4)
            throw new DuisTransformException(TransformError.WrongCommandVariant,
                $"SRV {request.Header.ServiceReferenceVariant} ({plan.UseCase}) is critical: it must come as CommandVariant 4 (pre-command for signing), not {cv}");
        if (!plan.Critical && cv == 4)
            throw new DuisTransformException(TransformError.WrongCommandVariant,
                $"SRV {request.Header.ServiceReferenceVariant} ({plan.UseCase}) is not critical: CommandVariant 4 does not apply");

        if (plan.SignedByAccessControlBroker && (plan.Critical || !plan.Origin.IsAccessControlBroker()))
            throw new InvalidOperationException($"{plan.UseCase}: only a non-critical command the ACB originates can be signed by the ACB");

        var id = request.Header.RequestId;
        // On the user's behalf the ACB names the user as Supplementary Remote Party; in its own right it names nobody,
        // nor does the TransCoS.
        var byAcb = plan.Origin == CommandOrigin.AccessControlBroker;
        var header = plan.Origin switch
        {
            CommandOrigin.User => new CommandHeader(id.Originator, id.Counter, id.Target, id.Originator, id.Counter),
            CommandOrigin.TransitionalCoS => new CommandHeader(TransitionalCoS
                ?? throw new DuisTransformException(TransformError.MissingContext,
                    $"{plan.UseCase} for SRV {request.Header.ServiceReferenceVariant} is originated by the DCC's Transitional CoS party, and none is configured"),
                context.AcbOriginatorCounter, id.Target, id.Originator, id.Counter),
            _ => new CommandHeader(AccessControlBroker, context.AcbOriginatorCounter, id.Target, id.Originator, id.Counter),
        };
        // The TransCoS always signs what it originates (GBCS critical); the ACB signs only the plans that say so.
        var signedByDcc = plan.SignedByAccessControlBroker || plan.Origin == CommandOrigin.TransitionalCoS;
        var content = plan.BuildContent(header);
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = !plan.Critical,
            Cra = CraFlag.Command,
            OriginatorCounter = header.OriginatorCounter,
            Originator = header.Originator,
            Target = header.Target,
            MessageCode = plan.MessageCode,
            HasSupplementaryRemotePartyId = byAcb,
            SupplementaryRemotePartyId = byAcb ? id.Originator : 0,
            HasSupplementaryRemotePartyCounter = byAcb,
            SupplementaryRemotePartyCounter = byAcb ? id.Counter : 0,
            // RTDS pre-commands have no signature field at all (GBCS.md §1.3).
            Signature = plan.Critical ? SignatureKind.Absent : signedByDcc ? SignatureKind.Ecdsa : SignatureKind.Null,
        };
        if (plan.UnknownRemotePartyCertificate is { } offered)
        {
            // The SRP certificate needs the SRP id and counter, which only an ACB-originated command has.
            if (!byAcb) throw new InvalidOperationException($"{plan.UseCase}: an Unknown Remote Party plan must be ACB-originated");
            b.SupplementaryRemotePartyCertificate = UnknownRemotePartyCertificate(plan.UseCase, id.Originator, offered);
        }
        b.SetContent(content);
        var frame = plan.Critical ? b.Build() : BuildWithAcbMac(b, signedByDcc ? SigningKeyOf(header.Originator) : null);
        return new TransformResult(frame, plan.Critical, plan.UseCase, plan.MessageCode, plan.Origin,
            header.Originator, header.OriginatorCounter, header.Target, context.CommsHub);
    }

    /// <summary>
    /// The KA certificate an Unknown Remote Party command carries for <paramref name="user"/>: the one the DCC's SMKI
    /// view (the key store) holds, which the device will use, else the one the request offers. A request offering a
    /// certificate for another key is refused rather than silently overridden: the user asked for a read protected for
    /// a key the command would not carry. A re-issue of the same key (new serial) is accepted.
    /// </summary>
    /// <exception cref="DuisTransformException">InvalidBody: the offered certificate's public key is not the stored one.</exception>
    private byte[] UnknownRemotePartyCertificate(string useCase, ulong user, byte[] offered)
    {
        if ((_keys as IGbcsCertificateStore)?.GetCertificate(user, KeyUsage.KeyAgreement, false) is not { } stored) return offered;
        using var held = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(stored);
        using var asked = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(offered);
        if (!held.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(asked.PublicKey.EncodedKeyValue.RawData))
            throw new DuisTransformException(TransformError.InvalidBody,
                $"{useCase}: sr:KAPublicSecurityCredentials carries a key agreement public key that is not the one the DCC holds " +
                $"for user {user:X16} (certificate serial {asked.SerialNumber}, held serial {held.SerialNumber})");
        return stored;
    }

    /// <summary>
    /// Completes a critical command: checks that <paramref name="signedPreCommand"/> (a <c>DF</c> message with a 64-byte
    /// signature, the CV5-7 GBCSPayload) is exactly <paramref name="issuedPreCommand"/> plus a signature, that the
    /// signature verifies with the Business Originator's (the user's) DS public key, then wraps it in the MAC header and
    /// applies the ACB MAC. Returns the command to send.
    /// </summary>
    /// <exception cref="DuisTransformException">PreCommandMalformed, PreCommandMismatch, PreCommandSignatureInvalid, MissingKey.</exception>
    public byte[] CompleteSignedPreCommand(byte[] issuedPreCommand, byte[] signedPreCommand)
    {
        ArgumentNullException.ThrowIfNull(issuedPreCommand);
        ArgumentNullException.ThrowIfNull(signedPreCommand);
        GbcsMessage signed;
        try { signed = GbcsFrameParser.Parse(signedPreCommand); }
        catch (GbcsFormatException ex)
        {
            throw new DuisTransformException(TransformError.PreCommandMalformed, $"the signed pre-command is not a GBCS message: {ex.Message}", ex);
        }
        if (signed.Form != GbcsForm.Signed || signed.Cra != CraFlag.Command)
            throw new DuisTransformException(TransformError.PreCommandMalformed,
                $"the signed pre-command must be a DF command with a 64-byte signature, found a {signed.Form} {signed.Cra}");
        var issued = GbcsFrameParser.Parse(issuedPreCommand);
        var issuedEnd = issued.ContentOffset + issued.ContentLength;
        var signedEnd = signed.ContentOffset + signed.ContentLength;
        if (!issuedPreCommand.AsSpan(0, issuedEnd).SequenceEqual(signedPreCommand.AsSpan(0, signedEnd)))
        {
            var common = issuedPreCommand.AsSpan(0, issuedEnd).CommonPrefixLength(signedPreCommand.AsSpan(0, signedEnd));
            throw new DuisTransformException(TransformError.PreCommandMismatch,
                $"the signed pre-command differs from the one issued (first difference at byte {common}; issued {issuedEnd} bytes before the signature, signed {signedEnd})");
        }
        var verifier = new GbcsMessageVerifier(_crypto, _keys, AccessControlBroker);
        switch (verifier.CheckSignature(signed))
        {
            case CheckResult.Valid:
                break;
            case CheckResult.NoKey:
                throw new DuisTransformException(TransformError.MissingKey,
                    $"no DS public key for {Eui64.ToText(signed.Originator)} (the user who must sign the pre-command)");
            default:
                throw new DuisTransformException(TransformError.PreCommandSignatureInvalid,
                    $"the pre-command's signature does not verify with the DS key of {Eui64.ToText(signed.Originator)}");
        }
        var b = GbcsFrameBuilder.FromMessage(signed);
        b.WithMacHeader = true;
        b.Mac = null;
        b.CipheredLengthWidth = 0;
        return BuildWithAcbMac(b);
    }

    /// <summary>
    /// Completes a CV5-7 request: reads its <c>SignedPreCommand/GBCSPayload</c> and calls
    /// <see cref="CompleteSignedPreCommand(byte[], byte[])"/>.
    /// </summary>
    public byte[] CompleteSignedPreCommand(byte[] issuedPreCommand, DuisRequest signedPreCommandRequest) =>
        CompleteSignedPreCommand(issuedPreCommand, ReadSignedPreCommand(signedPreCommandRequest));

    /// <summary>The GBCSPayload of a CV5-7 SignedPreCommand request, decoded from base64.</summary>
    /// <exception cref="DuisTransformException">not CV5-7, no SignedPreCommand, or bad base64.</exception>
    public static byte[] ReadSignedPreCommand(DuisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Header.CommandVariant is not (5 or 6 or 7))
            throw new DuisTransformException(TransformError.WrongCommandVariant,
                $"a signed pre-command comes as CommandVariant 5, 6 or 7, not {request.Header.CommandVariant}");
        if (request.BodyName != "SignedPreCommand")
            throw DuisBody.Invalid($"CommandVariant {request.Header.CommandVariant} needs sr:SignedPreCommand, found sr:{request.BodyName}");
        var text = DuisBody.RequiredText(request.BodyElement, "GBCSPayload");
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { throw DuisBody.Invalid("sr:GBCSPayload is not base64"); }
    }

    // The build, re-parse and MAC step is Protocol's GbcsProtector, as on the hub and the virtual meters; a protector
    // per command keeps the transformer thread-safe.
    private byte[] BuildWithAcbMac(GbcsFrameBuilder b, IGbcsPrivateKey? signer = null)
    {
        var acbKey = _keys.GetPrivateKey(AccessControlBroker, KeyUsage.KeyAgreement, false)
            ?? throw new DuisTransformException(TransformError.MissingKey,
                $"no KA private key for the ACB {Eui64.ToText(AccessControlBroker)}: the command cannot be MAC'd");
        var devicePublic = _keys.GetPublicKey(b.Target, KeyUsage.KeyAgreement, false)
            ?? throw new DuisTransformException(TransformError.MissingKey,
                $"no KA public key (certificate) for device {Eui64.ToText(b.Target)}: the command cannot be MAC'd");
        var protector = new GbcsProtector(_crypto);
        var built = signer is not null
            ? protector.BuildSignedMac(b, signer, acbKey, devicePublic)
            : protector.BuildMac(b, acbKey, devicePublic);
        if (!built)
            throw new DuisTransformException(TransformError.MissingKey,
                $"the KA public key of device {Eui64.ToText(b.Target)} is not a valid P-256 point");
        return protector.ToArray();
    }

    // The adapter is the DCC: it holds the DS keys of its parties (ACB, TransCoS) as it holds the ACB's KA key, and signs
    // the commands they must sign.
    private IGbcsPrivateKey SigningKeyOf(ulong party) =>
        _keys.GetPrivateKey(party, KeyUsage.DigitalSignature, false)
            ?? throw new DuisTransformException(TransformError.MissingKey,
                $"no DS private key for the DCC party {Eui64.ToText(party)}: the command it must sign cannot be signed");
}
