using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// Must-show "tampered, replayed and wrong-key commands": rejected, logged in the security log with the reason, and
/// the device log (and everything else but the security log) unchanged.
/// </summary>
public sealed class RejectionTests
{
    private static byte[] Ccs01(HubRig rig) => rig.Remac(RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"));

    private static void AssertRejected(HubRig rig, byte[] frame, SecurityReason reason, int eventCode)
    {
        var before = rig.Log.ExportSnapshot();
        int logged = rig.SecurityEntries().Length;
        int events = rig.EventEntries().Length;
        int frames = rig.Uplink.Frames.Count;

        Assert.Equal(WanMessageOutcome.Rejected, rig.Send(frame));

        Assert.Equal(reason, rig.Engine.LastRejection);
        var entries = rig.SecurityEntries();
        Assert.Equal(logged + 1, entries.Length);
        Assert.Equal(eventCode, entries[^1].EventCode);
        Assert.Equal(reason, SecurityLog.ReasonOf(entries[^1]));
        Assert.Equal(before, rig.Log.ExportSnapshot());
        Assert.Equal(events, rig.EventEntries().Length);
        Assert.Equal(frames, rig.Uplink.Frames.Count);
        Assert.Empty(rig.Han.Forwarded);
    }

    [SharedDataFact]
    public void Tampered_command_is_rejected_as_a_mac_failure()
    {
        using var rig = new HubRig();
        var frame = Ccs01(rig);
        frame[^20] ^= 0x01; // inside the payload (join timeout / enable joining)
        AssertRejected(rig, frame, SecurityReason.MacInvalid, EventCodes.TrustedSourceAuthenticationFailure);
        Assert.Equal(0, rig.Log.Count);
    }

    [SharedDataFact]
    public void Every_single_byte_flip_of_a_chf_command_is_refused_and_changes_nothing()
    {
        using var rig = new HubRig();
        var good = Ccs01(rig);
        var before = rig.Log.ExportSnapshot();
        var m = GbcsFrameParser.Parse(good);
        int targetAt = m.SigningOffset + 1 + 1 + 9 + 9 + 1;
        for (int i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x40;
            var outcome = rig.Send(bad);
            // A flipped target byte makes it a command for another device: forwarded unverified (the meter checks).
            if (i >= targetAt && i < targetAt + 8) Assert.NotEqual(WanMessageOutcome.Executed, outcome);
            else Assert.Equal(WanMessageOutcome.Rejected, outcome);
        }
        Assert.Equal(before, rig.Log.ExportSnapshot());
        Assert.DoesNotContain(rig.Uplink.Frames, f => GbcsFrameParser.Parse(f).Cra == CraFlag.Response);
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(good));
    }

    [SharedDataFact]
    public void Replayed_command_is_rejected_also_after_a_restart()
    {
        using var rig = new HubRig();
        var frame = Ccs01(rig);
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(frame));
        rig.Log.Unregister(HubRig.Esme); // a replay must not be able to add it back

        AssertRejected(rig, frame, SecurityReason.Replay, EventCodes.FailedAuthenticationOther);

        rig.Boot();
        AssertRejected(rig, frame, SecurityReason.Replay, EventCodes.FailedAuthenticationOther);
        Assert.Null(rig.Log.Find(HubRig.Esme));
        Assert.Equal(0x516UL, OriginatorCounter(rig));
    }

    [SharedDataFact]
    public void Older_counter_is_a_replay_newer_is_accepted()
    {
        using var rig = new HubRig();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000010).Encode(), 0x10)));
        AssertRejected(rig, rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x2000000F).Encode(), 0x0F), SecurityReason.Replay, EventCodes.FailedAuthenticationOther);
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000011).Encode(), 0x11)));
    }

    [SharedDataFact]
    public void Command_maced_with_another_key_is_rejected()
    {
        using var rig = new HubRig();
        using var other = NetPrivateKey.Generate();
        AssertRejected(rig, rig.Remac(RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"), other),
            SecurityReason.MacInvalid, EventCodes.TrustedSourceAuthenticationFailure);
        // The supplier's own KA key is not the ACB's either.
        AssertRejected(rig, rig.Remac(RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"), HubRig.Private(HubRig.Supplier, KeyUsage.KeyAgreement)),
            SecurityReason.MacInvalid, EventCodes.TrustedSourceAuthenticationFailure);
        // The RTDS frame as it is was MAC'd for the RTDS CHF's key, not this hub's.
        AssertRejected(rig, RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"), SecurityReason.MacInvalid, EventCodes.TrustedSourceAuthenticationFailure);
        Assert.Equal(0, rig.Log.Count);
    }

    [SharedDataFact]
    public void Unknown_originator_is_refused_as_without_authority()
    {
        using var rig = new HubRig();
        AssertRejected(rig, rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000001).Encode(), 1, originator: 0x1122334455667788),
            SecurityReason.UnknownOriginator, EventCodes.SourceNotAuthorised);
    }

    [SharedDataFact]
    public void Command_without_mac_header_is_refused()
    {
        using var rig = new HubRig();
        var b = new GbcsFrameBuilder { Cra = CraFlag.Command, OriginatorCounter = 5, Originator = HubRig.Acb, Target = HubRig.Chf, MessageCode = MessageCodes.ECS52 };
        b.SetContent(Ecs52ReadFirmwareVersion.BuildRequest(0x20000005).Encode());
        AssertRejected(rig, b.Build(), SecurityReason.MacMissing, EventCodes.TrustedSourceAuthenticationFailure);
    }

    [SharedDataFact]
    public void Response_sent_to_the_hub_is_refused()
    {
        using var rig = new HubRig();
        var frame = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000005).Encode(), 5);
        var m = GbcsFrameParser.Parse(frame);
        var b = GbcsFrameBuilder.FromMessage(m);
        b.Cra = CraFlag.Response;
        AssertRejected(rig, b.Build(), SecurityReason.NotACommand, EventCodes.CommandIntegrityFailed);
    }

    [SharedDataFact]
    public void Garbage_is_logged_as_an_integrity_failure()
    {
        using var rig = new HubRig();
        AssertRejected(rig, new byte[] { 0xDD, 0x00, 0x01 }, SecurityReason.Malformed, EventCodes.CommandIntegrityFailed);
        AssertRejected(rig, Array.Empty<byte>(), SecurityReason.Malformed, EventCodes.CommandIntegrityFailed);
    }

    [SharedDataFact]
    public void Authentic_command_with_a_payload_of_another_use_case_is_refused_without_spending_its_counter()
    {
        using var rig = new HubRig();
        var ccs02Payload = new Ccs02RemoveDevice { LongInvokeIdAndPriority = 0x20000007, DeviceId = HubRig.Esme }.Encode();
        AssertRejected(rig, rig.Command(MessageCodes.CCS01, ccs02Payload, 7), SecurityReason.Malformed, EventCodes.CommandIntegrityFailed);
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000007).Encode(), 7)));
    }

    [SharedDataFact]
    public void Critical_command_needs_a_valid_signature_of_its_originator()
    {
        using var rig = new HubRig();
        var payload = new byte[] { 0x30, 0x00 };
        AssertRejected(rig, rig.Command(MessageCodes.CS06, payload, 20, originator: HubRig.Supplier),
            SecurityReason.SignatureMissing, EventCodes.TrustedSourceAuthenticationFailure);
        AssertRejected(rig, rig.Command(MessageCodes.CS06, payload, 21, originator: HubRig.Supplier, signer: HubRig.Private(HubRig.NetworkOperator, KeyUsage.DigitalSignature)),
            SecurityReason.SignatureInvalid, EventCodes.TrustedSourceAuthenticationFailure);
        // Correctly signed by the supplier: authenticated, then answered with ECS100 (the CHF does not execute CS06 yet).
        Assert.Equal(WanMessageOutcome.NotSupported,
            rig.Send(rig.Command(MessageCodes.CS06, payload, 22, originator: HubRig.Supplier, signer: HubRig.Private(HubRig.Supplier, KeyUsage.DigitalSignature))));
    }

    [SharedDataFact]
    public void Hub_without_an_acb_anchor_accepts_nothing()
    {
        using var rig = new HubRig();
        var anchors = new TrustAnchors();
        anchors.Set(new TrustAnchorCell(RemotePartyRole.Supplier, HubRig.Supplier, null, HubRig.Public(HubRig.Supplier, KeyUsage.KeyAgreement)));
        var engine = new HubEngine(new HubEngineConfig
        {
            Eui = HubRig.Chf, Crypto = rig.Crypto, KeyAgreementKey = rig.ChfKa, DigitalSignatureKey = rig.ChfDs, TrustAnchors = anchors,
            DeviceLog = rig.Log, Counters = OriginatorCounterStore.Open(new CommsHub.Firmware.Core.Storage.RamBlockStore(4096, 2, 1), 1),
            EventLog = rig.Engine.EventLog, SecurityLog = rig.Engine.SecurityLog, Uplink = rig.Uplink, Clock = rig.Clock,
        });
        var frame = Ccs01(rig);
        Assert.Equal(WanMessageOutcome.Rejected, engine.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(SecurityReason.NoAccessControlBroker, engine.LastRejection);
    }

    [SharedDataFact]
    public void A_join_the_han_refuses_is_logged_as_device_joining_failed_and_a_retrying_device_is_counted()
    {
        using var rig = new HubRig();
        const ulong Rogue = 0x1122334455667788;
        for (int i = 0; i < SecurityLog.Burst + 3; i++) rig.Han.RefuseJoin(Rogue);

        var entries = rig.SecurityEntries();
        Assert.Equal(SecurityLog.Burst, entries.Length);
        Assert.All(entries, e => Assert.Equal(EventCodes.DeviceJoiningFailed, e.EventCode));
        Assert.Equal("1122334455667788", Convert.ToHexString(entries[0].Detail));
        Assert.Equal(3, rig.Engine.SecurityLog.Suppressed);

        rig.Clock.Advance(TimeSpan.FromSeconds(SecurityLog.RefillSeconds));
        rig.Han.RefuseJoin(Rogue);
        Assert.Equal(3, SecurityLog.RepeatsOf(rig.SecurityEntries()[^1]));
        Assert.Empty(rig.Uplink.Frames);
    }

    private static ulong OriginatorCounter(HubRig rig)
    {
        // The persisted counter store as a fresh mount sees it.
        var field = typeof(HubEngine).GetField("_config", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return ((HubEngineConfig)field.GetValue(rig.Engine)!).Counters.LastAccepted(HubRig.Acb);
    }
}
