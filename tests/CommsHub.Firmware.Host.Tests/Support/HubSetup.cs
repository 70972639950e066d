using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Starts a virtual hub the way the process does, with a fresh CHF key pair and the RTDS ACB as trust anchor.</summary>
public static class HubSetup
{
    public static VirtualHub Start(string data, int brokerPort, NetPrivateKey ka, NetPrivateKey ds, params VirtualMeter[] meters) =>
        VirtualHub.Start(Options(data, brokerPort, ka, ds, meters, radio: null), Loggers);

    /// <summary>A hub started as the other overload starts it, but over the test's <paramref name="radio"/> and logging to <paramref name="loggers"/>.</summary>
    public static VirtualHub Start(string data, int brokerPort, NetPrivateKey ka, NetPrivateKey ds, Func<IHubScheduler, IHanNetwork> radio, ILoggerFactory loggers) =>
        VirtualHub.Start(Options(data, brokerPort, ka, ds, [], radio), loggers);

    /// <summary>A hub started as the first overload starts it (no meters), logging to <paramref name="loggers"/>.</summary>
    public static VirtualHub Start(string data, int brokerPort, NetPrivateKey ka, NetPrivateKey ds, ILoggerFactory loggers) =>
        VirtualHub.Start(Options(data, brokerPort, ka, ds, [], radio: null), loggers);

    /// <summary>As the overload above, with its PUBACK timeout set to <paramref name="ackTimeoutSeconds"/>.</summary>
    public static VirtualHub Start(string data, int brokerPort, NetPrivateKey ka, NetPrivateKey ds, ILoggerFactory loggers, int ackTimeoutSeconds) =>
        VirtualHub.Start(Options(data, brokerPort, ka, ds, [], radio: null, ackTimeoutSeconds), loggers);

    private static VirtualHubOptions Options(string data, int brokerPort, NetPrivateKey ka, NetPrivateKey ds, VirtualMeter[] meters,
        Func<IHubScheduler, IHanNetwork>? radio, int ackTimeoutSeconds = 30) => new()
    {
        Eui = Rtds.Chf,
        DataDirectory = data,
        KeyAgreementKey = ka,
        DigitalSignatureKey = ds,
        TrustAnchors =
        [
            new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Rtds.Acb,
                Rtds.Public(Rtds.Acb, KeyUsage.DigitalSignature), Rtds.Public(Rtds.Acb, KeyUsage.KeyAgreement)),
        ],
        BrokerPort = brokerPort,
        BackoffBaseMs = 100,
        BackoffMaxMs = 1000,
        Meters = meters,
        Radio = radio,
        AckTimeoutSeconds = ackTimeoutSeconds,
    };

    /// <summary>Silent, unless COMMSHUB_TEST_LOG is set: then the hubs log to the console (for debugging a failure).</summary>
    public static ILoggerFactory Loggers { get; } = Environment.GetEnvironmentVariable("COMMSHUB_TEST_LOG") is { Length: > 0 }
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug))
        : NullLoggerFactory.Instance;

    /// <summary>
    /// The RTDS command with the ACB MAC re-applied for <paramref name="chfKaPublic"/> (ACB KA private x CHF KA public)
    /// and, when given, another target, payload or counter (a signed command is then signed again by its originator):
    /// every other byte stays RTDS's.
    /// </summary>
    public static byte[] Remac(byte[] rtdsCommand, byte[] chfKaPublic, ulong? target = null, byte[]? content = null, ulong? counter = null)
    {
        var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(rtdsCommand));
        if (target is { } t) b.Target = t;
        if (counter is { } c) b.OriginatorCounter = c;
        if (content is not null) b.SetContent(content);
        b.Mac = null;
        var frame = b.Build();
        // A new counter voids a critical command's signature: its originator (an RTDS party whose key RTDS publishes) signs again.
        if (counter is not null && b.Signature == SignatureKind.Ecdsa)
            GbcsSigner.Sign(new NetGbcsCrypto(), Rtds.Private(b.Originator, KeyUsage.DigitalSignature), GbcsFrameParser.Parse(frame));
        Assert.True(new GbcsMac(new NetGbcsCrypto()).Apply(GbcsFrameParser.Parse(frame), Rtds.Private(Rtds.Acb, KeyUsage.KeyAgreement), chfKaPublic));
        return frame;
    }

    /// <summary>Polls <paramref name="condition"/> on the hub loop until true (bounded).</summary>
    public static async Task WaitUntilAsync(VirtualHub hub, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await hub.InvokeAsync(condition)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{what} did not happen within {AdapterClient.Wait.TotalSeconds} s");
    }
}
