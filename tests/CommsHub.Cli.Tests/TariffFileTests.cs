using System.Xml;
using CommsHub.Cli.Requests;
using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The <c>--tariff FILE</c> of <c>send 1.1.1</c> and <c>1.2.1</c>: what a good file becomes in the DUIS body, and that a
/// bad one is refused with a message naming the field (exit 1, nothing sent).
/// </summary>
public sealed class TariffFileTests
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    [Fact]
    public void The_readme_tariff_becomes_a_weekday_and_a_weekend_profile_with_its_prices()
    {
        var doc = DuisRequestBuilder.FromSrv("1.1.1", new SrvRequestArguments(0x02C04B10000001A0, DateTimeOffset.UnixEpoch, TariffFile.Parse(SendBySectionTests.Tariff)));

        var days = doc.GetElementsByTagName("DayProfile", Sr).Cast<XmlElement>().ToList();
        Assert.Equal(2, days.Count);
        Assert.Equal(["00:00:00.00Z", "07:00:00.00Z", "23:00:00.00Z"], Texts(days[0], "StartTime"));
        Assert.Equal(["1", "2", "1"], Texts(days[0], "TOUTariffAction"));
        Assert.Equal(["1", "1", "1", "1", "1", "2", "2"], Texts(doc.DocumentElement!, "ReferencedDayName"));
        Assert.Equal(["2121", "3127"], Texts(doc.DocumentElement!, "TOUPrice"));
        Assert.Equal(["1", "2"], doc.GetElementsByTagName("TOUPrice", Sr).Cast<XmlElement>().Select(e => e.GetAttribute("index")));
        Assert.Equal(8, doc.GetElementsByTagName("Thresholds", Sr).Count);
        Assert.Equal("GBP", Texts(doc.DocumentElement!, "CurrencyUnits").Single());
        Assert.Equal("4", DuisRequestBuilder.Header(doc, "CommandVariant").InnerText);
    }

    [Fact]
    public void Without_a_weekend_the_weekday_profile_runs_all_week_and_1_2_1_needs_no_profile()
    {
        var tariff = TariffFile.Parse("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [5], "weekday": [ { "start": "00:00", "rate": 1 } ] }""");
        var doc = DuisRequestBuilder.FromSrv("1.1.1", new SrvRequestArguments(1, DateTimeOffset.UnixEpoch, tariff));
        Assert.Equal(Enumerable.Repeat("1", 7), Texts(doc.DocumentElement!, "ReferencedDayName"));

        var price = DuisRequestBuilder.FromSrv("1.2.1", new SrvRequestArguments(1, DateTimeOffset.UnixEpoch,
            TariffFile.Parse("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [5, 6] }""")));
        Assert.Equal(["5", "6"], Texts(price.DocumentElement!, "TOUPrice"));
        Assert.Empty(price.GetElementsByTagName("DayProfile", Sr).Cast<XmlElement>());
    }

    [Theory]
    [InlineData("[]", "the tariff must be one JSON object")]
    [InlineData("{", "not JSON")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3 }""", "'prices' must be a list of integers")]
    [InlineData("""{ "standingChargeScale": -2, "priceScale": -3, "prices": [1] }""", "'standingCharge' is missing")]
    [InlineData("""{ "standingCharge": 40000, "standingChargeScale": -2, "priceScale": -3, "prices": [1] }""", "'standingCharge' must be an integer from -32768 to 32767")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": 300, "prices": [1] }""", "'priceScale' must be an integer from -128 to 127")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [] }""", "prices: 0 given, 1 to 48 allowed")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": ["1"] }""", "'prices[0]' must be an integer")]
    [InlineData("""{ "currency": "USD", "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1] }""", "currency 'USD': DUIS allows GBP or ECB")]
    [InlineData("""{ "standingcharge": 1 }""", "unknown field 'standingcharge'")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1], "weekday": [ { "start": "7am", "rate": 1 } ] }""", "weekday[0].start '7am' is not a time HH:mm")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1], "weekday": [ { "start": "07:00", "rate": 2 } ] }""", "weekday[0].rate 2: there are 1 price(s), rates 1 to 1")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1], "weekday": [ { "start": "07:00", "rate": 1 }, { "start": "06:00", "rate": 1 } ] }""", "weekday[1].start 06:00 is not after 07:00")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1], "weekend": [] }""", "weekend: 0 switches given")]
    [InlineData("""{ "standingCharge": 1, "standingChargeScale": -2, "priceScale": -3, "prices": [1], "weekday": [ [ [ [ 1 ] ] ] ] }""", "not JSON")]
    public void A_bad_tariff_is_refused_naming_what_is_wrong(string json, string message)
    {
        var e = Assert.Throws<SendUsageException>(() => TariffFile.Parse(json));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_refuses_a_tariff_srv_without_a_file_and_names_the_file_it_cannot_read()
    {
        var (exit, stderr) = Run("send", "1.1.1", "--meter", "02C04B10000001A0");
        Assert.Equal(1, exit);
        Assert.Contains("SRV 1.1.1 needs --tariff FILE", stderr, StringComparison.Ordinal);

        var bad = Path.Combine(Path.GetTempPath(), "commshub-tariff-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(bad, """{ "prices": [1] }""");
        try
        {
            (exit, stderr) = Run("send", "1.2.1", "--meter", "02C04B10000001A0", "--tariff", bad);
            Assert.Equal(1, exit);
            Assert.Contains($"--tariff {Path.GetFileName(bad)}: 'standingCharge' is missing", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private static (int Exit, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        Assert.Equal("", stdout.ToString());
        return (exit, stderr.ToString());
    }

    private static string[] Texts(XmlElement under, string name) =>
        under.GetElementsByTagName(name, Sr).Cast<XmlElement>().Select(e => e.InnerText).ToArray();
}
