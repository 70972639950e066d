using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The TLS endpoint with client certificates required: the certificate's EUI is the login, and the principal it maps to
/// is held to the same topic rules as a username login.
/// </summary>
public sealed class ClientCertificateTests(TlsClientCertificateCloud cloud) : IClassFixture<TlsClientCertificateCloud>
{
    private Task<MqttTestClient> Connect(ulong eui, string? username = null, string? clientId = null) =>
        MqttTestClient.ConnectAsync(cloud.Broker.TlsPort, username, null, clientId ?? Eui64.ToText(eui), cloud.Tls(cloud.PartyCertificate(eui)));

    [SharedDataFact]
    public async Task A_client_without_a_certificate_is_refused_even_with_the_right_password()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync(
            cloud.Broker.TlsPort, Eui64.ToText(HubA), cloud.Credentials.SecretOf(Eui64.ToText(HubA)), tls: cloud.Tls()));
        Assert.IsNotType<MqttRefusedException>(refused); // refused in the TLS handshake, before any CONNECT is read
    }

    [SharedDataFact]
    public async Task A_hub_certificate_from_the_ca_logs_in_as_that_hub_and_cannot_touch_another_hubs_topics()
    {
        await using var hub = await Connect(HubA);
        Assert.True(hub.Client.IsConnected);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubA)}/down"));
        // Accepted (nobody subscribes to status here, hence possibly NoMatchingSubscribers), unlike the spoofed topics below.
        Assert.Contains(await hub.PublishAsync($"chub/{Eui64.ToText(HubA)}/status", "{\"online\":true}"),
            new[] { MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers });
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hub.PublishAsync($"chub/{Eui64.ToText(HubB)}/up", "spoofed"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubB)}/down"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync("chub/+/up"));
    }

    [SharedDataFact]
    public async Task A_user_certificate_logs_in_as_that_user()
    {
        await using var user = await Connect(DemoIdentities.Supplier, clientId: Eui64.ToText(DemoIdentities.Supplier) + "-tls");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.NetworkOperator)));
    }

    [SharedDataFact]
    public async Task A_certificate_cannot_borrow_another_partys_username_or_client_id()
    {
        var username = await Assert.ThrowsAsync<MqttRefusedException>(() => Connect(HubA, username: Eui64.ToText(HubB), clientId: Eui64.ToText(HubA)));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, username.Code);
        var clientId = await Assert.ThrowsAsync<MqttRefusedException>(() => Connect(HubA, clientId: Eui64.ToText(HubB)));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, clientId.Code);
        await using var named = await Connect(HubA, username: Eui64.ToText(HubA));
        Assert.True(named.Client.IsConnected);
    }

    [SharedDataFact]
    public async Task A_certificate_of_a_party_that_is_neither_hub_nor_user_is_not_authorised()
    {
        // The DCC's own organisation certificate chains to the CA but names no hub or user.
        var refused = await Assert.ThrowsAsync<MqttRefusedException>(() => Connect(DemoIdentities.Dcc));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused.Code);
    }

    [SharedDataFact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        var other = new SmkiFolder(Path.Combine(cloud.DataDirectory, "other-smki"));
        var minted = new TestSmki(other);
        minted.EnsureCa();
        using (var issuer = SmkiFolder.LoadIssuer(other.IssuingStem)) minted.IssueDevice(issuer, HubA, KeyUsage.DigitalSignature);
        var stem = other.GbcsStem(HubA, KeyUsage.DigitalSignature);
        var foreign = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(stem + ".pem", stem + ".key");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            MqttTestClient.ConnectAsync(cloud.Broker.TlsPort, null, null, Eui64.ToText(HubA), cloud.Tls(foreign)));
        Assert.IsNotType<MqttRefusedException>(refused); // refused in the TLS handshake, before any CONNECT is read
    }
}
