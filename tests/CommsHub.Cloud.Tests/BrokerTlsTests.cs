using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>The broker's TLS endpoint with username/password: the server certificate, trust, topic authorisation over TLS.</summary>
public sealed class BrokerTlsTests(TlsPasswordCloud cloud) : IClassFixture<TlsPasswordCloud>
{
    private Task<MqttTestClient> Connect(ulong eui, MqttClientTlsOptions tls) =>
        MqttTestClient.ConnectAsync(cloud.Broker.TlsPort, Eui64.ToText(eui), cloud.Credentials.SecretOf(Eui64.ToText(eui)), tls: tls);

    [SharedDataFact]
    public async Task A_client_trusting_the_smki_root_connects_over_tls_and_topic_rules_still_apply()
    {
        Assert.NotEqual(0, cloud.Broker.TlsPort);
        await using var hub = await Connect(HubA, cloud.Tls());
        Assert.True(hub.Client.IsConnected);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubA)}/down"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubB)}/down"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hub.PublishAsync($"chub/{Eui64.ToText(HubB)}/up", "spoofed"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hub.PublishAsync($"chub/{Eui64.ToText(HubB)}/status", "{}"));
    }

    [SharedDataFact]
    public async Task A_wrong_password_is_refused_over_tls_too()
    {
        var refused = await Assert.ThrowsAsync<MqttRefusedException>(() =>
            MqttTestClient.ConnectAsync(cloud.Broker.TlsPort, Eui64.ToText(HubA), "wrong", tls: cloud.Tls()));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.Code);
    }

    [SharedDataFact]
    public async Task A_client_that_does_not_trust_the_root_refuses_the_broker()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherRoot = SmkiCertificates.CreateRoot(otherKey, "Some Other Root", DateTimeOffset.UtcNow.AddDays(-1));
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(HubA, cloud.Tls(trust: otherRoot)));
    }

    [SharedDataFact]
    public void The_server_certificate_comes_from_the_smki_root_names_loopback_and_keeps_its_key_private()
    {
        var stem = Path.Combine(cloud.DataDirectory, "mqtt", "tls", "broker");
        using var certificate = SmkiFolder.LoadCertificate(stem);
        using var root = cloud.Root;
        Assert.Equal(root.SubjectName.Name, certificate.IssuerName.Name);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(),
            o => o.Value == "1.3.6.1.5.5.7.3.1");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stem + ".key"));
        Assert.Contains($"mqtts://127.0.0.1:{cloud.Broker.TlsPort} (trust {cloud.Smki.RootStem}.pem; username = EUI", cloud.Banner.ToString());
    }

    [SharedDataFact]
    public async Task The_plain_endpoint_stays_on_beside_tls_and_neither_listens_on_the_ipv6_wildcard()
    {
        await using var plain = await MqttTestClient.ConnectAsync(cloud.Broker.Port, Eui64.ToText(HubA), cloud.Credentials.SecretOf(Eui64.ToText(HubA)));
        Assert.True(plain.Client.IsConnected);
        // Bound to 127.0.0.1 only: MQTTnet's default IPv6 wildcard listener would answer on ::1 (and on every interface).
        foreach (var port in new[] { cloud.Broker.Port, cloud.Broker.TlsPort })
        {
            using var probe = new TcpClient(AddressFamily.InterNetworkV6);
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.IPv6Loopback, port));
        }
    }
}
