using System.Text;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>Appends ZCL payload fields: little-endian integers, UTCTime, length-prefixed octet strings.</summary>
internal sealed class ZclWriter
{
    private readonly List<byte> _b = new(32);

    public ZclWriter U8(int v)
    {
        _b.Add((byte)v);
        return this;
    }

    public ZclWriter U16(int v) => U8(v).U8(v >> 8);

    public ZclWriter U24(int v) => U16(v).U8(v >> 16);

    public ZclWriter U32(uint v) => U16((int)(v & 0xFFFF)).U16((int)(v >> 16));

    public ZclWriter I32(int v) => U32(unchecked((uint)v));

    /// <summary>ZigBee UTCTime (seconds since 2000-01-01).</summary>
    public ZclWriter Time(DateTimeOffset t) => U32(GbcsTime.SecondsSince2000(t));

    /// <summary>A ZCL octet string: one length byte, then the text's bytes (ASCII/UTF-8, at most 254).</summary>
    public ZclWriter OctetString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 254) throw DuisBody.Invalid($"'{text}' is longer than a ZCL octet string (254 bytes)");
        U8(bytes.Length);
        _b.AddRange(bytes);
        return this;
    }

    public ZclWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var x in bytes) _b.Add(x);
        return this;
    }

    public byte[] ToArray() => _b.ToArray();
}
