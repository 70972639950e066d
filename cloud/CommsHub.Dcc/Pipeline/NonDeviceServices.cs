using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// Non-device Service Requests (CV8) answered synchronously from the Smart Metering Inventory, after access control
/// accepted them: 8.2 Read Inventory (by DeviceID; a CHF lists the devices on its HAN too), 8.3 Decommission Device,
/// 8.4 Update Inventory (device status, MPxN and manufacturer / model / firmware version changes) and 12.2 Device
/// Pre-Notification (which records the manufacturer, model and firmware version it names).
/// </summary>
public sealed class NonDeviceServices(IInventoryStore inventory)
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;
    private const int MaxInventoryDevices = 17; // XSD DSPInventory: Device maxOccurs="17"
    private readonly IInventoryStore _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));

    /// <summary>The SRVs answered here.</summary>
    public static IReadOnlySet<string> Supported { get; } = new HashSet<string>(StringComparer.Ordinal) { "8.2", "8.3", "8.4", "12.2" };

    /// <summary>Answers <paramref name="request"/>; null when its SRV or body variant is not one handled here.</summary>
    public DuisOutcome? Answer(DuisRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.BodyElement;
        return request.Header.ServiceReferenceVariant switch
        {
            "8.2" when body.LocalName == "ReadInventory" => ReadInventory(body),
            "8.3" when body.LocalName == "DecommissionDevice" => Decommission(body, now),
            "8.4" when body.LocalName == "UpdateInventory" => UpdateInventory(body, now),
            "12.2" when body.LocalName == "DevicePrenotification" => PreNotify(body, now),
            _ => null,
        };
    }

    private DuisOutcome? ReadInventory(XmlElement body)
    {
        // Search by UPRN or postcode needs address data the inventory does not hold.
        if (Text(body, "DeviceID") is not { } idText) return null;
        var device = _inventory.Find(Eui(idText));
        if (device is null) return new DuisOutcome(DuisOutcomeKind.Rejected, ResponseCodes.E19, $"device {idText} is not in the inventory");
        var devices = new List<InventoryDevice> { device };
        if (device.Type == DeviceType.Chf) devices.AddRange(_inventory.OnHub(device.Eui).Take(MaxInventoryDevices - 1));
        var doc = new XmlDocument();
        var inventory = doc.CreateElement("sr", "DSPInventory", Sr);
        foreach (var d in devices) inventory.AppendChild(DeviceElement(doc, d));
        return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I0, $"read inventory: {devices.Count} device(s)", inventory);
    }

    private DuisOutcome Decommission(XmlElement body, DateTimeOffset now)
    {
        var id = Eui(Text(body, "DeviceID")!);
        return _inventory.SetStatus(id, SmiStatus.Decommissioned, now)
            ? new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99, $"device {id:X16} decommissioned")
            : new DuisOutcome(DuisOutcomeKind.Rejected, ResponseCodes.E19, $"device {id:X16} is not in the inventory");
    }

    private DuisOutcome? UpdateInventory(XmlElement body, DateTimeOffset now)
    {
        var id = Eui(Text(body, "DeviceID")!);
        var device = _inventory.Find(id);
        if (device is null) return new DuisOutcome(DuisOutcomeKind.Rejected, ResponseCodes.E19, $"device {id:X16} is not in the inventory");
        var status = Text(body, "UpdateDeviceStatusExceptCH") ?? Text(body, "UpdateDeviceStatusCH");
        if (status is not null && Enum.TryParse<SmiStatus>(status, out var s))
        {
            _inventory.SetStatus(id, s, now);
            return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99, $"device {id:X16} status set to {s}");
        }
        if (Child(body, "UpdateMPxN") is { } mpxn)
        {
            var mpxns = device.Mpxns.ToList();
            var import = Text(mpxn, "ImportMPxN");
            if (import is not null) { if (mpxns.Count == 0) mpxns.Add(import); else mpxns[0] = import; }
            foreach (var name in new[] { "SecondaryImportMPAN", "ExportMPAN" })
                if (Text(mpxn, name) is { } extra && !mpxns.Contains(extra)) mpxns.Add(extra);
            _inventory.Upsert(device with { Mpxns = mpxns });
            return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99, $"device {id:X16} MPxNs now {string.Join(", ", mpxns)}");
        }
        if (Child(body, "UpdateDeviceDetails") is { } details) return UpdateDetails(device, details);
        // DeleteDevice needs a store operation (delete) IDccStore lacks.
        return null;
    }

    // Only the details the inventory holds; SMETSCHTSVersion and ESMEVariant are not held, so a request naming nothing
    // else is left unanswered (E11) rather than acknowledged as if it had changed something.
    private DuisOutcome? UpdateDetails(InventoryDevice device, XmlElement details)
    {
        var (manufacturer, model, firmware) = (Text(details, "DeviceManufacturer"), Text(details, "DeviceModel"), Text(details, "FirmwareVersion"));
        if (manufacturer is null && model is null && firmware is null) return null;
        var updated = device with
        {
            Manufacturer = manufacturer ?? device.Manufacturer,
            Model = model ?? device.Model,
            FirmwareVersion = firmware ?? device.FirmwareVersion,
        };
        _inventory.Upsert(updated);
        return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99,
            $"device {device.Eui:X16} details now manufacturer {updated.Manufacturer ?? "unknown"}, model {updated.Model ?? "unknown"}, firmware {updated.FirmwareVersion ?? "unknown"}");
    }

    private DuisOutcome? PreNotify(XmlElement body, DateTimeOffset now)
    {
        var id = Eui(Text(body, "DeviceID")!);
        if (!TryType(Text(body, "DeviceType"), out var type)) return null;
        // A repeated pre-notification of a device already known changes nothing (idempotent).
        if (_inventory.Find(id) is null)
            _inventory.Upsert(new InventoryDevice(id, type, SmiStatus.Pending, now, [], null,
                Text(body, "DeviceManufacturer"), Text(body, "DeviceModel"), Text(body, "FirmwareVersion")));
        return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99, $"device {id:X16} ({type}) pre-notified");
    }

    private static XmlElement DeviceElement(XmlDocument doc, InventoryDevice d)
    {
        var e = doc.CreateElement("sr", "Device", Sr);
        Add(e, "DeviceID", RequestId.FormatEui(d.Eui));
        Add(e, "DeviceType", TypeName(d.Type));
        Add(e, "DeviceStatus", d.Status.ToString());
        // Both are required by the XSD but may be empty (no minLength): empty is how an unknown one is written.
        Add(e, "DeviceManufacturer", d.Manufacturer ?? "");
        Add(e, "DeviceModel", d.Model ?? "");
        // Optional in the XSD (FirmwareVersion has minLength 1): left out when not known.
        if (d.FirmwareVersion is { } firmware) Add(e, "DeviceFirmwareVersion", firmware);
        if (d.Mpxns.Count > 0) Add(e, "ImportMPxN", d.Mpxns[0]);
        return e;
    }

    private static void Add(XmlElement parent, string name, string text)
    {
        var c = parent.OwnerDocument.CreateElement("sr", name, Sr);
        c.InnerText = text;
        parent.AppendChild(c);
    }

    private static string TypeName(DeviceType type) => type switch
    {
        DeviceType.Type2 => "IHD",
        _ => type.ToString().ToUpperInvariant(),
    };

    private static bool TryType(string? name, out DeviceType type)
    {
        type = name switch
        {
            "ESME" => DeviceType.Esme, "GSME" => DeviceType.Gsme, "GPF" => DeviceType.Gpf, "CHF" => DeviceType.Chf,
            "HCALCS" => DeviceType.Hcalcs, "PPMID" => DeviceType.Ppmid, "IHD" or "CAD" => DeviceType.Type2,
            _ => (DeviceType)(-1),
        };
        return (int)type >= 0;
    }

    private static XmlElement? Child(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr);

    private static string? Text(XmlElement parent, string name) => Child(parent, name)?.InnerText.Trim();

    private static ulong Eui(string text) =>
        RequestId.TryParseEui(text, out var eui) ? eui : throw new FormatException($"'{text}' is not an EUI-64");

    /// <summary>The body's DeviceID, for access control's device checks on non-device SRVs; null when the body names none.</summary>
    public static ulong? SubjectOf(DuisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = Text(request.BodyElement, "DeviceID");
        return text is not null && RequestId.TryParseEui(text, out var eui) ? eui : null;
    }
}
