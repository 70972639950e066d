using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>Malformed payloads end in <see cref="GbcsFormatException"/> and nothing else, for every decoder here.</summary>
public class MalformedPayloadTests
{
    private static readonly (string Name, Action<byte[], int, int> Decode)[] Decoders =
    {
        ("AccessRequest", (b, o, n) => AccessRequest.Decode(b, o, n)),
        ("AccessResponse", (b, o, n) => AccessResponse.Decode(b, o, n)),
        ("DataNotification", (b, o, n) => DataNotification.Decode(b, o, n)),
        ("DlmsData", (b, o, n) => DlmsDataReader.Read(b, o, n)),
        ("Ccs01", (b, o, n) => Ccs01AddDevice.Decode(b, o, n)),
        ("Ccs02", (b, o, n) => Ccs02RemoveDevice.Decode(b, o, n)),
        ("Ccs03", (b, o, n) => Ccs03RestoreDeviceLog.Decode(b, o, n)),
        ("Ccs06", (b, o, n) => Ccs06ReadDeviceLog.Decode(b, o, n)),
        ("Ccs06Req", (b, o, n) => Ccs06ReadDeviceLog.DecodeRequest(AccessRequest.Decode(b, o, n))),
        ("Ccs07", (b, o, n) => Ccs07ReadDeviceLogs.Decode(AccessResponse.Decode(b, o, n))),
        ("Ccs07Req", (b, o, n) => Ccs07ReadDeviceLogs.DecodeRequest(AccessRequest.Decode(b, o, n))),
        ("Cs14", (b, o, n) => Cs14DeviceLogChangedAlert.Decode(b, o, n)),
        ("Ecs35Req", (b, o, n) => Ecs35ReadChfLog.DecodeRequest(b, o, n)),
        ("Ecs35", (b, o, n) => Ecs35ReadChfLog.DecodeResponse(AccessResponse.Decode(b, o, n), out _)),
        ("Ecs52", (b, o, n) => Ecs52ReadFirmwareVersion.Decode(b, o, n)),
        ("Ecs52Req", (b, o, n) => Ecs52ReadFirmwareVersion.DecodeRequest(AccessRequest.Decode(b, o, n))),
        ("Ccs08", (b, o, n) => Ccs08FirmwareTransferAlert.Decode(b, o, n)),
        ("Cs07", (b, o, n) => Cs07ReadDeviceJoinDetails.Decode(b, o, n)),
        ("Cs07Req", (b, o, n) => Cs07ReadDeviceJoinDetails.DecodeRequest(b, o, n)),
        ("Cs06Cmd", (b, o, n) => Cs06ActivateFirmwareCommand.Decode(b, o, n)),
        ("Cs06Outcome", (b, o, n) => Cs06ExecutionOutcome.Decode(b, o, n)),
        ("Cs06Alert", (b, o, n) => Cs06FirmwareActivationAlert.Decode(b, o, n)),
    };

    private static int RunAll(byte[] buffer, int offset, int count, List<string> failures, string label)
    {
        int rejected = 0;
        foreach (var (name, decode) in Decoders)
        {
            try
            {
                decode(buffer, offset, count);
            }
            catch (GbcsFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                if (failures.Count < 20) failures.Add($"{name} on {label} [{Hex.Encode(buffer, offset, count)}]: {e.GetType().Name} {e.Message}");
            }
        }
        return rejected;
    }

    [Theory]
    [InlineData("")]
    [InlineData("D9")]
    [InlineData("D9 20 00 05 16")]
    [InlineData("D9 20 00 05 16 00 7F")]                      // 127 specs announced, none there
    [InlineData("D9 20 00 05 16 00 01 07 00 68 00 00 1E 03 00 FF 01 01 00")] // spec choice 7
    [InlineData("D9 20 00 05 16 05 01 02 03 04 05 00 00")]    // 5-byte APDU date-time
    [InlineData("DA 20 00 05 16 00 01 00 00")]                // echoed request spec
    [InlineData("DA 20 00 05 16 00 00 01 00 01 05 00")]       // result choice 5
    [InlineData("0F 20 00 0F A0 00 02 83 FF FF FF")]          // 3-byte count larger than the input
    [InlineData("0F 20 00 0F A0 00 09 84 00 00 00 01 00")]    // 4-byte length form
    [InlineData("0F 20 00 0F A0 00 13 02 00 00")]             // compact-array with empty structure description
    [InlineData("0F 20 00 0F A0 00 13 00 01 00")]             // compact-array of null
    [InlineData("0F 20 00 0F A0 00 13 01 FF FF 11 02 00 00")] // array description of 65535 elements, 2 bytes of contents
    [InlineData("0F 20 00 0F A0 00 13 11 03 01 02")]          // contents length not a multiple of the element
    [InlineData("0F 20 00 0F A0 00 07 00")]                   // unknown data type 07
    [InlineData("0F 20 00 0F A0 00 02 01 00 00")]             // trailing byte
    [InlineData("30 03 02 01")]                               // DER truncated
    [InlineData("30 80 02 01 00 00 00")]                      // DER indefinite length
    [InlineData("30 03 02 09 00")]                            // INTEGER longer than its sequence
    [InlineData("30 0B 02 09 01 02 03 04 05 06 07 08 09")]    // INTEGER of 9 bytes
    [InlineData("05 01 00")]                                  // NULL with content
    public void Hand_made_malformed_payloads_are_typed_errors(string hex)
    {
        var b = Hex.Decode(hex);
        var failures = new List<string>();
        int rejected = RunAll(b, 0, b.Length, failures, hex);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Decoders.Length, rejected);
    }

    [Fact]
    public void Short_date_time_is_a_typed_error()
    {
        Assert.Equal(GbcsErrorCode.Truncated, Assert.Throws<GbcsFormatException>(() => DlmsDateTime.Decode(new byte[11], 0)).Code);
        Assert.Throws<GbcsFormatException>(() => DlmsDateTime.Decode(new byte[12], 1));
        Assert.Throws<GbcsFormatException>(() => DlmsDateTime.Decode(null!, 0));
        Assert.Throws<GbcsFormatException>(() => DlmsDateTime.Decode(new byte[12], -1));
        Assert.Throws<GbcsFormatException>(() => DlmsDateTime.Decode(new byte[12], 0).ToUtc()); // month 0
    }

    [Theory]
    [InlineData("0000" + "0101" + "FF" + "000000" + "00" + "0000" + "00")] // year 0
    [InlineData("FFFE" + "0101" + "FF" + "000000" + "00" + "0000" + "00")] // year 65534
    [InlineData("270F" + "0C1F" + "FF" + "173B3B" + "00" + "7FFF" + "00")] // 9999-12-31 23:59:59 moved past the end by its deviation
    [InlineData("0001" + "0101" + "FF" + "000000" + "00" + "8001" + "00")] // 0001-01-01 moved before the start by its deviation
    public void Date_time_outside_what_a_DateTime_holds_is_a_typed_error(string hex)
    {
        var t = DlmsDateTime.Decode(Convert.FromHexString(hex), 0);
        Assert.True(t.IsFullySpecified);
        Assert.Equal(GbcsErrorCode.BadField, Assert.Throws<GbcsFormatException>(() => t.ToUtc()).Code);
    }

    [Theory]
    [InlineData("Cs06Outcome", "300A 0205 0100000000 040101")]                          // response code 2^32
    [InlineData("Cs07", "3007 0205 0100000000")]                                        // response code 2^32
    [InlineData("Cs07", "3018 020100 3013 3011 0408 0102030405060708 0205 0100000001")] // device type 2^32 + 1
    public void An_asn1_code_beyond_32_bits_is_a_typed_error_not_a_narrowed_value(string decoder, string hex)
    {
        var b = Convert.FromHexString(hex.Replace(" ", ""));
        var decode = Decoders.Single(d => d.Name == decoder).Decode;
        Assert.Equal(GbcsErrorCode.BadField, Assert.Throws<GbcsFormatException>(() => decode(b, 0, b.Length)).Code);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_stack_overflow()
    {
        var b = new byte[6 + 2 * 5000 + 1];
        b[0] = 0x0F;
        for (int i = 0; i < 5000; i++) { b[6 + 2 * i] = 0x02; b[7 + 2 * i] = 0x01; }
        var e = Assert.Throws<GbcsFormatException>(() => DataNotification.Decode(b, 0, b.Length));
        Assert.Equal(GbcsErrorCode.Unsupported, e.Code);
    }

    [Fact]
    public void Decoders_reject_regions_outside_the_buffer()
    {
        var failures = new List<string>();
        var b = new byte[4];
        foreach (var (o, n) in new[] { (-1, 2), (0, 5), (3, 2), (5, 0), (0, -1) })
            RunAll(b, o, n, failures, $"offset {o} count {n}");
        foreach (var (name, decode) in Decoders)
        {
            try { decode(null!, 0, 0); }
            catch (GbcsFormatException) { }
            catch (Exception e) { failures.Add($"{name} on null: {e.GetType().Name}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every RTDS DLMS/ASN.1 payload, truncated at every length, with random bit flips, byte changes and random
    /// tails, through every decoder (some 30 000 inputs, each through 22 decoders): only typed errors.
    /// </summary>
    [SharedDataFact]
    public void Mutated_rtds_payloads_fail_only_with_typed_errors()
    {
        var contents = Rtds.All()
            .Where(m => DlmsApdu.IsDlms(m.FirstContentByte) || m.FirstContentByte is 0x30 or 0x05)
            .Select(m => m.Content)
            .ToList();
        Assert.True(contents.Count > 800);
        var rnd = new Random(20240611);
        var failures = new List<string>();
        int inputs = 0;
        foreach (var c in contents)
        {
            // Truncations (the buffer is longer than the region, so an over-read would go unnoticed without ByteReader).
            var padded = new byte[c.Length + 8];
            Array.Copy(c, padded, c.Length);
            for (int n = 0; n < c.Length; n += 1 + c.Length / 24)
            {
                RunAll(padded, 0, n, failures, "truncated");
                inputs++;
            }
            for (int k = 0; k < 12; k++)
            {
                var m = (byte[])c.Clone();
                int flips = 1 + rnd.Next(3);
                for (int f = 0; f < flips; f++)
                {
                    int at = rnd.Next(m.Length);
                    if (rnd.Next(2) == 0) m[at] ^= (byte)(1 << rnd.Next(8));
                    else m[at] = (byte)rnd.Next(256);
                }
                RunAll(m, 0, m.Length, failures, "mutated");
                inputs++;
            }
            var tail = new byte[c.Length];
            Array.Copy(c, tail, Math.Min(c.Length, 8));
            for (int i = 8; i < tail.Length; i++) tail[i] = (byte)rnd.Next(256);
            RunAll(tail, 0, tail.Length, failures, "random tail");
            inputs++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inputs > 10000, inputs.ToString());
    }
}
