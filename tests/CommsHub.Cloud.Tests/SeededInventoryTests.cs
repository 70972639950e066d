using System.Net.Http.Headers;
using System.Xml;
using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The demo seeder gives every device a manufacturer, model and firmware version (<see cref="SeedModel"/>), and an
/// 8.2 Read Inventory answer (DSPInventory) carries them; a device seeded before the inventory held them is filled in,
/// one whose details someone recorded keeps them.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class SeededInventoryTests(CloudFixture cloud)
{
    [SharedDataFact]
    public async Task Read_inventory_of_a_seeded_hub_lists_each_device_with_its_seeded_details()
    {
        var hub = DemoIdentities.Hubs[0];
        var answer = await ReadInventoryAsync(hub);

        Assert.Equal("I0", DuisResponses.Code(answer));
        var devices = Devices(answer);
        // The hub's own CHF first, then the devices on it (its GPF, ESME and GSME in the minted plan).
        Assert.Equal(("CHF", "AB01", "0A010001", "01000000"), devices[RequestId.FormatEui(hub)]);
        Assert.Equal(("GPF", "AB01", "0A010001", "01000000"), devices[RequestId.FormatEui(hub + 1)]);
        Assert.Equal(("ESME", "AB02", "0A020001", "0123ABCD"), devices[RequestId.FormatEui(hub - 2)]);
        Assert.Equal(("GSME", "AB02", "0A030001", "0123ABCD"), devices[RequestId.FormatEui(hub - 1)]);
    }

    [SharedDataFact]
    public void Seeder_fills_in_a_device_without_details_and_keeps_details_already_recorded()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-seed-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = SqliteDccStore.Open(dir);
            // As a database seeded before the inventory held details: the CHF has none; the ESME has a model someone set.
            store.Inventory.Upsert(new InventoryDevice(0x00DB1234567890A2, DeviceType.Chf, SmiStatus.Commissioned, StoreSeeder.Epoch, [], null));
            store.Inventory.Upsert(new InventoryDevice(0x00DB1234567890A0, DeviceType.Esme, SmiStatus.Commissioned, StoreSeeder.Epoch,
                ["1312345678111"], 0x00DB1234567890A2, Model: "FFFF0001"));

            var added = StoreSeeder.Seed(store, cloud.Identities, SeedPlan.Rtds);

            Assert.Equal(1, added); // only the GSME is new
            Assert.Equal(("AB01", "0A010001", "01000000"), Details(store.Inventory.Find(0x00DB1234567890A2)!));
            Assert.Equal((null, "FFFF0001", null), Details(store.Inventory.Find(0x00DB1234567890A0)!));
            Assert.Equal(("AB02", "0A030001", "0123ABCD"), Details(store.Inventory.Find(0x00DB1234567890A1)!));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    // 8.2 is a non-device service: CV8 on /serviceD, addressed to the DCC, naming the device in the body.
    private async Task<XmlDocument> ReadInventoryAsync(ulong device)
    {
        var doc = DuisRequests.Unsigned("8.2_READ_INVENTORY_REQUEST_DUIS.XML", DemoIdentities.Supplier);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("sr", DuisNamespaces.ServiceUserGateway);
        doc.SelectSingleNode("//sr:ReadInventory/sr:DeviceID", ns)!.InnerText = RequestId.FormatEui(device);
        var id = doc.SelectSingleNode("//sr:RequestID", ns)!;
        var parts = id.InnerText.Split(':');
        id.InnerText = $"{parts[0]}:{RequestId.FormatEui(DemoIdentities.Dcc)}:{parts[2]}";
        using (var signer = DuisRequests.Signer(cloud.DataDirectory, DemoIdentities.Supplier)) DuisSignature.Sign(doc, signer);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(doc.OuterXml));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await cloud.Http.PostAsync("/api/v1/serviceD", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(body));
        return DuisResponses.VerifyDspSigned(cloud, body);
    }

    // DSPInventory/Device entries by DeviceID: (type, manufacturer, model, firmware version or null when left out).
    private static Dictionary<string, (string, string, string, string?)> Devices(XmlDocument answer)
    {
        var result = new Dictionary<string, (string, string, string, string?)>();
        foreach (XmlElement d in answer.GetElementsByTagName("Device", DuisNamespaces.ServiceUserGateway))
            result[Text(d, "DeviceID")!] = (Text(d, "DeviceType")!, Text(d, "DeviceManufacturer")!, Text(d, "DeviceModel")!, Text(d, "DeviceFirmwareVersion"));
        return result;
    }

    private static string? Text(XmlElement parent, string name) =>
        parent.GetElementsByTagName(name, DuisNamespaces.ServiceUserGateway) is { Count: > 0 } list ? list[0]!.InnerText : null;

    private static (string?, string?, string?) Details(InventoryDevice d) => (d.Manufacturer, d.Model, d.FirmwareVersion);
}
