using System.Text.Json;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>commshub send SRV</c> against the running demo adapter, with the demo's keys from its data folder: the request is
/// built, signed, sent, and the answer comes back decoded (response code, GBCS message code and use case, MAC check).
/// </summary>
public sealed class SendCommandTests(DemoAdapter demo) : IClassFixture<DemoAdapter>
{
    [SharedDataFact]
    public async Task Sending_4_1_1_to_the_electricity_meter_prints_the_decoded_reading()
    {
        var esme = demo.Meter("ESME");
        await demo.Hub.Hub.InvokeAsync(() => ((VirtualEsme)esme.Meter).ActiveImportWh = 2468);

        var (exit, stdout, stderr) = await SendAsync("4.1.1", "--meter", Eui64.ToText(esme.Eui));

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        Assert.Matches(@"^commshub: 4\.1\.1 to " + Eui64.ToText(esme.Eui) + @" as 02C04B0000010000 \(CV 1, /api/v1/serviceS\): I99", stdout[0]);
        Assert.Equal($"commshub: I0 from {Eui64.ToText(esme.Eui)}", stdout[1]);
        Assert.Contains(stdout, l => l.StartsWith("GBCS: 0x0027 ECS17b", StringComparison.Ordinal));
        Assert.Contains(stdout, l => l.StartsWith("MAC: valid,", StringComparison.Ordinal));
        Assert.Contains("decoded: active import 2468 Wh, reactive import 10 varh", stdout);
    }

    [SharedDataFact]
    public async Task With_json_the_answer_is_one_object_with_the_gbcs_inspection()
    {
        var esme = demo.Meter("ESME");

        var (exit, stdout, stderr) = await SendAsync("4.1.1", "--meter", Eui64.ToText(esme.Eui), "--json");

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        using var json = JsonDocument.Parse(Assert.Single(stdout));
        Assert.Equal("4.1.1", json.RootElement.GetProperty("srv").GetString());
        Assert.Equal("I99", json.RootElement.GetProperty("accepted").GetString());
        Assert.Equal("I0", json.RootElement.GetProperty("responseCode").GetString());
        var gbcs = json.RootElement.GetProperty("gbcs");
        Assert.Equal(Eui64.ToText(esme.Eui), gbcs.GetProperty("originator").GetString()?.Replace("-", "", StringComparison.Ordinal));
        Assert.Equal("valid", gbcs.GetProperty("mac").GetString());
        Assert.Equal("ECS17b", gbcs.GetProperty("useCase").GetString());
        Assert.StartsWith("active import ", json.RootElement.GetProperty("decoded").GetString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Reading_the_firmware_version_prints_the_decoded_ecs52_answer()
    {
        var esme = demo.Meter("ESME");

        var (exit, stdout, stderr) = await SendAsync("11.2", "--meter", Eui64.ToText(esme.Eui));

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        Assert.Equal($"commshub: I0 from {Eui64.ToText(esme.Eui)}", stdout[1]);
        Assert.Contains(stdout, l => l.StartsWith("GBCS: 0x", StringComparison.Ordinal) && l.Contains(" ECS52, mac response", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Reading_the_inventory_is_answered_from_the_store_without_waiting()
    {
        var esme = demo.Meter("ESME");

        var (exit, stdout, stderr) = await SendAsync("8.2", "--device", Eui64.ToText(esme.Eui));

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        Assert.Matches(@"\(CV 8, /api/v1/serviceD\): I0 ", stdout[0]);
        Assert.Contains(stdout, l => l.Contains(Eui64.ToText(esme.Eui)[..2], StringComparison.Ordinal) && l.StartsWith("DeviceID", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task A_public_template_with_its_target_overridden_reads_the_demo_meter()
    {
        var esme = demo.Meter("ESME");
        var template = SharedData.PathOf("vectors/gbcs/duis/templates/ECS17b_4.1.1_REQUEST_DUIS.XML");

        var (exit, stdout, stderr) = await SendAsync("4.1.1", "--template", template, "--meter", Eui64.ToText(esme.Eui));

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        Assert.Equal($"commshub: I0 from {Eui64.ToText(esme.Eui)}", stdout[1]);
        Assert.Contains(stdout, l => l.StartsWith("decoded: active import ", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task The_file_form_still_sends_a_request_file_as_it_is()
    {
        var esme = demo.Meter("ESME");
        var file = Path.Combine(demo.DataDirectory, "read-esme.xml");
        await File.WriteAllTextAsync(file, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>02-C0-4B-00-00-01-00-00:{CommsHub.Dcc.Duis.RequestId.FormatEui(esme.Eui)}:{CommsHub.Cli.Requests.RequestCounter.Next()}</sr:RequestID>
                <sr:CommandVariant>1</sr:CommandVariant>
                <sr:ServiceReference>4.1</sr:ServiceReference>
                <sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body><sr:ReadInstantaneousImportRegisters/></sr:Body>
            </sr:Request>
            """);

        var (exit, stdout, stderr) = await SendAsync(file);

        Assert.True(exit == 0, stderr);
        Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", Assert.Single(stdout));
    }

    private Task<(int Exit, string[] Stdout, string Stderr)> SendAsync(params string[] args) => DemoSend.RunAsync(demo, args);
}
