using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Net;
using Microsoft.Extensions.Logging.Abstractions;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>CS06 Activate Firmware on the virtual ESME: executed only when signed, answered signed, future-dated runs at its time.</summary>
public class VirtualEsmeFirmwareActivationTests
{
    private const string Immediate = "11.3_CS06/CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX";
    private const string FutureDated = "11.3_CS06/CS06_11.3_FUTURE_DATED_SUCCESS_COMMAND_GBCS.HEX";
    private const string Cancellation = "11.3_CS06/CS06_11.3_CANCELLATION_SUCCESS_COMMAND_GBCS.HEX";

    [SharedDataFact]
    public void An_immediate_activation_of_the_held_image_runs_its_version_and_the_signed_answer_says_success()
    {
        var esme = TestMeters.Esme();
        var command = Command(Immediate);
        esme.Firmware.Hold(command.ManufacturerImageHash, [0x01, 0x23, 0xAB, 0xCE]);

        var answer = Handle(esme, Immediate);

        Assert.Equal(SignatureKind.Ecdsa, answer.Signature);
        Assert.True(new NetGbcsCrypto().EcdsaVerify(esme.Keys.DigitalSignature.PublicKey, answer.Buffer, answer.SignedDataOffset,
            answer.SignedDataLength, answer.Buffer, answer.SignatureOffset));
        var outcome = Cs06ExecutionOutcome.Decode(answer.Buffer, answer.ContentOffset, answer.ContentLength);
        Assert.Equal(FirmwareActivation.Success, outcome.ResponseCode);
        Assert.Equal("0123ABCE", Convert.ToHexString(outcome.FirmwareVersion));
        Assert.Equal("0123ABCE", Convert.ToHexString(esme.FirmwareVersion));
    }

    [SharedDataFact]
    public void Without_an_image_or_with_another_hash_the_activation_fails_and_the_version_stays()
    {
        var none = TestMeters.Esme();
        var other = TestMeters.Esme();
        other.Firmware.Hold(new byte[Cs06ActivateFirmwareCommand.HashLength], [9, 9, 9, 9]);

        var noImage = Outcome(Handle(none, Immediate));
        var mismatch = Outcome(Handle(other, Immediate));

        Assert.Equal(FirmwareActivation.NoImageHeld, noImage.ResponseCode);
        Assert.Equal(FirmwareActivation.HashMismatch, mismatch.ResponseCode);
        Assert.Equal("0123ABCD", Convert.ToHexString(mismatch.FirmwareVersion));
        Assert.Equal("0123ABCD", Convert.ToHexString(other.FirmwareVersion));
    }

    [SharedDataFact]
    public void A_future_dated_activation_is_accepted_runs_at_its_time_and_its_alert_reports_the_outcome()
    {
        var esme = TestMeters.Esme();
        var command = Command(FutureDated);
        esme.Firmware.Hold(command.ManufacturerImageHash, [0x01, 0x23, 0xAB, 0xCE]);

        var answer = Handle(esme, FutureDated);

        Assert.True(Cs06ExecutionOutcome.IsCommandAccepted(answer.Buffer, answer.ContentOffset, answer.ContentLength));
        var at = GeneralizedTime.Parse(command.ExecutionDateTime!);
        Assert.Equal(at, esme.Firmware.PendingAt);
        Assert.Null(esme.Firmware.RunDue(at.AddSeconds(-1)));
        Assert.Equal("0123ABCD", Convert.ToHexString(esme.FirmwareVersion));
        var due = esme.Firmware.RunDue(at)!.Value;
        var alert = Cs06FirmwareActivationAlert.Decode(due.Payload, 0, due.Payload.Length);
        Assert.Equal(FirmwareActivation.ActionedAlertCode, alert.AlertCode);
        Assert.Equal(command.OriginatorCounter, alert.OriginatorCounter);
        Assert.Equal(command.ExecutionDateTime, alert.ExecutionDateTime);
        Assert.Equal(Rtds.Supplier, due.Recipient);
        Assert.Equal("0123ABCE", Convert.ToHexString(esme.FirmwareVersion));
        Assert.Null(esme.Firmware.PendingAt);
    }

    [SharedDataFact]
    public void At_its_time_a_joined_meter_sends_the_signed_activation_alert_to_the_originator()
    {
        var esme = TestMeters.Esme();
        var command = Command(FutureDated);
        esme.Firmware.Hold(command.ManufacturerImageHash, [0x01, 0x23, 0xAB, 0xCE]);
        Handle(esme, FutureDated);
        var han = new SimulatedHan(new InlineScheduler(), new NetAes128(), SystemClock.Instance, NullLogger.Instance);
        han.Attach(esme);
        esme.IsJoined = true;
        var sent = new List<byte[]>();
        han.PayloadReceived += (_, p, o, n) =>
        {
            var t = TunnelFrame.Decode(p, o, n);
            sent.Add(t.Buffer.AsSpan(t.MessageOffset, t.MessageLength).ToArray());
        };
        var at = GeneralizedTime.Parse(command.ExecutionDateTime!);

        esme.Tick(at.AddSeconds(-1));
        esme.Tick(at);
        esme.Tick(at.AddSeconds(1));

        var m = GbcsFrameParser.Parse(Assert.Single(sent));
        Assert.Equal(VirtualEsme.FirmwareActivationAlertCode, m.MessageCode);
        Assert.Equal(CraFlag.Alert, m.Cra);
        Assert.Equal(Rtds.Supplier, m.Target);
        Assert.True(new NetGbcsCrypto().EcdsaVerify(esme.Keys.DigitalSignature.PublicKey, m.Buffer, m.SignedDataOffset, m.SignedDataLength,
            m.Buffer, m.SignatureOffset));
        var alert = Cs06FirmwareActivationAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
        Assert.Equal(FirmwareActivation.ActionedAlertCode, alert.AlertCode);
        Assert.Equal(FirmwareActivation.Success, alert.Outcome.ResponseCode);
    }

    [SharedDataFact]
    public void The_cancellation_time_removes_the_pending_activation()
    {
        var firmware = new FirmwareActivation([1, 2, 3, 4]);
        firmware.Handle(Command(FutureDated), Rtds.Supplier);

        var answer = firmware.Handle(Command(Cancellation), Rtds.Supplier);

        Assert.True(Cs06ExecutionOutcome.IsCommandAccepted(answer, 0, answer.Length));
        Assert.Null(firmware.PendingAt);
        Assert.Null(firmware.RunDue(DateTime.MaxValue));
    }

    [SharedDataFact]
    public void A_critical_command_without_its_originators_signature_is_dropped_unexecuted()
    {
        var esme = TestMeters.Esme();
        esme.Firmware.Hold(Command(Immediate).ManufacturerImageHash, [0x01, 0x23, 0xAB, 0xCE]);
        var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(Rtds.Message(Immediate)));
        b.Signature = SignatureKind.Null;
        b.SignatureBytes = null!;
        var unsigned = HubSetup.Remac(b.Build(), esme.Keys.KeyAgreement.PublicKey);

        Assert.Null(esme.Handle(unsigned, 0, unsigned.Length));
        Assert.Equal(MeterRejection.BadSignature, esme.LastRejection);
        Assert.Equal("0123ABCD", Convert.ToHexString(esme.FirmwareVersion));
    }

    [SharedDataFact]
    public void A_critical_command_the_acb_originates_is_authenticated_by_its_mac_alone()
    {
        var esme = TestMeters.Esme();
        var frame = HubSetup.Remac(Rtds.Message("8.5_CS02bACBByACB/CS02bACBByACB_8.5_SUCCESS_COMMAND_GBCS.HEX"), esme.Keys.KeyAgreement.PublicKey);

        Assert.NotNull(esme.Handle(frame, 0, frame.Length));
        Assert.Equal(MeterRejection.None, esme.LastRejection);
    }

    private sealed class InlineScheduler : IHubScheduler
    {
        public bool Post(Action work)
        {
            work();
            return true;
        }
    }

    private static GbcsMessage Handle(VirtualEsme esme, string file)
    {
        var frame = HubSetup.Remac(Rtds.Message(file), esme.Keys.KeyAgreement.PublicKey);
        return GbcsFrameParser.Parse(esme.Handle(frame, 0, frame.Length)!);
    }

    private static Cs06ExecutionOutcome Outcome(GbcsMessage m) => Cs06ExecutionOutcome.Decode(m.Buffer, m.ContentOffset, m.ContentLength);

    private static Cs06ActivateFirmwareCommand Command(string file)
    {
        var m = GbcsFrameParser.Parse(Rtds.Message(file));
        return Cs06ActivateFirmwareCommand.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
    }
}
