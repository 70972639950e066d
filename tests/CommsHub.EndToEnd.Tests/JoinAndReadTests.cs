using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>
/// DESIGN.md Flows 1, 3 and 4 through the running adapter and a virtual hub: 8.11 (CCS01) puts the ESME on the hub's
/// device log, the CS14 alert reaches the supplier, the ESME joins; 4.1.1 (ECS17b) and 8.9 (CCS06) are answered I99
/// then I0 with a GBCS payload that decodes to what the meter and hub hold.
/// </summary>
public sealed class JoinAndReadTests(AdapterRig rig) : IClassFixture<AdapterRig>
{
    private const ulong Supplier = DemoIdentities.Supplier;

    [SharedDataFact]
    public async Task Supplier_adds_the_ESME_with_8_11_gets_the_CS14_alert_and_the_ESME_joins()
    {
        var hub = rig.Hubs[0];
        var esme = hub.Meters.Single(m => m.Kind == "ESME");
        Assert.False(await hub.Hub.InvokeAsync(() => esme.Meter.IsJoined));

        var counter = DuisTemplates.NextCounter();
        var (answer, _) = await AddAsync(hub.Eui, esme, counter);

        Assert.Equal("I99", answer.Code);
        var requestId = answer.Field("RequestID");
        // The CCS01 response: I0 for this RequestID, payload from the hub (Business Originator = the CHF).
        var response = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == requestId && r.Code == "I0", "8.11 I0");
        Assert.Equal("8.11", response.Field("ServiceReferenceVariant"));
        var ccs01 = GbcsFrameParser.Parse(Convert.FromBase64String(response.Field("GBCSPayload")!));
        Assert.Equal((CraFlag.Response, hub.Eui, MessageCodes.CCS01), (ccs01.Cra, ccs01.Originator, ccs01.MessageCode));
        // The CS14 Device Log Changed alert (0x8F12) from the hub, as a DeviceAlertMessage to the registered supplier.
        var alert = await rig.ReceiveAsync(Supplier, r => r.Field("AlertCode") == "8F12", "CS14 DeviceAlertMessage");
        Assert.Equal("I0", alert.Code);
        var cs14 = GbcsFrameParser.Parse(Convert.FromBase64String(alert.Field("GBCSPayload")!));
        Assert.Equal((CraFlag.Alert, hub.Eui, MessageCodes.CS14), (cs14.Cra, cs14.Originator, cs14.MessageCode));
        Assert.Contains(Cs14DeviceLogChangedAlert.Decode(cs14.Buffer, cs14.ContentOffset, cs14.ContentLength).Log.Entries, e => e.DeviceId == esme.Eui);
        // The ESME joins with its install code within the join window 8.11 opened.
        await AdapterRig.Until(() => hub.Hub.InvokeAsync(() => esme.Meter.IsJoined), "ESME join");
    }

    [SharedDataFact]
    public async Task Supplier_reads_the_ESME_registers_and_the_device_log_I99_then_I0()
    {
        var hub = rig.Hubs[1];
        var esme = hub.Meters.Single(m => m.Kind == "ESME");
        Assert.Equal("I99", (await AddAsync(hub.Eui, esme, DuisTemplates.NextCounter())).Answer.Code);
        await AdapterRig.Until(() => hub.Hub.InvokeAsync(() => esme.Meter.IsJoined), "ESME join");
        await hub.Hub.InvokeAsync(() => ((VirtualEsme)esme.Meter).ActiveImportWh = 123_456);
        await hub.Hub.InvokeAsync(() => ((VirtualEsme)esme.Meter).ReactiveImportVarh = 789);
        using var signer = rig.Signer(Supplier);

        // 4.1.1: I99, then I0 whose ECS17b payload decrypts (supplier's KA key) to the meter's registers.
        var read = DuisTemplates.Signed(DuisTemplates.ReadRegisters, signer, Supplier, esme.Eui, DuisTemplates.NextCounter());
        var (accepted, _) = await rig.PostAsync(read);
        Assert.Equal("I99", accepted.Code);
        var registers = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == accepted.Field("RequestID") && r.Code is not "I99", "4.1.1 answer");
        Assert.Equal("I0", registers.Code);
        Assert.Equal("4.1.1", registers.Field("ServiceReferenceVariant"));
        var (active, reactive) = DecryptRegisters(Convert.FromBase64String(registers.Field("GBCSPayload")!));
        Assert.Equal((123_456L, 789L), (active, reactive));

        // 8.9: I99, then I0 whose CCS06 payload lists the ESME as joined on the hub's device log.
        var log = DuisTemplates.Signed(DuisTemplates.ReadDeviceLog, signer, Supplier, hub.Eui, DuisTemplates.NextCounter());
        (accepted, _) = await rig.PostAsync(log);
        Assert.Equal("I99", accepted.Code);
        var deviceLog = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == accepted.Field("RequestID") && r.Code is not "I99", "8.9 answer");
        Assert.Equal("I0", deviceLog.Code);
        var ccs06 = GbcsFrameParser.Parse(Convert.FromBase64String(deviceLog.Field("GBCSPayload")!));
        Assert.Equal((CraFlag.Response, hub.Eui, MessageCodes.CCS06), (ccs06.Cra, ccs06.Originator, ccs06.MessageCode));
        var devices = Ccs06ReadDeviceLog.Decode(ccs06.Buffer, ccs06.ContentOffset, ccs06.ContentLength).Devices;
        Assert.Contains(devices, d => d.DeviceId == esme.Eui);
    }

    private async Task<(Received Answer, string? Reject)> AddAsync(ulong hub, Cloud.Demo.DemoMeter meter, ulong counter)
    {
        using var signer = rig.Signer(Supplier);
        var request = DuisTemplates.Signed(DuisTemplates.AddDevice, signer, Supplier, hub, counter, new Dictionary<string, string?>
        {
            ["DeviceID"] = Dcc.Duis.RequestId.FormatEui(meter.Eui),
            ["ImportMPxN"] = meter.Mpxn,
            ["SecondaryImportMPAN"] = null,
        });
        return await rig.PostAsync(request);
    }

    private (long Active, long Reactive) DecryptRegisters(byte[] gbcs)
    {
        var m = GbcsFrameParser.Parse(gbcs);
        Assert.Equal(CraFlag.Response, m.Cra);
        var encrypted = Assert.Single(EncryptedContentLocator.Find(m));
        var plain = new byte[encrypted.CiphertextLength];
        Assert.Equal(CheckResult.Valid, new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(m, encrypted, new DirectoryKeyStore(rig.Smki.KeysFolder), false, plain, 0));
        var r = DlmsDataReader.Read(plain, 0, plain.Length).Children[0];
        return (r.Children[0].Value, r.Children[2].Value);
    }
}
