using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Smki;

/// <summary>
/// The on-disk layout of a test SMKI (all PEM; private keys PKCS#8 "PRIVATE KEY", created owner-read/write only):
/// <list type="bullet">
/// <item><c>ca/root.pem|key</c>, <c>ca/issuing.pem|key</c>: the CAs.</item>
/// <item><c>keys/&lt;eui&gt;-&lt;ka|ds&gt;.pem|key</c>: GBCS organisation and device keys in the RTDS keystore naming, so
/// <see cref="DirectoryKeyStore"/>, <c>commshub gbcs inspect --keys</c> and <c>duis transform --keys</c> use the folder as is.</item>
/// <item><c>xml-sign/xml-sign-&lt;EUI&gt;-ds.pem|key</c> (users, OU 87) and <c>xml-sign/dsp-xml-sign-&lt;EUI&gt;-ds.pem|key</c>
/// (the DSP, OU 89): DUIS XML-signing keys, in dccboxed-signing-tool's naming. They live apart because a user's XML-sign
/// key is a second DS key of the same EUI and would collide with its GBCS DS key in <c>keys/</c>.</item>
/// </list>
/// </summary>
public sealed class SmkiFolder
{
    /// <summary>Uses (does not create) the folder.</summary>
    public SmkiFolder(string root) => Root = Path.GetFullPath(root ?? throw new ArgumentNullException(nameof(root)));

    /// <summary>The SMKI folder.</summary>
    public string Root { get; }

    /// <summary>The CA folder.</summary>
    public string CaFolder => Path.Combine(Root, "ca");

    /// <summary>The GBCS key folder (RTDS keystore layout).</summary>
    public string KeysFolder => Path.Combine(Root, "keys");

    /// <summary>The DUIS XML-signing folder.</summary>
    public string XmlSignFolder => Path.Combine(Root, "xml-sign");

    /// <summary>Path stem (without .pem/.key) of the root CA.</summary>
    public string RootStem => Path.Combine(CaFolder, "root");

    /// <summary>Path stem of the issuing CA.</summary>
    public string IssuingStem => Path.Combine(CaFolder, "issuing");

    /// <summary>Path stem of a GBCS key pair, e.g. keys/02c04b0000010000-ka.</summary>
    public string GbcsStem(ulong eui, KeyUsage usage) =>
        Path.Combine(KeysFolder, Path.GetFileNameWithoutExtension(new KeyFileName(eui, usage, false, false).ToString()));

    /// <summary>Path stem of a user's (OU 87) or the DSP's (OU 89) XML-signing pair.</summary>
    public string XmlSignStem(ulong eui, bool dsp) =>
        Path.Combine(XmlSignFolder, $"{(dsp ? "dsp-" : "")}xml-sign-{eui:X16}-ds");

    /// <summary>True when both the certificate and the private key of <paramref name="stem"/> exist.</summary>
    public static bool Exists(string stem) => File.Exists(stem + ".pem") && File.Exists(stem + ".key");

    /// <summary>Loads the certificate of a stem.</summary>
    /// <exception cref="InvalidOperationException">the .pem holds no certificate (the message names it).</exception>
    public static X509Certificate2 LoadCertificate(string stem) => PemFile.Certificate(stem + ".pem");

    /// <summary>Loads the private key of a stem.</summary>
    /// <exception cref="InvalidOperationException">the .key holds no EC private key (the message names it).</exception>
    public static ECDsa LoadKey(string stem) => PemFile.EcPrivateKey(stem + ".key");

    /// <summary>Loads a CA (certificate and key).</summary>
    public static SmkiIssuer LoadIssuer(string stem) => new(LoadCertificate(stem), LoadKey(stem));

    /// <summary>
    /// Writes a key pair: the private key first (PKCS#8 PEM, mode 0600 from creation, never readable by others even
    /// for an instant), then the certificate. Refuses to overwrite: minting must never replace a key in use.
    /// </summary>
    public static void Save(string stem, X509Certificate2 certificate, ECDsa key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
        WriteNew(stem + ".key", key.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteNew(stem + ".pem", certificate.ExportCertificatePem() + "\n", secret: false);
    }

    private static void WriteNew(string path, string text, bool secret)
    {
        // Write to a temporary name and rename, so a crash never leaves a half-written key that a later start reuses.
        var temp = path + ".tmp";
        File.Delete(temp); // a leftover from a crash keeps its old mode; creating afresh applies ours
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(text);
        File.Move(temp, path, overwrite: false);
    }
}
