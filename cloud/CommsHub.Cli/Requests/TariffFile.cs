using System.Globalization;
using System.Text.Json;

namespace CommsHub.Cli.Requests;

/// <summary>
/// The <c>--tariff FILE</c> of <c>commshub send 1.1.1</c> (Update Import Tariff, primary element) and <c>1.2.1</c>
/// (Update Price, primary element): an electricity time-of-use tariff in a small JSON form that
/// <see cref="TariffBody"/> writes out as the DUIS body. Example (prices in 10^priceScale of the currency per kWh,
/// the standing charge in 10^standingChargeScale per day):
/// <code>
/// {
///   "currency": "GBP",
///   "standingCharge": 20000, "standingChargeScale": -5,
///   "priceScale": -5, "prices": [2121, 3127],
///   "weekday": [ { "start": "00:00", "rate": 1 }, { "start": "07:00", "rate": 2 }, { "start": "23:00", "rate": 1 } ],
///   "weekend": [ { "start": "00:00", "rate": 1 } ]
/// }
/// </code>
/// <c>currency</c> is optional (GBP; the schema also allows ECB); <c>weekend</c> is optional (the weekday profile then
/// applies all week); <c>weekday</c> is needed for 1.1.1 and not read for 1.2.1. Rates number the prices from 1.
/// </summary>
/// <param name="Currency">DUIS CurrencyUnits: GBP or ECB.</param>
/// <param name="StandingCharge">DUIS StandingCharge (xs:short).</param>
/// <param name="StandingChargeScale">Its power of ten (-128..127).</param>
/// <param name="PriceScale">The prices' power of ten (-128..127).</param>
/// <param name="Prices">TOU prices 1..48 (xs:short each).</param>
/// <param name="Weekday">Monday to Friday (and the weekend when <paramref name="Weekend"/> is null): switch times in order, or null.</param>
/// <param name="Weekend">Saturday and Sunday, or null.</param>
internal sealed record TariffFile(string Currency, short StandingCharge, sbyte StandingChargeScale, sbyte PriceScale, IReadOnlyList<short> Prices,
    IReadOnlyList<TariffSwitch>? Weekday, IReadOnlyList<TariffSwitch>? Weekend)
{
    /// <summary>DUIS allows 48 TOU prices and 48 switches per day profile.</summary>
    public const int MaxEntries = 48;

    private static readonly HashSet<string> Known = ["currency", "standingCharge", "standingChargeScale", "priceScale", "prices", "weekday", "weekend"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="SendUsageException">The file is missing, not JSON, or breaks a rule above (the message names the field).</exception>
    public static TariffFile Load(string path)
    {
        if (!File.Exists(path)) throw new SendUsageException($"--tariff: no file {path}");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (SendUsageException e)
        {
            throw new SendUsageException($"--tariff {Path.GetFileName(path)}: {e.Message}");
        }
    }

    /// <summary>Checks and reads one tariff document.</summary>
    /// <exception cref="SendUsageException">Not JSON, or a field is missing, unknown, of the wrong kind or out of range.</exception>
    public static TariffFile Parse(string json)
    {
        JsonDocument doc;
        // Depth 4 is all the format has (object, list, switch object); anything deeper is refused by the parser.
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 }); }
        catch (JsonException e) { throw new SendUsageException($"not JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SendUsageException("the tariff must be one JSON object");
            foreach (var property in root.EnumerateObject())
                if (!Known.Contains(property.Name))
                    throw new SendUsageException($"unknown field '{property.Name}' (known: {string.Join(", ", Known)})");
            var currency = root.TryGetProperty("currency", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString()! : throw Bad("currency", "a string") : "GBP";
            if (currency is not ("GBP" or "ECB")) throw new SendUsageException($"currency '{currency}': DUIS allows GBP or ECB");
            var prices = root.TryGetProperty("prices", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Select((e, i) => Short(e, $"prices[{i}]")).ToList()
                : throw Bad("prices", "a list of integers");
            if (prices.Count is 0 or > MaxEntries) throw new SendUsageException($"prices: {prices.Count} given, 1 to {MaxEntries} allowed");
            return new TariffFile(currency,
                Short(Required(root, "standingCharge"), "standingCharge"),
                Scale(Required(root, "standingChargeScale"), "standingChargeScale"),
                Scale(Required(root, "priceScale"), "priceScale"),
                prices,
                Profile(root, "weekday", prices.Count),
                Profile(root, "weekend", prices.Count));
        }
    }

    private static IReadOnlyList<TariffSwitch>? Profile(JsonElement root, string name, int rates)
    {
        if (!root.TryGetProperty(name, out var list)) return null;
        if (list.ValueKind != JsonValueKind.Array) throw Bad(name, "a list of { \"start\": \"HH:mm\", \"rate\": N }");
        var switches = new List<TariffSwitch>();
        foreach (var (e, i) in list.EnumerateArray().Select((e, i) => (e, i)))
        {
            var at = $"{name}[{i}]";
            if (e.ValueKind != JsonValueKind.Object) throw Bad(at, "{ \"start\": \"HH:mm\", \"rate\": N }");
            var startText = e.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Bad(at + ".start", "a time \"HH:mm\"");
            if (!TimeOnly.TryParseExact(startText, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                throw new SendUsageException($"{at}.start '{startText}' is not a time HH:mm");
            if (!e.TryGetProperty("rate", out var r) || r.ValueKind != JsonValueKind.Number || !r.TryGetInt32(out var rate)) throw Bad(at + ".rate", "an integer");
            if (rate < 1 || rate > rates) throw new SendUsageException($"{at}.rate {rate}: there are {rates} price(s), rates 1 to {rates}");
            if (switches.Count > 0 && start <= switches[^1].Start)
                throw new SendUsageException($"{at}.start {startText} is not after {switches[^1].Start:HH:mm}: switches go in time order");
            switches.Add(new TariffSwitch(start, rate));
        }
        if (switches.Count is 0 or > MaxEntries) throw new SendUsageException($"{name}: {switches.Count} switches given, 1 to {MaxEntries} allowed");
        return switches;
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) ? e : throw new SendUsageException($"'{name}' is missing");

    private static short Short(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt16(out var v) ? v : throw Bad(name, $"an integer from {short.MinValue} to {short.MaxValue} (DUIS PriceType)");

    private static sbyte Scale(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetSByte(out var v) ? v : throw Bad(name, "an integer from -128 to 127 (a power of ten)");

    private static SendUsageException Bad(string name, string what) => new($"'{name}' must be {what}");
}

/// <summary>From <paramref name="Start"/> (local day time) the meter charges TOU rate <paramref name="Rate"/> (1-based).</summary>
internal sealed record TariffSwitch(TimeOnly Start, int Rate);
