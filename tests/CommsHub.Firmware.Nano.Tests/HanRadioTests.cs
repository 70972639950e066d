using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Han.Tests.Ncp;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Firmware.Nano.App;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>
/// The portable board app with its radio bound: <see cref="HubApp"/> runs the EZSP/ASH driver over the NCP's UART
/// (here an in-memory pipe to a simulated EmberZNet NCP), and falls back to no radio only when no NCP answers.
/// </summary>
public sealed class HanRadioTests : IDisposable
{
    private const string Eui = TestProvisioning.Eui;
    private const ulong HubEui = 0x00112233445566FF;
    private const ulong Acb = 0x90B3D51F30000002;
    private const ulong Meter = 0x70B3D5C1D0000001;
    private const int MeterNode = 0x4F21;
    private readonly NetPrivateKey _ka = NetPrivateKey.Generate();
    private readonly NetPrivateKey _ds = NetPrivateKey.Generate();
    private readonly NetAes128 _aes = new();
    private readonly FakeWanTransport _transport = new();
    private readonly FakeBoardIo _io = new();
    private readonly FakeClock _clock = new(new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc));
    private readonly LeanNcp _ncp = new();
    private readonly InMemoryNcpPort _port;
    private long _ms;

    public HanRadioTests() => _port = new InMemoryNcpPort(_ncp);

    public void Dispose()
    {
        _ka.Dispose();
        _ds.Dispose();
        _aes.Dispose();
    }

    private HubApp Start()
    {
        var provisioning = TestProvisioning.Parse();
        var crypto = new NetGbcsCrypto();
        return new HubApp(new HubAppConfig
        {
            Provisioning = provisioning,
            Flash = NanoFlash.Open(new MemoryFiles()),
            Crypto = crypto,
            KeyAgreementKey = _ka,
            DigitalSignatureKey = _ds,
            Aes = _aes,
            Transport = _transport,
            NcpPort = _port,
            NcpSettings = HanRadio.DeriveSettings(provisioning.Eui, crypto, provisioning.KeyAgreementScalar),
            Clock = _clock,
            Io = _io,
            FirmwareVersion = [0, 1, 0, 0],
        });
    }

    /// <summary>Runs the loop for <paramref name="passes"/> ticks of 100 ms.</summary>
    private void Run(HubApp app, int passes = 5, int stepMs = HubApp.TickMs)
    {
        for (int i = 0; i < passes; i++)
        {
            _ms += stepMs;
            _clock.Advance(TimeSpan.FromMilliseconds(stepMs));
            Assert.Equal(LoopOutcome.Continue, app.RunOnce(_ms));
        }
    }

    [Fact]
    public void A_device_joins_and_a_command_is_forwarded_through_the_ncp_and_answered()
    {
        var app = Start();
        Run(app);
        Assert.Equal(1, _port.ResetPulses);
        Assert.Equal(HanRadioState.Ncp, app.Radio!.State);
        Assert.Equal(NcpHanStatus.Up, app.Radio.Driver.Status);
        Assert.Contains(_io.Lines, l => l.Contains("network up", StringComparison.Ordinal));

        // CCS01 and the join window, as the engine would apply them: the bridge arms the NCP.
        var log = app.Engine.DeviceLog;
        Assert.Equal(DeviceLogResult.Success, log.Register(Meter, DeviceType.Esme, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()));
        log.SetJoinTimeout(600);
        log.SetJoiningEnabled(true);
        Run(app);
        Assert.Equal(1, _ncp.KeysArmed);
        Assert.True(_ncp.PermitJoins >= 1);

        _ncp.JoinDevice(Meter, MeterNode);
        Run(app);
        Assert.Equal(JoinState.Joined, log.Find(Meter)!.JoinState);

        byte[] command = Frame(CraFlag.Command, Acb, Meter, 0x1001);
        _transport.Deliver("chub/" + Eui + "/down", command);
        Run(app);
        Assert.Equal(1, _ncp.Unicasts);
        Assert.Equal(MeterNode, _ncp.LastUnicastNode);
        // ZCL TransferData (client→server, 5 bytes), then the tunnel PUT carrying the GBCS command unchanged.
        byte[] zcl = _ncp.LastUnicast.AsSpan(0, _ncp.LastUnicastLength).ToArray();
        Assert.Equal(SeTunnelMessage.ClientToServerControl, zcl[0]);
        Assert.Equal(SeTunnelMessage.TransferDataToServer, zcl[2]);
        Assert.Equal(TunnelFrame.Encode(TunnelCommand.Put, 0, command, 0, command.Length), zcl[5..]);
        Assert.True(app.Bridge.IsOutstanding(Meter, 0x1001));

        byte[] response = Frame(CraFlag.Response, Meter, Acb, 0x1001);
        byte[] put = TunnelFrame.Encode(TunnelCommand.Put, 0, response, 0, response.Length);
        _ncp.TunnelFromDevice(MeterNode, 0x0001, put, 0, put.Length);
        Run(app);
        Assert.False(app.Bridge.IsOutstanding(Meter, 0x1001));
        Assert.Contains(_transport.On("chub/" + Eui + "/up"), p => p.AsSpan().SequenceEqual(response));
    }

    [Fact]
    public void Without_an_ncp_the_app_falls_back_to_no_radio_logs_it_and_blinks_the_fault_led()
    {
        _ncp.Present = false;
        var app = Start();
        for (int i = 0; i < 40 && app.Radio!.State == HanRadioState.Probing; i++) Run(app, 1, 500);
        Assert.Equal(HanRadioState.NoRadio, app.Radio!.State);
        Assert.Contains(_io.Lines, l => l.Contains("no NCP answered the reset", StringComparison.Ordinal));
        Assert.False(app.Radio.Send(Meter, [1, 2, 3], 0, 3));

        var fault = new List<bool>();
        for (int i = 0; i < 4; i++)
        {
            Run(app, 1, 500);
            fault.Add(_io.Leds[(int)StatusLed.Fault]);
        }
        Assert.Contains(true, fault);
        Assert.Contains(false, fault);
        int resets = _port.ResetPulses;
        Run(app, 20, 500);
        Assert.Equal(resets, _port.ResetPulses); // an explicit fallback for this boot: no more probing
    }

    [Fact]
    public void An_ncp_that_answered_is_reset_again_after_its_link_fails()
    {
        var app = Start();
        Run(app);
        Assert.Equal(NcpHanStatus.Up, app.Radio!.Driver.Status);
        _ncp.Present = false; // the module hangs: ACKs stop, the driver gives the link up
        var log = app.Engine.DeviceLog;
        log.Register(Meter, DeviceType.Esme, new byte[16]);
        log.SetJoinTimeout(600);
        log.SetJoiningEnabled(true); // a command for the NCP that will not be acknowledged
        for (int i = 0; i < 60 && app.Radio.Driver.Status != NcpHanStatus.Down; i++) Run(app, 1, 500);
        Assert.Equal(NcpHanStatus.Down, app.Radio.Driver.Status);
        Assert.Equal(HanRadioState.Ncp, app.Radio.State);

        _ncp.Present = true;
        Run(app, (HanRadio.RestartDelayMs / 500) + 2, 500);
        Assert.Equal(1, app.Radio.Restarts);
        Assert.Equal(2, _port.ResetPulses);
        Assert.Equal(NcpHanStatus.Up, app.Radio.Driver.Status);
    }

    [Fact]
    public void Derived_network_settings_are_stable_per_secret_and_never_the_same_key_twice()
    {
        var crypto = new NetGbcsCrypto();
        var a = HanRadio.DeriveSettings(HubEui, crypto, new byte[32]);
        var b = HanRadio.DeriveSettings(HubEui, crypto, new byte[32]);
        var c = HanRadio.DeriveSettings(HubEui, crypto, Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.Equal(a.Security.NetworkKey, b.Security.NetworkKey);
        Assert.NotEqual(a.Security.NetworkKey, c.Security.NetworkKey);
        Assert.NotEqual(a.Security.NetworkKey, a.Security.PreconfiguredKey);
        Assert.InRange(a.Network.PanId, 1, 0xFFF6);
        Assert.Equal(HubEui, a.Network.ExtendedPanId);
    }

    private static byte[] Frame(CraFlag cra, ulong from, ulong to, ulong counter)
    {
        var b = new GbcsFrameBuilder { WithMacHeader = true, Cra = cra, Originator = from, Target = to, OriginatorCounter = counter, MessageCode = 0x0038 };
        b.SetContent([0xD9, 0x01, 0x02, 0x03, 0x04]);
        return b.Build();
    }
}
