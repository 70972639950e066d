using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// GCS13a (SRV 4.1.1 on a gas meter) against the virtual GSME. Its KA private key is not RTDS's (not public), so the
/// ACB MAC of the RTDS command is re-applied for the test meter's key, and the answer's ciphertext, tag and MAC can
/// only differ from RTDS's: everything else is compared byte for byte, and the decrypted records are compared with
/// what the RTDS response decrypts to under the RTDS keys.
/// </summary>
public class VirtualGsmeRegisterTests
{
    private const string Folder = "4.1.1_GCS13a/";
    private const string Command = Folder + "GCS13a_4.1.1_SUCCESS_UNRELIABLE_COMMAND_GBCS.HEX";
    private const string Response = Folder + "GCS13a_4.1.1_SUCCESS_UNRELIABLE_RESPONSE_GBCS.HEX";

    [Fact]
    public void The_message_code_is_gcs13a() =>
        Assert.Equal("GCS13a", MessageCodes.Lookup(VirtualGsme.Gcs13aMessageCode).Name);

    [SharedDataFact]
    public void Answer_is_rtds_byte_for_byte_outside_the_ciphertext_and_mac_and_decrypts_to_the_rtds_records()
    {
        var gsme = TestMeters.Gsme();
        var expected = Rtds.Message(Response);
        var rtds = GbcsFrameParser.Parse(expected);
        gsme.RegisterReadDateTime = expected.AsSpan(rtds.DateTimeOffset, 12).ToArray();

        var answer = Answer(gsme, Rtds.Message(Command));

        var m = GbcsFrameParser.Parse(answer);
        var ours = Assert.Single(EncryptedContentLocator.Find(m));
        var theirs = Assert.Single(EncryptedContentLocator.Find(rtds));
        Assert.Equal(theirs.Offset, ours.Offset);
        Assert.Equal(theirs.Length, ours.Length);
        Assert.Equal(Convert.ToHexString(expected[..ours.CiphertextOffset]), Convert.ToHexString(answer[..ours.CiphertextOffset]));
        int afterTag = ours.TagOffset + EncryptedContent.TagLength;
        Assert.Equal(Convert.ToHexString(expected[afterTag..^12]), Convert.ToHexString(answer[afterTag..^12]));
        Assert.Equal(Convert.ToHexString(RtdsRecords(rtds, theirs)), Convert.ToHexString(Decrypt(gsme, m)));
    }

    [SharedDataFact]
    public void Answer_is_a_maced_response_to_the_supplier_with_a_null_signature()
    {
        var gsme = TestMeters.Gsme();

        var m = GbcsFrameParser.Parse(Answer(gsme, Rtds.Message(Command)));

        Assert.Equal(CraFlag.Response, m.Cra);
        Assert.Equal(VirtualGsme.Gcs13aMessageCode, m.MessageCode);
        Assert.Equal(Rtds.Gsme, m.Originator);
        Assert.Equal(Rtds.Supplier, m.Target);
        Assert.Equal(0x3E9UL, m.OriginatorCounter); // the command's
        Assert.Equal(SignatureKind.Null, m.Signature); // GCS13a is non-critical (SME.C.NC): MAC only
        Assert.Equal(CheckResult.Valid,
            new GbcsMac(new NetGbcsCrypto()).Verify(m, Rtds.Private(Rtds.Supplier, KeyUsage.KeyAgreement), gsme.Keys.KeyAgreement.PublicKey));
    }

    [SharedDataFact]
    public void Answer_carries_the_registers_the_meter_holds()
    {
        var gsme = TestMeters.Gsme();
        gsme.ConsumptionRegister = 0xA1B2C3D4E5F6;
        gsme.Divisor = 0x0186A0; // 100000
        gsme.Multiplier = 0x000203;
        gsme.UnitOfMeasure = 0x81;

        var records = Decrypt(gsme, GbcsFrameParser.Parse(Answer(gsme, Rtds.Message(Command))));

        // Divisor, Multiplier, Unit of Measure, Current Summation Delivered (the command's order): id LE, status, type, value LE.
        Assert.Equal("0203" + "00" + "22" + "A08601" +
                     "0103" + "00" + "22" + "030200" +
                     "0003" + "00" + "30" + "81" +
                     "0000" + "00" + "25" + "F6E5D4C3B2A1", Convert.ToHexString(records));
    }

    [SharedDataFact]
    public void An_attribute_the_meter_lacks_is_answered_unsupported_in_place()
    {
        var gsme = TestMeters.Gsme();
        // Read Attributes of Current Summation Delivered and 0x0400 (not held), ZCL sequence number 7.
        var content = Convert.FromHexString("0109" + "01" + "01" + "0702" + "0007" + "00" + "07" + "00" + "0000" + "0004");

        var answer = Answer(gsme, Rtds.Message(Command), content);

        var m = GbcsFrameParser.Parse(answer);
        var c = Assert.Single(EncryptedContentLocator.Find(m));
        Assert.Equal(7, c.ZclSequenceNumber);
        Assert.Equal("0000" + "00" + "25" + "393000000000" + "0004" + "86", Convert.ToHexString(Decrypt(gsme, m)));
    }

    [SharedDataFact]
    public void A_read_of_another_cluster_gets_the_not_supported_alert()
    {
        var gsme = TestMeters.Gsme();
        var content = Convert.FromHexString("0109" + "01" + "01" + "0709" + "0005" + "00" + "00" + "00" + "0000"); // Events cluster

        var m = GbcsFrameParser.Parse(Answer(gsme, Rtds.Message(Command), content));

        Assert.Equal(CraFlag.Alert, m.Cra);
        Assert.Equal(VirtualMeter.CommandNotSupportedMessageCode, m.MessageCode);
    }

    private static byte[] Answer(VirtualGsme gsme, byte[] rtdsCommand, byte[]? content = null)
    {
        var command = HubSetup.Remac(rtdsCommand, gsme.Keys.KeyAgreement.PublicKey, content: content);
        var answer = gsme.Handle(command, 0, command.Length);
        Assert.NotNull(answer);
        return answer;
    }

    // The supplier reads the answer with its KA private key and the meter's KA public key.
    private static byte[] Decrypt(VirtualGsme gsme, GbcsMessage m)
    {
        var c = Assert.Single(EncryptedContentLocator.Find(m));
        var plain = new byte[c.CiphertextLength];
        Assert.True(new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(m, c,
            Rtds.Private(Rtds.Supplier, KeyUsage.KeyAgreement), gsme.Keys.KeyAgreement.PublicKey, plain, 0));
        return plain;
    }

    private static byte[] RtdsRecords(GbcsMessage rtds, EncryptedContent c)
    {
        var plain = new byte[c.CiphertextLength];
        Assert.Equal(CheckResult.Valid, new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(rtds, c, Rtds.Keys, false, plain, 0));
        return plain;
    }
}
