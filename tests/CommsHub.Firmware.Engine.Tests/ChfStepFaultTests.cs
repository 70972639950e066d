using CommsHub.Firmware.Core.Engine;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// A <see cref="ChfStepFault"/> armed on the engine: the failing DLMS step answers hardware-fault (1) with null data,
/// every later one other-reason (250), the earlier ones run; the failing and later steps change nothing
/// (docs/VIRTUAL-DEVICE-FAULTS.md).
/// </summary>
public sealed class ChfStepFaultTests
{
    private static byte[] Ccs01(ulong counter) => ChfCommands.Ccs01(counter);

    private static AccessResponse Response(byte[] frame)
    {
        var m = GbcsFrameParser.Parse(frame);
        Assert.Equal(CraFlag.Response, m.Cra);
        return AccessResponse.Decode(frame, m.ContentOffset, m.ContentLength);
    }

    private static string Shape(AccessResponse r) =>
        string.Join(" ", r.Results.Select((x, i) => $"{x.Kind}:{x.Result}:{r.Data[i].Type}"));

    [SharedDataFact]
    public void Ccs01_failing_its_first_step_adds_no_device_and_sends_no_cs14()
    {
        using var rig = new HubRig();
        rig.Engine.ArmFault(new ChfStepFault(0, ChfStepFault.AnyMessageCode, false));

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(1), 1)));

        Assert.Equal("Action:1:Null Set:250:Null Set:250:Null", Shape(Response(Assert.Single(rig.Uplink.Frames))));
        Assert.Equal(0, rig.Log.Count);
        Assert.False(rig.Log.JoiningEnabled);
        Assert.Null(rig.Engine.ArmedFault);
        Assert.Equal(1, rig.Engine.FaultsTripped);
    }

    [SharedDataFact]
    public void Ccs01_failing_its_second_step_adds_the_device_but_neither_sets_the_timeout_nor_enables_joining()
    {
        using var rig = new HubRig();
        int timeout = rig.Log.JoinTimeout;
        rig.Engine.ArmFault(new ChfStepFault(1, MessageCodes.CCS01, false));

        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(1), 1));

        Assert.Equal("Action:0:Null Set:1:Null Set:250:Null", Shape(Response(rig.Uplink.Frames[0])));
        Assert.Equal(1, rig.Log.Count);
        Assert.Equal(timeout, rig.Log.JoinTimeout);
        Assert.False(rig.Log.JoiningEnabled);
    }

    [SharedDataFact]
    public void A_fault_for_another_message_code_stays_armed_and_a_persistent_one_is_not_spent()
    {
        using var rig = new HubRig();
        var fault = new ChfStepFault(-1, MessageCodes.CCS02, true);
        rig.Engine.ArmFault(fault);

        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(1), 1));

        Assert.Equal("Action:0:Null Set:0:Null Set:0:Null", Shape(Response(rig.Uplink.Frames[0])));
        Assert.Same(fault, rig.Engine.ArmedFault);
        Assert.Equal(0, rig.Engine.FaultsTripped);
        rig.Engine.ClearFault();
        Assert.Null(rig.Engine.ArmedFault);
    }

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(-1, 3, 2)]
    [InlineData(-2, 3, 1)]
    [InlineData(-2, 1, 0)]
    [InlineData(7, 3, 2)]
    [InlineData(-9, 3, 0)]
    public void The_failing_step_counts_from_the_end_when_negative_and_is_clamped(int step, int steps, int failing) =>
        Assert.Equal(failing, new ChfStepFault(step, ChfStepFault.AnyMessageCode, false).FailingStep(steps));
}
