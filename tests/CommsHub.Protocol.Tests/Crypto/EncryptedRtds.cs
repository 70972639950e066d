using System.Text;
using System.Text.Json;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>One RTDS message with encrypted content, its located contents and gbcs-parser's expected plaintexts.</summary>
internal sealed record EncryptedRtdsMessage(RtdsEntry Entry, GbcsMessage Message, EncryptedContent[] Contents, string[] ExpectedPlaintextHex);

/// <summary>The RTDS messages whose decoded tree holds "Decrypted Payload N" blocks, loaded once per run.</summary>
internal static class EncryptedRtds
{
    public const ulong Acb = 0x90B3D51F30000002;

    private static readonly Lazy<DirectoryKeyStore> Store = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));
    private static readonly Lazy<IReadOnlyList<EncryptedRtdsMessage>> All = new(Load);

    public static DirectoryKeyStore Keys => Store.Value;

    public static IReadOnlyList<EncryptedRtdsMessage> Messages => All.Value;

    public static EncryptedRtdsMessage Named(string name) => Messages.Single(x => x.Entry.Name == name);

    /// <summary>"Decrypted Payload 0", "... 1", ... of a message's decoded tree, each flattened to the hex it covers.</summary>
    public static string[] DecryptedPayloads(JsonElement tree) =>
        tree.EnumerateObject().Where(p => p.Name.StartsWith("Decrypted Payload ", StringComparison.Ordinal))
            .OrderBy(p => int.Parse(p.Name["Decrypted Payload ".Length..]))
            .Select(p => Flatten(p.Value)).ToArray();

    /// <summary>
    /// Concatenates every node's "hex" depth-first, parent before children: gbcs-parser writes each byte once, either on
    /// a parent header ("02 01") or on a leaf, so this rebuilds the plaintext it decoded.
    /// </summary>
    public static string Flatten(JsonElement node)
    {
        var sb = new StringBuilder();
        void Walk(JsonElement n)
        {
            foreach (var p in n.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object) continue;
                if (p.Value.TryGetProperty("hex", out var hex)) sb.Append(hex.GetString()!.Replace(" ", ""));
                if (p.Value.TryGetProperty("children", out var children)) Walk(children);
            }
        }
        Walk(node);
        return sb.ToString().ToUpperInvariant();
    }

    private static IReadOnlyList<EncryptedRtdsMessage> Load()
    {
        var list = new List<EncryptedRtdsMessage>();
        foreach (var e in RtdsCorpus.Entries)
        {
            var expected = DecryptedPayloads(RtdsCorpus.DecodedTree(e));
            if (expected.Length == 0) continue;
            var m = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            list.Add(new EncryptedRtdsMessage(e, m, EncryptedContentLocator.Find(m), expected));
        }
        return list;
    }
}
