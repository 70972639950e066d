using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Security;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// The event and security logs are evidence, not gates: when their flash fails (a worn-out sector, which a flood of
/// rejected frames hastens), the hub still answers, alerts and rejects, and counts the entries it could not write.
/// Before, the log's exception left the engine half-way: a CCS01 answered without its CS14, a join without its CS14, an
/// undeliverable command without its failure-to-deliver alert.
/// </summary>
public sealed class LogFailureTests
{
    private static readonly byte[] TcLinkKey = Enumerable.Range(0x40, 16).Select(b => (byte)b).ToArray();

    private static HubRig WithFailingEventLog()
    {
        var rig = new HubRig { EventLogWornOut = true };
        rig.Boot();
        return rig;
    }

    [SharedDataFact]
    public void A_ccs01_under_a_failing_event_log_is_answered_and_followed_by_its_cs14()
    {
        using var rig = WithFailingEventLog();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS01, ChfCommands.Ccs01(1), 1)));

        Assert.Equal(2, rig.Uplink.Frames.Count);
        Assert.Equal(CraFlag.Response, GbcsFrameParser.Parse(rig.Uplink.Frames[0]).Cra);
        Assert.Equal(MessageCodes.CS14, GbcsFrameParser.Parse(rig.Uplink.Frames[1]).MessageCode);
        Assert.True(rig.Engine.EventLog.LostEntries >= 2); // the device log change and the actioned command
    }

    [SharedDataFact]
    public void A_join_under_a_failing_event_log_still_raises_its_cs14()
    {
        using var rig = WithFailingEventLog();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, ChfCommands.InstallCode);
        rig.Uplink.Frames.Clear();

        Assert.Equal(DeviceLogResult.Success, rig.Log.DeviceJoined(HubRig.Esme, TcLinkKey));

        Assert.Equal(MessageCodes.CS14, GbcsFrameParser.Parse(Assert.Single(rig.Uplink.Frames)).MessageCode);
    }

    [SharedDataFact]
    public void An_undeliverable_command_under_a_failing_event_log_still_gets_its_failure_to_deliver_alert()
    {
        using var rig = WithFailingEventLog();
        rig.Han.Result = HanForwardResult.MailboxFull;

        Assert.Equal(WanMessageOutcome.Undeliverable, rig.Send(RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX")));

        Assert.Equal(HubEngine.FailureToDeliverMessageCode, GbcsFrameParser.Parse(Assert.Single(rig.Uplink.Frames)).MessageCode);
    }

    [SharedDataFact]
    public void A_frame_rejected_under_a_failing_security_log_is_still_rejected_and_counted()
    {
        using var rig = new HubRig { SecurityLogWornOut = true };
        rig.Boot();

        Assert.Equal(WanMessageOutcome.Rejected, rig.Send(new byte[] { 0xDD, 0x00, 0x01 }));

        Assert.Equal(SecurityReason.Malformed, rig.Engine.LastRejection);
        Assert.Equal(1, rig.Engine.SecurityLog.LostEntries);
    }
}
