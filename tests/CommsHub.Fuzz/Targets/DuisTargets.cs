using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// The DUIS intake pieces in <c>cloud/CommsHub.Dcc/Duis</c>, whose one documented refusal is
/// <see cref="DuisRejectedException"/> ("the only exception type the intake pieces throw for bad input").
/// </summary>
public abstract class DuisTarget : FuzzTarget
{
    /// <summary>Every RTDS template is a seed here would make the corpus slow to calibrate; every n-th is enough.</summary>
    protected const int TemplateStep = 12;

    /// <inheritdoc/>
    public sealed override bool Execute(byte[] input)
    {
        try
        {
            Check(SecureXml.Load(input));
            return true;
        }
        catch (DuisRejectedException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() => SeedCorpus.DuisDocuments(TemplateStep).ToList();

    /// <summary>What the target does with a document that <see cref="SecureXml.Load(byte[], SecureXmlOptions?)"/> accepted.</summary>
    protected abstract void Check(XmlDocument document);

    /// <summary>The DUIS 5.4 schemas from the shared vectors (as the tests load them).</summary>
    protected static DuisSchemaValidator Schemas() => DuisSchemaValidator.Shared(SharedData.PathOf(SeedCorpus.DuisFolder));
}

/// <summary>DUIS XML reading with the project's secure settings: <see cref="SecureXml.Load(byte[], SecureXmlOptions?)"/>.</summary>
public sealed class DuisXmlTarget : DuisTarget
{
    /// <inheritdoc/>
    public override string Name => "duis-xml";

    /// <inheritdoc/>
    public override string Summary => "SecureXml.Load (no DTD, size limit, DUIS root); refusal: DuisRejectedException";

    /// <inheritdoc/>
    protected override void Check(XmlDocument document)
    {
    }
}

/// <summary>XSD validation of a loaded document, then (for a valid request) the header parser that follows it on the intake path.</summary>
public sealed class DuisSchemaTarget : DuisTarget
{
    private readonly Lazy<DuisSchemaValidator> _schemas = new(Schemas);

    /// <inheritdoc/>
    public override string Name => "duis-schema";

    /// <inheritdoc/>
    public override string Summary => "SecureXml.Load, DuisSchemaValidator.Validate, DuisRequestParser.Parse; refusal: DuisRejectedException";

    /// <inheritdoc/>
    protected override void Check(XmlDocument document)
    {
        _schemas.Value.Validate(document);
        if (document.DocumentElement!.LocalName == DuisNamespaces.RequestRoot) DuisRequestParser.Parse(document);
    }
}

/// <summary>
/// XMLDSig verification of a loaded document against the signing certificates of the shared vectors. The schema check
/// is left out on purpose, so malformed signature shapes reach the verifier.
/// </summary>
public sealed class DuisSignatureTarget : DuisTarget
{
    private readonly Lazy<DuisSignerDirectory> _signers =
        new(() => DuisSignerDirectory.LoadFolder(SharedData.PathOf(SeedCorpus.DuisFolder + "/signing-keys")));

    /// <inheritdoc/>
    public override string Name => "duis-signature";

    /// <inheritdoc/>
    public override string Summary => "SecureXml.Load, DuisSignature.Verify (DUIS XMLDSig profile, canonicaliser); refusal: DuisRejectedException";

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() => SeedCorpus.SignedDuisDocuments().ToList();

    /// <inheritdoc/>
    protected override void Check(XmlDocument document) => DuisSignature.Verify(document, _signers.Value);
}
