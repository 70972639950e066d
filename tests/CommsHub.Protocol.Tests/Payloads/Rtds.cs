using Xunit;
using System.Text.Json;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>Loads RTDS 4.5.0 messages and their gbcs-parser decodings from the reference folder (never copied).</summary>
internal static class Rtds
{
    public const string Root = "vectors/gbcs/rtds-4.5.0";

    /// <summary>A parsed RTDS message: file name relative to the RTDS root, frame, and the content bytes.</summary>
    public sealed record Message(string Name, GbcsMessage Frame)
    {
        public byte[] Buffer => Frame.Buffer;
        public int ContentOffset => Frame.ContentOffset;
        public int ContentLength => Frame.ContentLength;
        public byte[] Content => Frame.Buffer.AsSpan(Frame.ContentOffset, Frame.ContentLength).ToArray();
        public string FileName => Path.GetFileName(Name);
        public int FirstContentByte => Frame.ContentLength == 0 ? -1 : Frame.Buffer[Frame.ContentOffset];
    }

    public static Message Load(string relative)
    {
        var path = SharedData.PathOf(Path.Combine(Root, relative));
        var bytes = Hex.Decode(File.ReadAllText(path).Trim());
        return new Message(relative, GbcsFrameParser.Parse(bytes));
    }

    public static IReadOnlyList<Message> All()
    {
        var root = SharedData.PathOf(Root);
        return Directory.EnumerateFiles(root, "*.HEX", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    public static IReadOnlyList<Message> Folder(string folder) =>
        Directory.EnumerateFiles(SharedData.PathOf(Path.Combine(Root, folder)), "*.HEX")
            .Select(p => Load(Path.Combine(folder, Path.GetFileName(p))))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The gbcs-parser decoding of one message's payload ("Payload" node).</summary>
    public static JsonElement DecodedPayload(string folder, string fileName)
    {
        var path = SharedData.PathOf(Path.Combine("vectors/gbcs/rtds-decoded", folder + ".json"));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty(fileName).GetProperty("Payload").Clone();
    }

    /// <summary>Hex of a decoded node ("09 08 00 DB ..." -> bytes).</summary>
    public static byte[] HexOf(JsonElement node) => Hex.Decode(node.GetProperty("hex").GetString()!);

    /// <summary>The children of a decoded node, in order.</summary>
    public static List<JsonElement> Children(JsonElement node) =>
        node.TryGetProperty("children", out var c) ? c.EnumerateObject().Select(p => p.Value).ToList() : new List<JsonElement>();

    /// <summary>A named child.</summary>
    public static JsonElement Child(JsonElement node, string name) => node.GetProperty("children").GetProperty(name);

    /// <summary>The value bytes of a decoded DLMS octet-string node "09 LL bytes" (drops tag and length).</summary>
    public static byte[] OctetValue(JsonElement node)
    {
        var b = HexOf(node);
        Assert.Equal(0x09, b[0]);
        Assert.Equal(b.Length - 2, b[1]);
        return b[2..];
    }
}
