using System.CommandLine;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Commands;

/// <summary>The options of <c>commshub send</c> (<see cref="SendCommand"/>).</summary>
internal sealed class SendOptions
{
    public Option<string> Url { get; } = new("--url") { Description = "The adapter's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:8080" };

    public Option<string> User { get; } = new("--user") { Description = "The sending user (EUI-64); default the demo's supplier", DefaultValueFactory = _ => Eui64.ToText(DemoIdentities.Supplier) };

    public Option<FileInfo?> Key { get; } = new("--key") { Description = "The user's XML-sign private key (PKCS#8 PEM); default from --data" };

    public Option<FileInfo?> Cert { get; } = new("--cert") { Description = "The user's XML-sign certificate (PEM); default from --data" };

    public Option<DirectoryInfo> Data { get; } = new("--data", "--data-dir")
    {
        Description = "The adapter's data folder: user keys (smki/xml-sign), DSP certificate, broker passwords (mqtt/credentials.json)",
        DefaultValueFactory = _ => new DirectoryInfo(".data"),
    };

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "serviceS, serviceT or serviceD; default: the one the command variant belongs to" };

    public Option<int?> Wait { get; } = new("--wait") { Description = "Seconds to wait for the asynchronous answer (SRV form: default 30; file form: default 0, do not wait)" };

    public Option<string?> MqttPassword { get; } = new("--mqtt-password") { Description = "The user's broker password; default from --data" };

    public Option<string> MqttHost { get; } = new("--mqtt-host") { DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> MqttPort { get; } = new("--mqtt-port") { DefaultValueFactory = _ => 1883 };

    public Option<FileInfo?> DspCert { get; } = new("--dsp-cert") { Description = "Verify answers against this DSP XML-sign certificate; default from --data" };

    public Option<string?> Meter { get; } = new("--meter") { Description = "The target meter (EUI-64)" };

    public Option<string?> Device { get; } = new("--device") { Description = "The target device (EUI-64), for SRVs aimed at a hub or other device" };

    public Option<FileInfo?> Template { get; } = new("--template") { Description = "Start from this DUIS request file instead of building the body" };

    public Option<FileInfo?> Tariff { get; } = new("--tariff") { Description = "1.1.1 and 1.2.1: the electricity TOU tariff and prices, a JSON file (see the README)" };

    public Option<string[]> Set { get; } = new("--set") { Description = "NAME=VALUE (first sr:NAME, added to the body if absent) or XPATH=VALUE (prefix sr:); repeatable" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the decoded answer as one JSON object" };

    public Option<string> Acb { get; } = new("--acb") { Description = "The Access Control Broker whose MAC answers carry", DefaultValueFactory = _ => Eui64.ToText(DemoIdentities.Dcc) };

    public Argument<string> Request { get; } = new("request") { Description = "An SRV (e.g. 4.1.1) to build, or a DUIS request file (XML) to send as it is" };
}
