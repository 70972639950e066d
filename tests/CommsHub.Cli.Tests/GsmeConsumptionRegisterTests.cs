using CommsHub.Cli.Readings;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The GCS13a register arithmetic on hand-made ZCL Read Attributes Response payloads: summation x multiplier / divisor
/// in the unit the meter names, BCD when the unit says so, and a clear refusal for what cannot be read.
/// </summary>
public class GsmeConsumptionRegisterTests
{
    private const int Metering = 0x0702;
    private const int ReadAttributesResponse = 0x01;

    [Theory]
    [InlineData(12345UL, 1U, 1000U, 0x01, "consumption 12.345 m3")]
    [InlineData(12345UL, 3U, 1000U, 0x01, "consumption 37.035 m3")]
    [InlineData(12000UL, 1U, 1000U, 0x01, "consumption 12 m3")]
    [InlineData(7UL, 1U, 1U, 0x00, "consumption 7 kWh")]
    [InlineData(250UL, 1U, 100U, 0x02, "consumption 2.5 ft3")]
    [InlineData(5UL, 1U, 1U, 0x0F, "consumption 5 unit 0x0F")]
    [InlineData(0x012345UL, 1U, 1000U, 0x81, "consumption 12.345 m3")] // BCD register
    public void The_register_is_scaled_as_the_metering_cluster_says(ulong summation, uint multiplier, uint divisor, int unit, string expected)
    {
        var payload = Records(Divisor(divisor), Multiplier(multiplier), Unit(unit), Summation(summation));
        Assert.Equal(expected, GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse, payload));
    }

    [Fact]
    public void Attributes_are_found_in_any_order()
    {
        var payload = Records(Summation(4242), Unit(0x01), Divisor(100), Multiplier(2));
        Assert.Equal("consumption 84.84 m3", GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse, payload));
    }

    [Fact]
    public void A_missing_attribute_is_named()
    {
        var e = Assert.Throws<ReadingException>(() =>
            GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse, Records(Divisor(1000), Unit(0x01), Summation(1))));
        Assert.Equal("GCS13a: the meter did not return Multiplier (0x0301)", e.Message);
    }

    [Fact]
    public void An_unsupported_attribute_is_named_with_its_status()
    {
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse,
            Records(Divisor(1000), Multiplier(1), [0x00, 0x03, 0x86], Summation(1))));
        Assert.Equal("GCS13a: the meter could not read Unit of Measure (0x0300): status 0x86 (unsupported attribute)", e.Message);
    }

    [Fact]
    public void A_zero_divisor_is_refused()
    {
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse,
            Records(Divisor(0), Multiplier(1), Unit(0x01), Summation(1))));
        Assert.Equal("GCS13a: the meter's Divisor is 0", e.Message);
    }

    [Fact]
    public void A_register_that_is_not_bcd_under_a_bcd_unit_is_refused()
    {
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse,
            Records(Divisor(1), Multiplier(1), Unit(0x81), Summation(0x1A))));
        Assert.Equal("GCS13a: register 0x1A is not BCD, as its unit of measure says", e.Message);
    }

    [Fact]
    public void A_record_cut_short_is_refused()
    {
        var payload = Records(Divisor(1000), Multiplier(1), Unit(0x01), Summation(1));
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse, payload[..^2]));
        Assert.Equal("GCS13a: the Read Attributes Response ends before the value of attribute 0x0000", e.Message);
    }

    [Fact]
    public void A_value_of_an_unknown_data_type_is_refused()
    {
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse,
            Records([0x00, 0x00, 0x00, 0x48, 0x01])));
        Assert.Equal("GCS13a: attribute 0x0000 has ZCL data type 0x48, which read-meter does not know", e.Message);
    }

    [Fact]
    public void Another_cluster_or_command_is_refused()
    {
        var e = Assert.Throws<ReadingException>(() => GsmeConsumptionRegister.Describe(0x0709, ReadAttributesResponse, []));
        Assert.Equal("GCS13a: expected a Metering (0x0702) Read Attributes Response, found cluster 0x0709 command 0x01", e.Message);
    }

    [Fact]
    public void Strings_and_failed_records_are_stepped_over()
    {
        // An octet string (length-prefixed) and a failed record before the ones that matter.
        var payload = Records([0x06, 0x02, 0x00, 0x41, 0x02, 0xAB, 0xCD], [0x07, 0x02, 0xC1], Divisor(10), Multiplier(1), Unit(0x01), Summation(5));
        Assert.Equal("consumption 0.5 m3", GsmeConsumptionRegister.Describe(Metering, ReadAttributesResponse, payload));
    }

    private static byte[] Records(params byte[][] records) => records.SelectMany(r => r).ToArray();

    private static byte[] Divisor(uint v) => Record(0x0302, 0x22, v, 3);

    private static byte[] Multiplier(uint v) => Record(0x0301, 0x22, v, 3);

    private static byte[] Unit(int v) => Record(0x0300, 0x30, (ulong)v, 1);

    private static byte[] Summation(ulong v) => Record(0x0000, 0x25, v, 6);

    // id (little-endian), status success, data type, value little-endian in size bytes: as a GSME puts it on the air.
    private static byte[] Record(int id, int type, ulong value, int size) =>
        [(byte)id, (byte)(id >> 8), 0x00, (byte)type, .. Enumerable.Range(0, size).Select(i => (byte)(value >> (8 * i)))];
}
