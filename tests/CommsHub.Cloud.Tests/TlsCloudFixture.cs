using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The service with the broker's TLS endpoint on (port 0) over a fresh data directory; with
/// <paramref name="requireClientCertificate"/> the endpoint takes client certificates instead of passwords.
/// </summary>
public abstract class TlsCloudFixture(bool requireClientCertificate) : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "commshub-tls-tests-" + Guid.NewGuid().ToString("N"));

    public StringWriter Banner { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public EmbeddedBroker Broker => App.Services.GetRequiredService<EmbeddedBroker>();

    public MqttCredentials Credentials => App.Services.GetRequiredService<MqttCredentials>();

    public SmkiFolder Smki => new(Path.Combine(DataDirectory, "smki"));

    /// <summary>The test SMKI root: what a client trusts the broker's certificate with.</summary>
    public X509Certificate2 Root => SmkiFolder.LoadCertificate(Smki.RootStem);

    public async Task InitializeAsync()
    {
        if (!SharedData.Available) return;
        App = CloudApp.Create(
        [
            "--data-dir", DataDirectory,
            "--http-url", "http://127.0.0.1:0",
            "--mqtt-port", "0",
            "--mqtt-tls", "--mqtt-tls-port", "0",
            $"--CommsHub:Mqtt:Tls:RequireClientCertificate={requireClientCertificate}",
            "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"),
            "--Logging:LogLevel:Default=Warning",
        ], console: Banner);
        await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is null) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>The certificate and private key a party of the minted SMKI holds for <paramref name="usage"/>.</summary>
    public X509Certificate2 PartyCertificate(ulong eui, KeyUsage usage = KeyUsage.DigitalSignature)
    {
        var stem = Smki.GbcsStem(eui, usage);
        return X509Certificate2.CreateFromPemFile(stem + ".pem", stem + ".key");
    }

    /// <summary>TLS options trusting <paramref name="trust"/> (the SMKI root unless given), presenting <paramref name="clientCertificate"/> if any.</summary>
    public MqttClientTlsOptions Tls(X509Certificate2? clientCertificate = null, X509Certificate2? trust = null)
    {
        var builder = new MqttClientTlsOptionsBuilder().UseTls().WithTrustChain([trust ?? Root]);
        if (clientCertificate is not null) builder.WithClientCertificates([clientCertificate]);
        return builder.Build();
    }
}

/// <summary>TLS with username and password.</summary>
public sealed class TlsPasswordCloud() : TlsCloudFixture(requireClientCertificate: false);

/// <summary>TLS with client certificates required.</summary>
public sealed class TlsClientCertificateCloud() : TlsCloudFixture(requireClientCertificate: true);
