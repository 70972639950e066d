using System.Security.Cryptography.X509Certificates;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// <c>commshub-hub --tls [--ca PEM] [--cert PEM --key PEM]</c> against an in-process MQTTnet broker that only speaks
/// TLS, with a CA, broker and hub certificate minted for the test: it connects when the broker's certificate chains to
/// <c>--ca</c>, refuses one that does not (one line naming the broker and the reason, exit 4), and logs in with its
/// client certificate where the broker requires one.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private const string HubEui = "00DB1234567890A2";
    private readonly TempDir _dir = new();
    private readonly TestPki _pki;

    public TlsTests() => _pki = new TestPki(_dir.Path);

    [Fact]
    public async Task A_broker_whose_certificate_chains_to_the_ca_is_connected_to()
    {
        using var certificate = _pki.Server();
        await using var broker = await Broker.StartTlsAsync(certificate);

        var (code, stderr) = await RunUntilAdmittedAsync(broker, "--tls", "--ca", _pki.CaFile);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Single(broker.Admitted);
    }

    [Fact]
    public async Task A_broker_whose_certificate_does_not_chain_to_the_ca_is_refused_in_one_line()
    {
        using var certificate = _pki.Server();
        using var other = new TestPki(_dir.Path, "another CA");

        var reason = await RefusalAsync(certificate, null, "--tls", "--ca", other.CaFile);

        Assert.Matches("^the broker's certificate does not chain to --ca \\(.+\\)$", reason);
    }

    [Fact]
    public async Task Without_ca_the_system_trust_store_decides_and_a_private_ca_is_refused()
    {
        using var certificate = _pki.Server();

        var reason = await RefusalAsync(certificate, null, "--tls");

        Assert.StartsWith("the broker's certificate is not trusted by the system", reason);
        Assert.EndsWith("; give its CA with --ca", reason);
    }

    [Fact]
    public async Task A_broker_certificate_that_does_not_name_the_host_dialled_is_refused()
    {
        using var certificate = _pki.Server(dnsNames: ["broker.example"], addresses: []);

        var reason = await RefusalAsync(certificate, null, "--tls", "--ca", _pki.CaFile);

        Assert.Equal("the broker's certificate does not name the host dialled", reason);
    }

    [Fact]
    public async Task The_hub_logs_in_with_its_client_certificate_where_the_broker_requires_one()
    {
        using var certificate = _pki.Server();
        await using var broker = await Broker.StartTlsAsync(certificate, clientCa: _pki.Ca);
        var (cert, key) = _pki.Client(HubEui);

        var (code, stderr) = await RunUntilAdmittedAsync(broker, "--tls", "--ca", _pki.CaFile, "--cert", cert, "--key", key);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal($"CN={HubEui}", Assert.Single(broker.AdmittedCertificates));
    }

    [Fact]
    public async Task Without_a_client_certificate_a_broker_that_requires_one_ends_the_run_in_one_line()
    {
        using var certificate = _pki.Server();

        var reason = await RefusalAsync(certificate, _pki.Ca, "--tls", "--ca", _pki.CaFile);

        Assert.Equal("the broker requires a client certificate (give --cert and --key)", reason);
    }

    [Fact]
    public async Task A_client_certificate_the_broker_does_not_accept_ends_the_run_in_one_line()
    {
        using var certificate = _pki.Server();
        using var other = new TestPki(_dir.Path, "another CA");
        var (cert, key) = other.Client(HubEui);

        var reason = await RefusalAsync(certificate, _pki.Ca, "--tls", "--ca", _pki.CaFile, "--cert", cert, "--key", key);

        Assert.Equal($"the broker closed the connection after asking for the hub's client certificate: it did not accept CN={HubEui}", reason);
    }

    [Fact]
    public async Task A_broker_that_does_not_ask_for_a_certificate_is_connected_to_without_one()
    {
        using var certificate = _pki.Server();
        await using var broker = await Broker.StartTlsAsync(certificate);
        var (cert, key) = _pki.Client(HubEui);

        var (code, stderr) = await RunUntilAdmittedAsync(broker, "--tls", "--ca", _pki.CaFile, "--cert", cert, "--key", key);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Empty(broker.AdmittedCertificates);
    }

    [Fact]
    public void Help_names_the_tls_options()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, HostCli.Run(["--help"], stdout, new StringWriter()));
        foreach (var text in new[] { "--tls", "--ca", "--cert", "--key", "8883" })
            Assert.Contains(text, stdout.ToString());
    }

    [Fact]
    public void With_tls_the_broker_port_defaults_to_8883()
    {
        Assert.Equal(8883, Parse("--tls", "--broker", "mqtt.example").BrokerPort);
        Assert.Equal(1883, Parse("--broker", "mqtt.example").BrokerPort);
        Assert.Equal(9999, Parse("--tls", "--broker", "mqtt.example:9999").BrokerPort);
    }

    [Fact]
    public void The_tls_files_are_read_into_the_options()
    {
        var (cert, key) = _pki.Client(HubEui);
        var o = Parse("--tls", "--ca", _pki.CaFile, "--cert", cert, "--key", key);
        Assert.Equal(_pki.Ca.Thumbprint, Assert.Single(o.Tls!.TrustAnchors!).Thumbprint);
        Assert.True(o.Tls.ClientCertificate!.HasPrivateKey);
        Assert.Null(Parse().Tls);
        Assert.Null(Parse("--tls").Tls!.TrustAnchors);
    }

    [Theory]
    [InlineData("missing-ca", "cannot read --ca ")]
    [InlineData("ca-without-certificate", "holds no PEM certificate")]
    [InlineData("missing-key", "cannot read --key ")]
    [InlineData("key-of-another-certificate", "cannot read --cert/--key ")]
    [InlineData("cert-without-key", "--cert and --key go together")]
    [InlineData("key-agreement-certificate", "is not for digitalSignature")]
    [InlineData("ca-without-tls", "--ca, --cert and --key need --tls")]
    public void Unreadable_or_inconsistent_tls_files_are_one_line_and_exit_1(string what, string expected)
    {
        var (cert, key) = _pki.Client(HubEui);
        var (_, otherKey) = _pki.Client("someone else");
        var empty = Path.Combine(_dir.Path, "empty.pem");
        File.WriteAllText(empty, "no certificate here\n");
        var missing = Path.Combine(_dir.Path, "no-such-file.pem");
        string[] args = what switch
        {
            "missing-ca" => ["--tls", "--ca", missing],
            "ca-without-certificate" => ["--tls", "--ca", empty],
            "missing-key" => ["--tls", "--cert", cert, "--key", missing],
            "key-of-another-certificate" => ["--tls", "--cert", cert, "--key", otherKey],
            "cert-without-key" => ["--tls", "--cert", cert],
            "key-agreement-certificate" => ["--tls", .. KeyAgreementCertificate()],
            _ => ["--ca", _pki.CaFile],
        };
        var stderr = new StringWriter();

        int code = HostCli.Run(args, new StringWriter(), stderr, _ => null, _ => throw new InvalidOperationException("must not start"));

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Trim().Split('\n'));
        Assert.StartsWith("commshub-hub: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("PRIVATE KEY", line); // the key's content never reaches the output
    }

    // Like an SMKI KA certificate: keyAgreement only, so no TLS client could prove it holds the key.
    private string[] KeyAgreementCertificate()
    {
        var (cert, key) = _pki.Client("key agreement only", X509KeyUsageFlags.KeyAgreement);
        return ["--cert", cert, "--key", key];
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }

    // Runs the process until the broker admits a hub, then stops it like Ctrl-C: the exit code and stderr.
    private async Task<(int Code, string Stderr)> RunUntilAdmittedAsync(Broker broker, params string[] tls)
    {
        using var stop = new CancellationTokenSource();
        var stderr = new StringWriter();
        var run = Task.Run(() => HostCli.Run(Args(broker, tls), new StringWriter(), stderr, stop.Token));
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (broker.Admitted.IsEmpty && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(broker.Admitted.IsEmpty, "not admitted: " + stderr);
        stop.Cancel();
        return (await run.WaitAsync(AdapterClient.Wait), stderr.ToString());
    }

    // Runs the process against a TLS broker serving certificate (client certificates required when clientCa is given)
    // with no stop token: the refusal alone must end it, with exit 4, one stderr line naming broker and hub, nobody
    // admitted. Returns the reason that line gives.
    private async Task<string> RefusalAsync(X509Certificate2 certificate, X509Certificate2? clientCa, params string[] tls)
    {
        await using var broker = await Broker.StartTlsAsync(certificate, clientCa);
        var stderr = new StringWriter();
        int code = await Task.Run(() => HostCli.Run(Args(broker, tls), new StringWriter(), stderr)).WaitAsync(AdapterClient.Wait);
        Assert.Equal(HostCli.TlsFailed, code);
        Assert.Empty(broker.Admitted);
        var line = Assert.Single(stderr.ToString().Trim().Split('\n')).TrimEnd();
        var prefix = $"commshub-hub: TLS with broker 127.0.0.1:{broker.Port} failed for hub {HubEui}: ";
        Assert.StartsWith(prefix, line);
        return line[prefix.Length..];
    }

    private string[] Args(Broker broker, string[] tls) =>
        ["--broker", $"127.0.0.1:{broker.Port}", "--data", Path.Combine(_dir.Path, "data"), "--meters", "ihd:00DB1234567890B0", .. tls];

    private static HostOptions Parse(params string[] args) => ParsedOptions.Of(args);
}
