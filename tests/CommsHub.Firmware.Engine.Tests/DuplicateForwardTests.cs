using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// A command for a HAN device can reach the hub twice (the broker redelivers after a reconnect, the adapter's sweeper
/// republishes the stored bytes). While the first copy is on its way, a second copy the HAN cannot take must not
/// undo the first: its answer keeps its place in the outbox and no failure-to-deliver alert tells the user the
/// command failed when it is about to run.
/// </summary>
public sealed class DuplicateForwardTests
{
    private static byte[] Ecs52() => RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX");

    [SharedDataTheory]
    [InlineData(HanForwardResult.MailboxFull)]
    [InlineData(HanForwardResult.LinkError)]
    public void A_second_copy_the_han_refuses_leaves_the_first_copy_owed_and_raises_no_alert(HanForwardResult second)
    {
        using var rig = new HubRig();
        rig.Han.Result = HanForwardResult.Queued;
        Assert.Equal(WanMessageOutcome.Forwarded, rig.Send(Ecs52()));
        Assert.Equal(1, rig.Engine.OwedAnswers);

        rig.Han.Result = second;
        rig.Send(Ecs52());

        Assert.Equal(1, rig.Engine.OwedAnswers);
        Assert.Empty(rig.Uplink.Frames);
        Assert.Equal(0, rig.Engine.UndeliverableCommands);

        // The first copy's response still finds its place.
        rig.Han.Receive(HubRig.Esme, RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_RESPONSE_GBCS.HEX"));
        Assert.Equal(0, rig.Engine.OwedAnswers);
        Assert.Single(rig.Uplink.Frames);
    }

    [SharedDataFact]
    public void A_copy_that_cannot_be_delivered_when_none_is_on_its_way_still_gets_its_alert()
    {
        using var rig = new HubRig();
        rig.Han.Result = HanForwardResult.MailboxFull;
        Assert.Equal(WanMessageOutcome.Undeliverable, rig.Send(Ecs52()));
        Assert.Equal(WanMessageOutcome.Undeliverable, rig.Send(Ecs52()));
        Assert.Equal(2, rig.Uplink.Frames.Count);
        Assert.Equal(0, rig.Engine.OwedAnswers);
    }
}
