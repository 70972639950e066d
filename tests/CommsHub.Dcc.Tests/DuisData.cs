using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Tests;

/// <summary>Paths into ../shared/vectors/gbcs/duis and shared fixtures (read in place, never copied).</summary>
internal static class DuisData
{
    public const string Root = "vectors/gbcs/duis";

    public static string PathOf(string relative) => SharedData.PathOf($"{Root}/{relative}");

    public static XmlDocument Load(string relative) => SecureXml.Load(File.ReadAllBytes(PathOf(relative)));

    /// <summary>Loads a document and removes its ds:Signature (templates carry placeholders or empty xmlsec templates).</summary>
    public static XmlDocument LoadUnsigned(string relative)
    {
        var doc = Load(relative);
        foreach (var sig in doc.GetElementsByTagName("Signature", DuisNamespaces.XmlDsig).OfType<XmlNode>().ToList())
            sig.ParentNode!.RemoveChild(sig);
        return doc;
    }

    public static DuisSchemaValidator Validator => DuisSchemaValidator.Shared(PathOf(""));

    public static DuisSignerDirectory Signers => LazySigners.Value;

    private static readonly Lazy<DuisSignerDirectory> LazySigners = new(() => DuisSignerDirectory.LoadFolder(PathOf("signing-keys")));

    public static DuisSigner Signer(string name) =>
        DuisSigner.Load(PathOf($"signing-keys/{name}.key"), PathOf($"signing-keys/{name}.pem"));

    /// <summary>Theory rows: files of a folder (relative to the DUIS folder), or one placeholder when the data is absent
    /// (the theory is then skipped by <see cref="SharedDataTheoryAttribute"/>).</summary>
    public static IEnumerable<object[]> Files(params string[] folders)
    {
        if (!SharedData.Available) return [["(reference data absent)"]];
        return folders
            .SelectMany(f => Directory.EnumerateFiles(PathOf(f)).Select(p => $"{f}/{Path.GetFileName(p)}"))
            .Where(p => p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(p => new object[] { p });
    }
}
