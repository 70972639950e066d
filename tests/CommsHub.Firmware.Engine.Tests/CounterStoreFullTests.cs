using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// The anti-replay table holds <see cref="OriginatorCounterStore.Capacity"/> parties and is persisted, so over a hub's
/// life it fills with parties whose trust anchor cells were replaced (a change of supplier re-provisions the anchors).
/// A command from a party the full table cannot record must still run at most once: its replay is refused.
/// </summary>
public sealed class CounterStoreFullTests
{
    private const ulong FirstFormerParty = 0x7700000000000001;

    private static HubEngine Engine(HubRig rig, RamBlockStore counterFlash)
    {
        var anchors = new TrustAnchors();
        anchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, HubRig.Acb, null, HubRig.Public(HubRig.Acb, KeyUsage.KeyAgreement)));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.Supplier, HubRig.Supplier, null, HubRig.Public(HubRig.Supplier, KeyUsage.KeyAgreement)));
        return new HubEngine(new HubEngineConfig
        {
            Eui = HubRig.Chf, Crypto = rig.Crypto, KeyAgreementKey = rig.ChfKa, DigitalSignatureKey = rig.ChfDs, TrustAnchors = anchors,
            DeviceLog = rig.Log, Counters = OriginatorCounterStore.Open(counterFlash, 1),
            EventLog = rig.Engine.EventLog, SecurityLog = rig.Engine.SecurityLog, Uplink = rig.Uplink, Clock = rig.Clock,
        });
    }

    private static RamBlockStore FullOfFormerParties()
    {
        var flash = new RamBlockStore(HubRig.SectorSize, 2, 1);
        var former = OriginatorCounterStore.Open(flash, 1);
        for (int i = 0; i < OriginatorCounterStore.Capacity; i++) Assert.True(former.Accept(FirstFormerParty + (ulong)i, 100));
        return flash;
    }

    private static RamBlockStore FullWithTheSupplierAt(ulong supplierCounter)
    {
        var flash = new RamBlockStore(HubRig.SectorSize, 2, 1);
        var former = OriginatorCounterStore.Open(flash, 1);
        Assert.True(former.Accept(HubRig.Supplier, supplierCounter));
        for (int i = 1; i < OriginatorCounterStore.Capacity; i++) Assert.True(former.Accept(FirstFormerParty + (ulong)i, 100));
        return flash;
    }

    private static RamBlockStore Reopen(RamBlockStore flash) => new(flash.Flash, HubRig.SectorSize, 2);

    [SharedDataFact]
    public void A_command_replayed_into_a_table_full_of_former_parties_is_refused()
    {
        using var rig = new HubRig();
        var flash = FullOfFormerParties();
        var engine = Engine(rig, flash);
        var frame = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000010).Encode(), 0x10);

        Assert.Equal(WanMessageOutcome.Executed, engine.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(WanMessageOutcome.Rejected, engine.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(SecurityReason.Replay, engine.LastRejection);

        // The accepted counter is on flash: a reboot does not reopen the replay.
        var rebooted = Engine(rig, Reopen(flash));
        Assert.Equal(WanMessageOutcome.Rejected, rebooted.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(SecurityReason.Replay, rebooted.LastRejection);
    }

    [SharedDataFact]
    public void An_unsupported_command_replayed_into_a_full_table_gets_one_ecs100()
    {
        using var rig = new HubRig();
        var engine = Engine(rig, FullOfFormerParties());
        var frame = rig.Command(0x0074 /* GCS13a: no CHF use case */, new byte[] { 0xD9, 0x20, 0, 0, 0x11, 0, 0, 0 }, 0x11);
        int frames = rig.Uplink.Frames.Count;

        Assert.Equal(WanMessageOutcome.NotSupported, engine.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(WanMessageOutcome.Rejected, engine.HandleWanMessage(frame, 0, frame.Length));
        Assert.Equal(frames + 1, rig.Uplink.Frames.Count);
    }

    [SharedDataFact]
    public void Making_room_keeps_the_counters_of_parties_still_anchored()
    {
        using var rig = new HubRig();
        var engine = Engine(rig, FullWithTheSupplierAt(0x50));
        var acb = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000010).Encode(), 0x10);
        Assert.Equal(WanMessageOutcome.Executed, engine.HandleWanMessage(acb, 0, acb.Length));

        var supplierReplay = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000050).Encode(), 0x50, originator: HubRig.Supplier);
        Assert.Equal(WanMessageOutcome.Rejected, engine.HandleWanMessage(supplierReplay, 0, supplierReplay.Length));
        Assert.Equal(SecurityReason.Replay, engine.LastRejection);
        var supplierNext = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000051).Encode(), 0x51, originator: HubRig.Supplier);
        Assert.Equal(WanMessageOutcome.Executed, engine.HandleWanMessage(supplierNext, 0, supplierNext.Length));
    }
}
