using System.Security.Cryptography;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Fuzz;

/// <summary>
/// Builds seed inputs from the shared reference vectors (<c>../shared/vectors</c>, or <c>COMMSHUB_SHARED</c>):
/// RTDS GBCS messages, their payloads, DUIS documents and the DER of the test certificates.
/// </summary>
public static class SeedCorpus
{
    /// <summary>Folder of the DUIS vectors, relative to the shared root.</summary>
    public const string DuisFolder = "vectors/gbcs/duis";

    /// <summary>Every RTDS message as a seed, named after its file.</summary>
    public static IEnumerable<SeedInput> RtdsFrames() =>
        RtdsCorpus.Entries.Select(e => new SeedInput(SafeName(e.File), RtdsCorpus.Bytes(e)));

    /// <summary>One RTDS message per folder (use case and SRV), so a corpus stays small but covers every use case.</summary>
    public static IEnumerable<SeedInput> RtdsFramesOnePerUseCase() =>
        RtdsCorpus.Entries.GroupBy(e => e.Folder).Select(g => g.First())
            .Select(e => new SeedInput(SafeName(e.File), RtdsCorpus.Bytes(e)));

    /// <summary>The payload (content) of every RTDS message whose payload starts as <paramref name="accept"/> says, deduplicated.</summary>
    public static IEnumerable<(RtdsEntry Entry, GbcsMessage Message, byte[] Content)> RtdsContents(Func<byte[], bool> accept)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in RtdsCorpus.Entries)
        {
            GbcsMessage m;
            try
            {
                m = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            }
            catch (GbcsFormatException)
            {
                continue; // the frame parser's own corpus covers these
            }
            var content = m.Buffer.AsSpan(m.ContentOffset, m.ContentLength).ToArray();
            if (content.Length == 0 || !accept(content)) continue;
            if (seen.Add(Convert.ToHexString(SHA256.HashData(content)))) yield return (e, m, content);
        }
    }

    /// <summary>The DER of every certificate among the RTDS keystore's PEM files (public keys and private keys are skipped).</summary>
    public static IEnumerable<SeedInput> CertificateDer(int max)
    {
        var folder = RtdsCorpus.KeystorePath;
        return Directory.EnumerateFiles(folder, "*.pem").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Der: CertificateOf(f)))
            .Where(x => x.Der is not null)
            .Take(max)
            .Select(x => new SeedInput("cert-" + Path.GetFileNameWithoutExtension(x.File), x.Der!));
    }

    /// <summary>DUIS documents: every <paramref name="step"/>-th RTDS template, the parser samples, the signed ones.</summary>
    public static IEnumerable<SeedInput> DuisDocuments(int step)
    {
        var root = SharedData.PathOf(DuisFolder);
        var templates = Directory.EnumerateFiles(Path.Combine(root, "templates"), "*.XML").Order(StringComparer.Ordinal)
            .Where((_, i) => i % step == 0);
        var others = new[] { "duis-parser-tests", "signed-responses", "generated" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d))).Order(StringComparer.Ordinal);
        return templates.Concat(others).Select(f => new SeedInput(SafeName(Path.GetFileName(f)), File.ReadAllBytes(f)));
    }

    /// <summary>The DUIS documents that carry a real (verifiable) signature.</summary>
    public static IEnumerable<SeedInput> SignedDuisDocuments()
    {
        var root = SharedData.PathOf(DuisFolder);
        return new[] { "signed-responses", "generated" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d)))
            .Where(f => File.ReadAllText(f).Contains("SignatureValue", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new SeedInput(SafeName(Path.GetFileName(f)), File.ReadAllBytes(f)));
    }

    /// <summary>A name usable as a file name in a corpus folder.</summary>
    public static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());

    private static byte[]? CertificateOf(string pemFile)
    {
        var text = File.ReadAllText(pemFile);
        if (!text.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal)) return null;
        return PemEncoding.TryFind(text, out var fields) ? Convert.FromBase64String(text[fields.Base64Data]) : null;
    }
}
