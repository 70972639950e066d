using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using Xunit;

namespace CommsHub.Protocol.Tests.Robustness;

/// <summary>
/// The explicit bounds of the decoders that read attacker bytes (issue 11: bound every tree an attacker shapes). The
/// DLMS data reader is the one recursive decoder: nesting of arrays, structures and compact-array descriptions stops at
/// <see cref="DlmsDataReader.MaxDepth"/>; every count and length is checked against the bytes left before anything is
/// allocated. The DER reader is not recursive (a SEQUENCE is a bounded sub-reader) and its lengths are bounded by its
/// region. All refusals are <see cref="GbcsFormatException"/>s, never a stack overflow or a large allocation.
/// </summary>
public class DecoderLimitTests
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public void Dlms_nesting_up_to_the_limit_decodes_and_one_level_more_is_refused()
    {
        // Structures of one element, innermost an unsigned: MaxDepth + 1 constructed levels (depth 0..MaxDepth) are accepted.
        var accepted = NestedStructures(DlmsDataReader.MaxDepth + 1);
        var d = DlmsDataReader.Read(accepted, 0, accepted.Length);
        for (var i = 0; i <= DlmsDataReader.MaxDepth; i++) d = d.Child(0);
        Assert.Equal(DlmsType.Unsigned, d.Type);

        var refused = NestedStructures(DlmsDataReader.MaxDepth + 2);
        var e = Assert.Throws<GbcsFormatException>(() => DlmsDataReader.Read(refused, 0, refused.Length));
        Assert.Equal(GbcsErrorCode.Unsupported, e.Code);
        Assert.Contains("nested deeper than " + DlmsDataReader.MaxDepth, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x01)] // array
    [InlineData(0x02)] // structure
    public void A_MiB_of_nested_arrays_or_structures_is_refused_at_the_limit(byte tag)
    {
        var b = new byte[OneMiB];
        for (var i = 0; i + 1 < b.Length; i += 2)
        {
            b[i] = tag;
            b[i + 1] = 0x01;
        }
        var e = Assert.Throws<GbcsFormatException>(() => DlmsDataReader.Read(b, 0, b.Length));
        Assert.Equal(GbcsErrorCode.Unsupported, e.Code);
        // Refused where the limit is crossed, not after walking the whole input.
        Assert.InRange(e.Offset, 2 * (DlmsDataReader.MaxDepth + 1), 2 * (DlmsDataReader.MaxDepth + 2));
    }

    [Fact]
    public void A_deeply_nested_compact_array_description_is_refused()
    {
        // compact-array whose type description is structure{structure{...}} a MiB deep.
        var b = new byte[OneMiB];
        b[0] = 0x13;
        for (var i = 1; i + 1 < b.Length; i += 2)
        {
            b[i] = 0x02;
            b[i + 1] = 0x01;
        }
        var e = Assert.Throws<GbcsFormatException>(() => DlmsDataReader.Read(b, 0, b.Length));
        Assert.Equal(GbcsErrorCode.Unsupported, e.Code);
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01 83 FF FF FF 11 00")]          // array of 16,777,215 elements in 2 bytes
    [InlineData("02 82 FF FF 11 00")]             // structure of 65,535 elements in 2 bytes
    [InlineData("09 83 FF FF FF 00")]             // octet-string of 16 MiB in 1 byte
    [InlineData("04 83 FF FF FF 00")]             // bit-string of 16 Mbit in 1 byte
    [InlineData("13 01 FF FF 01 FF FF 11 01 00")] // compact array of 65,535 x 65,535 unsigned, one byte of contents
    public void Counts_and_lengths_beyond_the_input_are_refused_before_allocating(string hex)
    {
        var b = Hex.Decode(hex);
        var e = Assert.Throws<GbcsFormatException>(() => DlmsDataReader.Read(b, 0, b.Length));
        Assert.True(e.Code is GbcsErrorCode.Truncated or GbcsErrorCode.BadLength or GbcsErrorCode.Unsupported, e.Code.ToString());
    }

    [Fact]
    public void An_empty_compact_array_still_describes_columns_longer_than_the_input()
    {
        // A range read that selects no log rows: compact-array of structure{double-long-unsigned, array[48] of
        // double-long-unsigned}, no contents. The description's 48 counts row elements, not bytes of the input.
        var b = Hex.Decode("13 02 02 06 01 00 30 06 00");

        var d = DlmsDataReader.Read(b, 0, b.Length);

        Assert.Empty(d.Children);
        Assert.Equal(48, d.TypeDescription.Children[1].ElementCount);
    }

    [Fact]
    public void Der_sequences_nested_a_MiB_deep_are_read_one_bounded_level_at_a_time()
    {
        // 30 83 xx xx xx repeated: each SEQUENCE claims the rest of the input. The reader never recurses: each level is a
        // sub-reader over its content, and the use-case decoders read a fixed shape and refuse the rest.
        var b = new byte[OneMiB];
        for (var at = 0; at + 5 <= b.Length; at += 5)
        {
            var rest = b.Length - at - 5;
            b[at] = 0x30;
            b[at + 1] = 0x83;
            b[at + 2] = (byte)(rest >> 16);
            b[at + 3] = (byte)(rest >> 8);
            b[at + 4] = (byte)rest;
        }
        var r = new DerReader(b, 0, b.Length);
        for (var level = 0; level < 10_000; level++) r = r.ReadSequence("level");
        Assert.Equal(b.Length - 5 * 10_000, r.Remaining);

        foreach (var decode in new Action[]
        {
            () => Ccs08FirmwareTransferAlert.Decode(b, 0, b.Length),
            () => Cs06ActivateFirmwareCommand.Decode(b, 0, b.Length),
            () => Cs06ExecutionOutcome.Decode(b, 0, b.Length),
            () => Cs06FirmwareActivationAlert.Decode(b, 0, b.Length),
            () => Cs07ReadDeviceJoinDetails.Decode(b, 0, b.Length),
            () => Cs07ReadDeviceJoinDetails.DecodeRequest(b, 0, b.Length),
        })
        {
            Assert.Throws<GbcsFormatException>(decode);
        }
    }

    [Theory]
    [InlineData("30 83 FF FF FF 02 01 00")] // SEQUENCE of 16 MiB in 3 bytes
    [InlineData("30 84 00 00 00 03 02 01 00")] // 4-byte length form
    [InlineData("04 83 FF FF FF 00")]       // OCTET STRING of 16 MiB in 1 byte
    public void Der_lengths_beyond_the_region_are_refused(string hex)
    {
        var b = Hex.Decode(hex);
        Assert.Throws<GbcsFormatException>(() =>
        {
            var r = new DerReader(b, 0, b.Length);
            if (b[0] == 0x30) r.ReadSequence("sequence");
            else r.ReadOctetString("octets", out _);
        });
    }

    // `levels` structures of one element each around an unsigned (0x11) value.
    private static byte[] NestedStructures(int levels)
    {
        var b = new byte[2 * levels + 2];
        for (var i = 0; i < levels; i++)
        {
            b[2 * i] = 0x02;
            b[2 * i + 1] = 0x01;
        }
        b[2 * levels] = 0x11;
        b[2 * levels + 1] = 0x2A;
        return b;
    }
}
