using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Manufacturer, model and firmware version: held in the inventory, answered in 8.2, set by 12.2 and 8.4.</summary>
public sealed class InventoryDetailsTests
{
    private const string ReadInventory = "8.2_READ_INVENTORY_REQUEST_DUIS.XML";
    private const string NewEsme = "00-DB-12-34-56-78-90-B0";

    /// <summary>Each sr:Device of a checked (schema-valid, DSP-signed) 8.2 answer: ID -> (manufacturer, model, firmware or null).</summary>
    private static async Task<Dictionary<string, (string, string, string?)>> Read(Rig rig, ulong counter, string deviceId = "00-DB-12-34-56-78-90-A2")
    {
        var request = rig.Signed(ReadInventory, counter, edit: t => t.Replace("<sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID>", $"<sr:DeviceID>{deviceId}</sr:DeviceID>"));
        var result = await rig.Intake.ProcessAsync(request, DuisEndpoint.ServiceD);
        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (result.Kind, result.ResponseCode));
        return rig.CheckedResponse(result.ResponseBytes!).GetElementsByTagName("Device", DuisNamespaces.ServiceUserGateway).Cast<XmlElement>()
            .ToDictionary(d => Text(d, "DeviceID")!, d => (Text(d, "DeviceManufacturer")!, Text(d, "DeviceModel")!, Text(d, "DeviceFirmwareVersion")));
    }

    private static string? Text(XmlElement device, string name) =>
        device.GetElementsByTagName(name, DuisNamespaces.ServiceUserGateway) is { Count: > 0 } list ? list[0]!.InnerText : null;

    [SharedDataFact]
    public async Task Read_inventory_answers_each_devices_stored_details_and_empty_ones_when_unknown()
    {
        using var rig = new Rig();
        var inventory = rig.Store.Inventory;
        inventory.Upsert(inventory.Find(Rig.Chf)! with { Manufacturer = "AB01", Model = "0A010001", FirmwareVersion = "01000000" });
        inventory.Upsert(inventory.Find(Rig.Esme)! with { Manufacturer = "AB02", Model = "0A020001" });

        var devices = await Read(rig, 2000);

        Assert.Equal(("AB01", "0A010001", "01000000"), devices["00-DB-12-34-56-78-90-A2"]);
        Assert.Equal(("AB02", "0A020001", null), devices["00-DB-12-34-56-78-90-A0"]); // no firmware version: element left out
        Assert.Equal(("", "", null), devices["00-DB-12-34-56-78-90-A1"]); // nothing stored: the schema's empty, not a made-up code
    }

    [SharedDataFact]
    public async Task Pre_notification_records_the_details_it_names_and_read_inventory_returns_them()
    {
        using var rig = new Rig();
        var notify = rig.Signed("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML", 2000,
            edit: t => t.Replace("<sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID>", $"<sr:DeviceID>{NewEsme}</sr:DeviceID>"));
        Assert.Equal("I99", (await rig.Intake.ProcessAsync(notify, DuisEndpoint.ServiceD)).ResponseCode);

        // The template's DeviceManufacturer, DeviceModel and FirmwareVersion.
        var device = rig.Store.Inventory.Find(0x00DB1234567890B0UL)!;
        Assert.Equal(("AB01", "010A030B", "0002012F"), (device.Manufacturer, device.Model, device.FirmwareVersion));
        // Once it serves the supplier's registered MPAN (what 8.4 UpdateMPxN does), the supplier may read it.
        rig.Store.Inventory.Upsert(device with { Mpxns = [Rig.ImportMpan] });
        Assert.Equal(("AB01", "010A030B", "0002012F"), (await Read(rig, 2001, NewEsme))[NewEsme]);
    }

    [SharedDataFact]
    public async Task Update_inventory_device_details_change_only_what_the_request_names()
    {
        using var rig = new Rig();
        var inventory = rig.Store.Inventory;
        inventory.Upsert(inventory.Find(Rig.Esme)! with { Manufacturer = "AB02", Model = "0A020001", FirmwareVersion = "0123ABCD" });

        var update = await rig.Intake.ProcessAsync(UpdateDetails(rig, 2000, "<sr:DeviceModel>0A020002</sr:DeviceModel><sr:FirmwareVersion>0123ABCE</sr:FirmwareVersion>"),
            DuisEndpoint.ServiceD);
        Assert.Equal((DuisOutcomeKind.Answered, "I99"), (update.Kind, update.ResponseCode));
        var esme = inventory.Find(Rig.Esme)!;
        Assert.Equal(("AB02", "0A020002", "0123ABCE"), (esme.Manufacturer, esme.Model, esme.FirmwareVersion));
        Assert.Equal([Rig.ImportMpan], esme.Mpxns); // the rest of the device is untouched

        // Only details the inventory does not hold: not acknowledged as a change.
        var unheld = await rig.Intake.ProcessAsync(UpdateDetails(rig, 2001, "<sr:SMETSCHTSVersion>SMETS V5.1</sr:SMETSCHTSVersion>"),
            DuisEndpoint.ServiceD);
        Assert.Equal("E11", unheld.ResponseCode);
        Assert.Equal(esme, inventory.Find(Rig.Esme));
    }

    private static byte[] UpdateDetails(Rig rig, ulong counter, string details) =>
        rig.Signed("8.4_UPDATE_INVENTORY_REQUEST_DUIS.XML", counter,
            edit: t => t.Replace("<sr:DeleteDevice/>", $"<sr:UpdateDeviceDetails>{details}</sr:UpdateDeviceDetails>"));
}
