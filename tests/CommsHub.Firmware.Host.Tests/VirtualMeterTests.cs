using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

public class VirtualMeterTests
{
    private static GbcsMessageVerifier Verifier() => new(new NetGbcsCrypto(), Rtds.Keys, Rtds.Acb);

    [SharedDataFact]
    public void Rtds_ecs52_command_is_answered_with_the_byte_identical_rtds_response_mac_included()
    {
        var expected = Rtds.Ecs52Response;
        var esme = TestMeters.Esme();
        // Same firmware version as the RTDS response reports.
        esme.FirmwareVersion = Ecs52ReadFirmwareVersionOf(expected);

        var answer = esme.Handle(Rtds.Ecs52Command, 0, Rtds.Ecs52Command.Length);

        Assert.NotNull(answer);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(answer));
        Assert.Equal(1, esme.CommandsAnswered);
    }

    [SharedDataFact]
    public void Tampered_command_is_dropped_with_bad_mac()
    {
        var esme = TestMeters.Esme();
        var command = (byte[])Rtds.Ecs52Command.Clone();
        command[^20] ^= 0x01; // a payload byte
        Assert.Null(esme.Handle(command, 0, command.Length));
        Assert.Equal(MeterRejection.BadMac, esme.LastRejection);
    }

    [SharedDataFact]
    public void Replayed_command_is_dropped()
    {
        var esme = TestMeters.Esme();
        var command = Rtds.Ecs52Command;
        Assert.NotNull(esme.Handle(command, 0, command.Length));
        Assert.Null(esme.Handle(command, 0, command.Length));
        Assert.Equal(MeterRejection.Replay, esme.LastRejection);
    }

    [SharedDataFact]
    public void Command_for_another_device_is_dropped()
    {
        var gsme = TestMeters.Gsme();
        Assert.Null(gsme.Handle(Rtds.Ecs52Command, 0, Rtds.Ecs52Command.Length));
        Assert.Equal(MeterRejection.NotForMe, gsme.LastRejection);
    }

    [SharedDataFact]
    public void Ecs17b_answer_verifies_against_rtds_keys_and_decrypts_to_the_configured_registers()
    {
        var esme = TestMeters.Esme();
        esme.ActiveImportWh = 123456;
        esme.ReactiveImportVarh = 789;
        var command = Rtds.Message("4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX");

        var answer = esme.Handle(command, 0, command.Length)!;

        var m = GbcsFrameParser.Parse(answer);
        Assert.Equal(CraFlag.Response, m.Cra);
        Assert.Equal(CheckResult.Valid, Verifier().CheckMac(m));
        var encrypted = Assert.Single(EncryptedContentLocator.Find(m));
        var plain = new byte[encrypted.CiphertextLength];
        Assert.Equal(CheckResult.Valid, new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(m, encrypted, Rtds.Keys, false, plain, 0));
        var registers = DlmsDataReader.Read(plain, 0, plain.Length).Children[0];
        Assert.Equal(123456, registers.Children[0].Value);
        Assert.Equal(789, registers.Children[2].Value);
    }

    [SharedDataFact]
    public void Ecs17b_answer_equals_rtds_byte_for_byte_given_the_same_values_and_read_time()
    {
        var esme = TestMeters.Esme();
        var expected = Rtds.Message("4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX");
        var rtds = GbcsFrameParser.Parse(expected);
        esme.RegisterReadDateTime = expected.AsSpan(rtds.DateTimeOffset, 12).ToArray();
        var command = Rtds.Message("4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX");

        var answer = esme.Handle(command, 0, command.Length)!;

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(answer));
    }

    [SharedDataFact]
    public void Gcs38_on_the_gsme_is_answered_byte_identical_to_rtds()
    {
        var gsme = TestMeters.Gsme();
        // The GSME's KA private key is not public: the ACB MAC is re-applied for this one's key (payload unchanged).
        var command = HubSetup.Remac(Rtds.Message("11.2_GCS38/GCS38_11.2_SUCCESS_COMMAND_GBCS.HEX"), gsme.Keys.KeyAgreement.PublicKey);
        var expected = Rtds.Message("11.2_GCS38/GCS38_11.2_SUCCESS_RESPONSE_GBCS.HEX");

        var answer = gsme.Handle(command, 0, command.Length)!;

        // Everything but the MAC is RTDS's.
        Assert.Equal(Convert.ToHexString(expected[..^12]), Convert.ToHexString(answer[..^12]));
        var m = GbcsFrameParser.Parse(answer);
        Assert.Equal(CheckResult.Valid, new GbcsMac(new NetGbcsCrypto()).Verify(m, Rtds.Private(Rtds.Supplier, KeyUsage.KeyAgreement), gsme.Keys.KeyAgreement.PublicKey));
    }

    [SharedDataFact]
    public void Unsupported_command_gets_a_signed_ecs100_alert_naming_the_command()
    {
        var gsme = TestMeters.Gsme();
        // A GSME now answers every plain GBZ command; a DLMS payload is something it cannot speak.
        var command = HubSetup.Remac(Rtds.Message("3.3_CS11/CS11_3.3_SUCCESS_COMMAND_GBCS.HEX"), gsme.Keys.KeyAgreement.PublicKey,
            content: Convert.FromHexString("D900"));

        var alert = GbcsFrameParser.Parse(gsme.Handle(command, 0, command.Length)!);

        Assert.Equal(CraFlag.Alert, alert.Cra);
        Assert.Equal(VirtualMeter.CommandNotSupportedMessageCode, alert.MessageCode);
        Assert.Equal(Rtds.Supplier, alert.Target);
        Assert.Equal(SignatureKind.Ecdsa, alert.Signature);
        Assert.True(new NetGbcsCrypto().EcdsaVerify(gsme.Keys.DigitalSignature.PublicKey, alert.Buffer, alert.SignedDataOffset,
            alert.SignedDataLength, alert.Buffer, alert.SignatureOffset));
        var n = DataNotification.Decode(alert.Buffer, alert.ContentOffset, alert.ContentLength);
        Assert.Equal(EventCodes.CommandNotSupported, n.AlertCode);
        var detail = n.AlertItem(0).ToBytes();
        Assert.Equal("001500000000000003E8", Convert.ToHexString(detail)); // CS11 message code, then its counter
    }

    [SharedDataFact]
    public void Alert_is_maced_device_x_supplier()
    {
        var esme = TestMeters.Esme();
        var frame = esme.BuildAlert(VirtualMeter.RtdsNonCriticalAlertCode)!;
        var m = GbcsFrameParser.Parse(frame);
        Assert.Equal(CraFlag.Alert, m.Cra);
        Assert.Equal(VirtualMeter.GenericNonCriticalAlertCode, m.MessageCode);
        Assert.Equal(CheckResult.Valid, Verifier().CheckMac(m));
        Assert.Equal(VirtualMeter.RtdsNonCriticalAlertCode, DataNotification.Decode(m.Buffer, m.ContentOffset, m.ContentLength).AlertCode);
    }

    private static byte[] Ecs52ReadFirmwareVersionOf(byte[] response)
    {
        var m = GbcsFrameParser.Parse(response);
        return CommsHub.Protocol.UseCases.Ecs52ReadFirmwareVersion.Decode(m.Buffer, m.ContentOffset, m.ContentLength).FirmwareVersion;
    }
}
