using System.Text.Json;

namespace CommsHub.TestSupport;

/// <summary>One row of <c>vectors/gbcs/rtds_index.tsv</c>: the independently verified facts about an RTDS message.</summary>
public sealed record RtdsEntry(
    string File, string UseCase, string Srv, string Kind, string MessageCode, string Cra,
    string Originator, string Recipient, int DateTimeLength, int OtherInfoLength,
    string SrpId, string SrpCounter, string SuppOrigCounter, int SrpKaCertLength,
    int ContentLength, string Signature, string Mac, int TotalLength)
{
    /// <summary>The RTDS folder (e.g. <c>8.11_CCS01</c>).</summary>
    public string Folder => File.Split('/')[0];

    /// <summary>The file name without folder.</summary>
    public string Name => File.Split('/')[1];

    public override string ToString() => File;
}

/// <summary>
/// DCC's Reference Test Data Set 4.5.0 as the shared folder holds it: 1275 hex files, the index, the decoded trees.
/// Loaded lazily and cached for the test run.
/// </summary>
public static class RtdsCorpus
{
    /// <summary>Folder of the RTDS hex files, relative to the shared root.</summary>
    public const string MessagesFolder = "vectors/gbcs/rtds-4.5.0";

    private static readonly Lazy<IReadOnlyList<RtdsEntry>> Index = new(LoadIndex);
    private static readonly Dictionary<string, JsonDocument> Decoded = new();

    /// <summary>All index rows (1275).</summary>
    public static IReadOnlyList<RtdsEntry> Entries => Index.Value;

    /// <summary>The message bytes of an index row.</summary>
    public static byte[] Bytes(RtdsEntry e) => Bytes(e.File);

    /// <summary>The message bytes of an RTDS file (path relative to the RTDS folder).</summary>
    public static byte[] Bytes(string file) =>
        Convert.FromHexString(System.IO.File.ReadAllText(SharedData.PathOf(Path.Combine(MessagesFolder, file))).Trim());

    /// <summary>The keystore folder in RTDS naming.</summary>
    public static string KeystorePath => SharedData.PathOf("vectors/gbcs/rtds-keystore");

    /// <summary>The decoded tree (gbcs-parser output) of an RTDS message.</summary>
    public static JsonElement DecodedTree(RtdsEntry e)
    {
        lock (Decoded)
        {
            if (!Decoded.TryGetValue(e.Folder, out var doc))
            {
                doc = JsonDocument.Parse(System.IO.File.ReadAllText(SharedData.PathOf($"vectors/gbcs/rtds-decoded/{e.Folder}.json")));
                Decoded[e.Folder] = doc;
            }
            return doc.RootElement.GetProperty(e.Name);
        }
    }

    private static IReadOnlyList<RtdsEntry> LoadIndex()
    {
        var lines = System.IO.File.ReadAllLines(SharedData.PathOf("vectors/gbcs/rtds_index.tsv"));
        var rows = new List<RtdsEntry>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            rows.Add(new RtdsEntry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], int.Parse(f[8]), int.Parse(f[9]),
                f[10], f[11], f[12], int.Parse(f[13]), int.Parse(f[14]), f[15], f[16], int.Parse(f[17])));
        }
        return rows;
    }
}
