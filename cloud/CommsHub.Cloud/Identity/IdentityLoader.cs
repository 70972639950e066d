using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cloud.Identity;

/// <summary>Builds the <see cref="IdentitySet"/> for the configured mode.</summary>
public static class IdentityLoader
{
    /// <summary>The RTDS Communications Hub Function (DCC Boxed test data).</summary>
    public const ulong RtdsHub = 0x00DB1234567890A2;

    /// <summary>The DCC Boxed ACB / DSP EUI.</summary>
    public const ulong RtdsDcc = 0x90B3D51F30000002;

    /// <summary>Loads (and in minted mode first mints, if needed) the identities.</summary>
    public static IdentitySet Load(CommsHubOptions options, string dataDirectory) => options.Identity.Mode switch
    {
        IdentityMode.Rtds => LoadRtds(options.Identity.VectorsDirectory ?? LocateVectors()),
        _ => LoadMinted(Path.Combine(dataDirectory, "smki")),
    };

    /// <summary>Mints the demo SMKI under <paramref name="smkiDirectory"/> when missing and loads it.</summary>
    public static IdentitySet LoadMinted(string smkiDirectory)
    {
        var folder = new SmkiFolder(smkiDirectory);
        new TestSmki(folder).EnsureMinted(DemoIdentities.Plan);
        // Users are whatever xml-sign pairs the folder holds, so `commshub pki issue-org --xml-sign` adds users
        // without code changes; their roles come from the OU of their GBCS certificate.
        var users = new Dictionary<ulong, UserIdentity>();
        var signers = new DuisSignerDirectory();
        foreach (var pem in Directory.EnumerateFiles(folder.XmlSignFolder, "xml-sign-*-ds.pem").Order(StringComparer.Ordinal))
        {
            var cert = PemFile.Certificate(pem);
            if (CertificateIdentity.TryGetEui(cert) is not { } eui) continue;
            signers.Add(cert);
            var role = OrganisationRole(folder, eui);
            users[eui] = new UserIdentity(eui, cert.GetNameInfo(X509NameType.SimpleName, false) ?? eui.ToString("X16", CultureInfo.InvariantCulture),
                IdentitySet.RolesOf(role ?? 0xFF), cert);
        }
        var dspStem = Directory.EnumerateFiles(folder.XmlSignFolder, "dsp-xml-sign-*-ds.pem").Order(StringComparer.Ordinal)
            .Select(p => p[..^4]).FirstOrDefault()
            ?? throw new InvalidOperationException($"no DSP XML-signing certificate in '{folder.XmlSignFolder}'");
        var dsp = DuisSigner.Load(dspStem + ".key", dspStem + ".pem");
        return new IdentitySet(IdentityMode.Minted, folder.Root, DemoIdentities.Dcc, users, signers, dsp,
            DemoIdentities.Hubs, folder.KeysFolder);
    }

    /// <summary>Loads the DCC Boxed ZAZ1 users and DSP key from <c>dccboxed-keystore.json</c> in <paramref name="vectors"/>.</summary>
    public static IdentitySet LoadRtds(string vectors)
    {
        var keystorePath = Path.Combine(vectors, "dccboxed-keystore.json");
        if (!File.Exists(keystorePath)) throw new FileNotFoundException($"RTDS identities: '{keystorePath}' not found", keystorePath);
        using var json = JsonDocument.Parse(File.ReadAllBytes(keystorePath));
        var users = new Dictionary<ulong, UserIdentity>();
        var signers = new DuisSignerDirectory();
        DuisSigner? dsp = null;
        foreach (var party in json.RootElement.EnumerateObject())
        {
            var eui = ulong.Parse(party.Name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var entries = party.Value.EnumerateObject().SelectMany(u => u.Value.EnumerateObject()).Select(s => s.Value).ToList();
            byte? orgRole = entries.Select(e => (byte)e.GetProperty("role").GetInt32()).FirstOrDefault(r => r is not (SmkiRoles.XmlSign or SmkiRoles.DspXmlSign));
            foreach (var entry in entries)
            {
                var role = entry.GetProperty("role").GetInt32();
                if (role == SmkiRoles.XmlSign)
                {
                    var cert = X509Certificate2.CreateFromPem(entry.GetProperty("certificate").GetString()!);
                    signers.Add(cert);
                    users[eui] = new UserIdentity(eui, entry.GetProperty("name").GetString() ?? party.Name, IdentitySet.RolesOf(orgRole ?? 0xFF), cert);
                }
                else if (role == SmkiRoles.DspXmlSign && dsp is null && entry.TryGetProperty("privateKey", out var key))
                {
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportFromPem(key.GetString());
                    dsp = new DuisSigner(ecdsa, X509Certificate2.CreateFromPem(entry.GetProperty("certificate").GetString()!));
                }
            }
        }
        if (dsp is null) throw new InvalidOperationException($"'{keystorePath}' holds no DSP XML-signing key (role 137)");
        return new IdentitySet(IdentityMode.Rtds, vectors, RtdsDcc, users, signers, dsp, [RtdsHub], Path.Combine(vectors, "rtds-keystore"));
    }

    /// <summary><c>../shared/vectors/gbcs</c> beside the checkout holding CommsHub.sln (searched from the app, then the working directory).</summary>
    public static string LocateVectors()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommsHub.sln"))) dir = dir.Parent;
            var candidate = dir?.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared", "vectors", "gbcs");
            if (candidate is not null && File.Exists(Path.Combine(candidate, "dccboxed-keystore.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("RTDS vectors not found: set CommsHub:Identity:VectorsDirectory (--vectors) to the vectors/gbcs folder");
    }

    private static byte? OrganisationRole(SmkiFolder folder, ulong eui)
    {
        foreach (var usage in new[] { CommsHub.Protocol.Crypto.KeyUsage.DigitalSignature, CommsHub.Protocol.Crypto.KeyUsage.KeyAgreement })
        {
            var stem = folder.GbcsStem(eui, usage);
            if (!File.Exists(stem + ".pem")) continue;
            using var cert = SmkiFolder.LoadCertificate(stem);
            var ou = cert.SubjectName.EnumerateRelativeDistinguishedNames()
                .FirstOrDefault(r => r.GetSingleElementType().Value == "2.5.4.11")?.GetSingleElementValue();
            if (SmkiRoles.TryParse(ou, out var role)) return role;
        }
        return null;
    }
}
