using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Dcc.Smki;

/// <summary>What one <see cref="TestSmki.EnsureMinted"/> call did.</summary>
/// <param name="Created">Key pairs minted now (path stems).</param>
/// <param name="Reused">Key pairs that were already there.</param>
public sealed record SmkiMintReport(IReadOnlyList<string> Created, IReadOnlyList<string> Reused);

/// <summary>
/// Mints and extends a test SMKI in a <see cref="SmkiFolder"/>: a root, an issuing CA, organisation and device
/// certificates. Idempotent: a key pair whose files exist is reused, never replaced, so a restart keeps every
/// identity (and every device that trusts them keeps working). Not thread-safe; one process mints at a time.
/// </summary>
public sealed class TestSmki(SmkiFolder folder, TimeProvider? time = null)
{
    /// <summary>CN of the root CA.</summary>
    public const string RootName = "CommsHub Test Root";

    /// <summary>CN of the issuing CA (the issuer every SMKI end-entity certificate names).</summary>
    public const string IssuingName = "CommsHub Test CA";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The folder.</summary>
    public SmkiFolder Folder { get; } = folder ?? throw new ArgumentNullException(nameof(folder));

    /// <summary>Mints whatever of <paramref name="plan"/> (and the CAs) is missing.</summary>
    public SmkiMintReport EnsureMinted(SmkiPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var created = new List<string>();
        var reused = new List<string>();
        void Track(string stem, bool made) => (made ? created : reused).Add(stem);

        (EnsureCa() ? created : reused).AddRange([Folder.RootStem, Folder.IssuingStem]);
        using var issuer = SmkiFolder.LoadIssuer(Folder.IssuingStem);
        foreach (var org in plan.Organisations)
        {
            foreach (var usage in org.Usages)
                Track(Folder.GbcsStem(org.Eui, usage), IssueOrganisation(issuer, org.Eui, org.Role, usage, org.Name));
            if (org.XmlSign) Track(Folder.XmlSignStem(org.Eui, dsp: false), IssueXmlSign(issuer, org.Eui, dsp: false, org.Name));
            if (org.DspXmlSign) Track(Folder.XmlSignStem(org.Eui, dsp: true), IssueXmlSign(issuer, org.Eui, dsp: true, org.Name));
        }
        foreach (var device in plan.Devices)
            foreach (var usage in new[] { KeyUsage.KeyAgreement, KeyUsage.DigitalSignature })
                Track(Folder.GbcsStem(device.Eui, usage), IssueDevice(issuer, device.Eui, usage));
        return new SmkiMintReport(created, reused);
    }

    /// <summary>Makes sure the root and issuing CA exist. Returns true when they were minted now.</summary>
    /// <exception cref="InvalidOperationException">end-entity keys exist without their CA (the folder is inconsistent).</exception>
    public bool EnsureCa()
    {
        if (SmkiFolder.Exists(Folder.RootStem) && SmkiFolder.Exists(Folder.IssuingStem)) return false;
        if (SmkiFolder.Exists(Folder.RootStem) || SmkiFolder.Exists(Folder.IssuingStem)
            || (Directory.Exists(Folder.KeysFolder) && Directory.EnumerateFiles(Folder.KeysFolder, "*.pem").Any()))
            // Minting a new CA now would leave certificates that chain to nothing: refuse rather than guess.
            throw new InvalidOperationException(
                $"the SMKI folder '{Folder.Root}' holds certificates but not both CAs (ca/root and ca/issuing); restore them or start from an empty folder");
        var notBefore = Now().AddDays(-1);
        using var rootKey = NewKey();
        using var root = SmkiCertificates.CreateRoot(rootKey, RootName, notBefore);
        SmkiFolder.Save(Folder.RootStem, root, rootKey);
        using var rootIssuer = new SmkiIssuer(X509CertificateLoader.LoadCertificate(root.RawData), NewKeyCopy(rootKey));
        using var caKey = NewKey();
        using var ca = SmkiCertificates.CreateIssuingCa(rootIssuer, new PublicKey(caKey), IssuingName, notBefore);
        SmkiFolder.Save(Folder.IssuingStem, ca, caKey);
        return true;
    }

    /// <summary>Issues an organisation GBCS certificate into keys/ unless one exists. Returns whether it was minted.</summary>
    public bool IssueOrganisation(SmkiIssuer issuer, ulong eui, byte role, KeyUsage usage, string? commonName) =>
        Mint(Folder.GbcsStem(eui, usage), key => SmkiCertificates.IssueOrganisation(issuer, new PublicKey(key), eui, role, usage, commonName, Now()));

    /// <summary>Issues a DUIS XML-signing certificate (OU 87, or OU 89 for the DSP) unless one exists.</summary>
    public bool IssueXmlSign(SmkiIssuer issuer, ulong eui, bool dsp, string? commonName) =>
        Mint(Folder.XmlSignStem(eui, dsp), key => SmkiCertificates.IssueOrganisation(issuer, new PublicKey(key), eui,
            dsp ? SmkiRoles.DspXmlSign : SmkiRoles.XmlSign, KeyUsage.DigitalSignature, commonName, Now()));

    /// <summary>Issues a device certificate into keys/ unless one exists.</summary>
    public bool IssueDevice(SmkiIssuer issuer, ulong eui, KeyUsage usage) =>
        Mint(Folder.GbcsStem(eui, usage), key => SmkiCertificates.IssueDevice(issuer, new PublicKey(key), eui, usage, Now()));

    private bool Mint(string stem, Func<ECDsa, X509Certificate2> issue)
    {
        if (SmkiFolder.Exists(stem)) return false;
        if (File.Exists(stem + ".pem") || File.Exists(stem + ".key"))
            throw new InvalidOperationException($"'{stem}' has a certificate or a key but not both; remove the stray file to re-mint it");
        using var key = NewKey();
        using var certificate = issue(key);
        SmkiFolder.Save(stem, certificate, key);
        return true;
    }

    // Backdated a little so a peer whose clock runs slightly behind still sees the certificate as valid.
    private DateTimeOffset Now() => _time.GetUtcNow().AddMinutes(-10);

    private static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static ECDsa NewKeyCopy(ECDsa key) => ECDsa.Create(key.ExportParameters(includePrivateParameters: true));
}
