using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Firmware.Nano.App;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>The portable composition root with host crypto and fakes for the board's bindings.</summary>
public sealed class HubAppTests : IDisposable
{
    private const string Eui = TestProvisioning.Eui;
    private readonly NetPrivateKey _ka = NetPrivateKey.Generate();
    private readonly NetPrivateKey _ds = NetPrivateKey.Generate();
    private readonly NetAes128 _aes = new();
    private readonly FakeWanTransport _transport = new();
    private readonly FakeBoardIo _io = new();

    public void Dispose()
    {
        _ka.Dispose();
        _ds.Dispose();
        _aes.Dispose();
    }

    private HubApp Start(MemoryFiles? files = null)
    {
        var provisioning = TestProvisioning.Parse();
        return new HubApp(new HubAppConfig
        {
            Provisioning = provisioning,
            Flash = NanoFlash.Open(files ?? new MemoryFiles()),
            Crypto = new NetGbcsCrypto(),
            KeyAgreementKey = _ka,
            DigitalSignatureKey = _ds,
            Aes = _aes,
            Transport = _transport,
            Han = new NoRadioHanNetwork(),
            Io = _io,
            FirmwareVersion = [0, 1, 0, 0],
        });
    }

    [Fact]
    public void The_first_pass_connects_with_a_retained_offline_will_and_subscribes_to_down()
    {
        var app = Start();
        Assert.Equal(LoopOutcome.Continue, app.RunOnce(0));
        var connect = Assert.Single(_transport.Connects);
        Assert.Equal(Eui, connect.ClientId);
        Assert.Equal("chub/" + Eui + "/status", connect.WillTopic);
        Assert.True(connect.WillRetain);
        Assert.False(connect.CleanSession);
        Assert.Contains("chub/" + Eui + "/down", _transport.Subscriptions);
        Assert.Equal(WanLinkState.Connected, app.Link.State);
        Assert.True(_io.Leds[(int)StatusLed.Wan]);
        Assert.False(_io.Leds[(int)StatusLed.Fault]);
    }

    [Fact]
    public void A_down_frame_from_the_mqtt_thread_is_run_on_the_loop_not_on_that_thread()
    {
        var app = Start();
        app.RunOnce(0);
        var t = new Thread(() => _transport.Deliver("chub/" + Eui + "/down", [0xDD, 0x00, 0x01]));
        t.Start();
        t.Join();
        Assert.Equal(0, app.HoldBacks);
        Assert.Equal((SecurityReason)0, app.Engine.LastRejection); // not run on the delivering thread
        app.RunOnce(100); // the engine sees it here: a malformed frame, rejected
        Assert.Equal(SecurityReason.Malformed, app.Engine.LastRejection);
    }

    [Fact]
    public void Holding_reset_for_ten_seconds_asks_for_a_factory_reset()
    {
        var app = Start();
        _io.ResetButtonDown = true;
        Assert.Equal(LoopOutcome.Continue, app.RunOnce(0));
        Assert.Equal(LoopOutcome.Continue, app.RunOnce(HoldButton.HoldMs - 100));
        Assert.Equal(LoopOutcome.FactoryReset, app.RunOnce(HoldButton.HoldMs));
    }

    [Fact]
    public void An_opened_lid_latches_the_fault_led()
    {
        var app = Start();
        _io.TamperOpen = true;
        app.RunOnce(0);
        app.RunOnce(TamperLatch.DebounceMs);
        _io.TamperOpen = false;
        app.RunOnce(TamperLatch.DebounceMs + 100);
        Assert.True(app.Tampered);
        Assert.True(_io.Leds[(int)StatusLed.Fault]);
    }

    [Fact]
    public void Queued_frames_survive_a_reboot()
    {
        var files = new MemoryFiles();
        var app = Start(files);
        _transport.BrokerUp = false;
        Assert.True(app.Outbox.Send([1, 2, 3], 0, 3));
        var again = Start(files);
        Assert.Equal(1, again.Outbox.Count);
    }
}
