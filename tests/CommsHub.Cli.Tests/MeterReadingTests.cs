using CommsHub.Cli.Readings;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// What <c>read-meter</c> prints for a 4.1.1 I0 payload, checked on DCC's RTDS responses (decrypted with the RTDS
/// keystore, which holds the supplier's KA private key): the decoder follows the message code (ECS17b for an ESME,
/// GCS13a for a GSME), and anything else is a <see cref="ReadingException"/>, never a crash.
/// </summary>
public class MeterReadingTests
{
    private const string Gcs13aFolder = "4.1.1_GCS13a/";
    private const string Ecs17bFolder = "4.1.1_ECS17b/";

    [SharedDataTheory]
    [InlineData("GCS13a_4.1.1_SUCCESS_UNRELIABLE_RESPONSE_GBCS.HEX")]
    [InlineData("GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_RESPONSE_GBCS.HEX")]
    [InlineData("GCS13a_4.1.1_SUCCESS_RELIABLE_GPF_RESPONSE_GBCS.HEX")]
    public void A_gas_answer_is_the_consumption_register_with_multiplier_and_divisor_applied(string file)
    {
        // RTDS: Current Summation Delivered 12345, multiplier 1, divisor 1000, unit 0x01 (m3, binary).
        Assert.Equal("consumption 12.345 m3", Describe(Gcs13aFolder + file));
    }

    [SharedDataTheory]
    [InlineData("ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX")]
    [InlineData("ECS17b_4.1.1_TWIN_SUCCESS_RESPONSE_GBCS.HEX")]
    public void An_electricity_answer_is_the_two_import_registers(string file)
    {
        Assert.Equal("active import 10 Wh, reactive import 10 varh", Describe(Ecs17bFolder + file));
    }

    [SharedDataFact]
    public void A_gas_answer_whose_divisor_failed_names_the_attribute_and_status()
    {
        var e = Assert.Throws<ReadingException>(() => Describe(Gcs13aFolder + "GCS13a_4.1.1_ERROR_RESPONSE_GBCS.HEX"));
        Assert.Equal("GCS13a: the meter could not read Divisor (0x0302): status 0xC0 (hardware failure)", e.Message);
    }

    [SharedDataFact]
    public void An_electricity_error_answer_is_refused_not_crashed_on()
    {
        var e = Assert.Throws<ReadingException>(() => Describe(Ecs17bFolder + "ECS17b_4.1.1_ERROR_RESPONSE_GBCS.HEX"));
        Assert.StartsWith("ECS17b: ", e.Message);
    }

    [SharedDataFact]
    public void Another_use_case_is_named_and_refused()
    {
        var gcs38 = RtdsCorpus.Entries.First(e => e.Name.StartsWith("GCS38_", StringComparison.Ordinal) && e.Name.Contains("RESPONSE"));
        var e = Assert.Throws<ReadingException>(() => MeterReading.Describe(RtdsCorpus.Bytes(gcs38), Keys));
        Assert.Equal("message code 0x0084 (GCS38 Read GSME Firmware Version) is not a register read read-meter decodes (ECS17b, GCS13a)", e.Message);
    }

    [SharedDataFact]
    public void Registers_that_do_not_decrypt_are_refused()
    {
        var gbcs = RtdsCorpus.Bytes(Gcs13aFolder + "GCS13a_4.1.1_SUCCESS_UNRELIABLE_RESPONSE_GBCS.HEX");
        gbcs[^20] ^= 0x01; // in the encrypted component's GCM tag (only the null signature and the 12-byte frame MAC follow it)
        var e = Assert.Throws<ReadingException>(() => MeterReading.Describe(gbcs, Keys));
        Assert.Equal("GCS13a: the registers do not decrypt with the reader's KA key (Invalid)", e.Message);
    }

    [SharedDataFact]
    public void Registers_for_a_reader_whose_keys_are_not_held_are_refused()
    {
        var gbcs = RtdsCorpus.Bytes(Gcs13aFolder + "GCS13a_4.1.1_SUCCESS_UNRELIABLE_RESPONSE_GBCS.HEX");
        var e = Assert.Throws<ReadingException>(() => MeterReading.Describe(gbcs, new InMemoryKeyStore()));
        Assert.Equal("GCS13a: no KA key pair to decrypt the registers for 90B3D51F30010000 from 00DB1234567890A1", e.Message);
    }

    [Fact]
    public void Bytes_that_are_no_GBCS_frame_are_refused()
    {
        var e = Assert.Throws<ReadingException>(() => MeterReading.Describe(Hex.Decode("DF0901"), new InMemoryKeyStore()));
        Assert.StartsWith("the GBCS payload does not parse: ", e.Message);
    }

    private static DirectoryKeyStore Keys => new(RtdsCorpus.KeystorePath);

    private static string Describe(string file) => MeterReading.Describe(RtdsCorpus.Bytes(file), Keys);
}
