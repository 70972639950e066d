using System.Text.Json;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>Navigation over gbcs-parser's decoded tree: nodes have "hex", optional "notes" and ordered "children".</summary>
internal static class Json
{
    /// <summary>Follows child names from <paramref name="node"/> (the first step may be a top-level property).</summary>
    public static JsonElement At(JsonElement node, params string[] names)
    {
        foreach (var n in names)
            node = node.TryGetProperty(n, out var direct) ? direct : node.GetProperty("children").GetProperty(n);
        return node;
    }

    /// <summary>The i-th child.</summary>
    public static JsonElement Nth(JsonElement node, int i) => Rtds.Children(node)[i];

    public static int Count(JsonElement node) => Rtds.Children(node).Count;

    public static byte[] Bytes(JsonElement node) => Rtds.HexOf(node);

    /// <summary>Value of a tagged fixed-size node "TT vv..." as an unsigned number.</summary>
    public static long Unsigned(JsonElement node)
    {
        var b = Bytes(node);
        long v = 0;
        for (int i = 1; i < b.Length; i++) v = (v << 8) | b[i];
        return v;
    }

    /// <summary>The number written in "notes" (e.g. "-35", "90").</summary>
    public static long Notes(JsonElement node) => long.Parse(node.GetProperty("notes").GetString()!.Split(' ')[0]);

    /// <summary>An 8-byte octet-string node as an EUI-64.</summary>
    public static ulong Eui(JsonElement node) => BigEndian.ReadUInt64(Rtds.OctetValue(node), 0);

    /// <summary>The results of a "DLMS Access Response" payload, in order.</summary>
    public static int[] Results(JsonElement payload) =>
        Rtds.Children(At(payload, "DLMS Access Response", "List of Access Response Specification"))
            .Select(s => (int)Bytes(Nth(s, 0))[0]).ToArray();
}
