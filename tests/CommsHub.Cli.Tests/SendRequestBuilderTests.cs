using System.Xml;
using CommsHub.Cli.Requests;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// Every SRV <c>commshub send</c> builds from a command line: the request validates against the DUIS schema the adapter
/// uses, and (device services) the adapter's transform turns it into a GBCS command without error, for the RTDS identities.
/// </summary>
public sealed class SendRequestBuilderTests
{
    private const ulong Supplier = 0x90B3D51F30010000UL;

    public static TheoryData<string> Srvs() => [.. SrvRequestCatalog.Supported];

    [SharedDataTheory]
    [MemberData(nameof(Srvs))]
    public void The_request_built_for_an_srv_is_schema_valid_and_transforms(string srv)
    {
        var (doc, target) = Build(srv);
        var signedShape = SecureXml.Load(System.Text.Encoding.UTF8.GetBytes(doc.OuterXml), SecureXmlOptions.Duis);

        var errors = DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis")).Collect(signedShape);

        Assert.True(errors.Count == 0, $"{srv}: {string.Join("; ", errors)}\n{doc.OuterXml}");
        var request = DuisRequestParser.Parse(signedShape);
        Assert.Equal(srv, request.Header.ServiceReferenceVariant);
        Assert.Equal(target, request.Header.RequestId.Target);
        if (SrvCatalogue.Find(srv)!.NonDevice)
        {
            Assert.Equal(8, request.Header.CommandVariant);
            return;
        }
        var transformer = new DuisTransformer(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker);
        var result = transformer.Transform(request, new TransformContext
        {
            AcbOriginatorCounter = 0x1000, CommsHub = RtdsTestIdentities.Chf,
            Inventory = new ProfiledDeviceInventory(RtdsTestIdentities.CreateInventory()).AddCin(RtdsTestIdentities.Esme, "1234"),
        });
        Assert.NotEmpty(result.Command);
    }

    [Fact]
    public void An_srv_send_cannot_build_is_refused_naming_the_ones_it_can()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = CliApp.Run(["send", "1.7", "--meter", "02C04B10000001A0"], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("SRV 1.7 cannot be built from the command line; supported: 1.1.1, 1.2.1, 2.5, 3.3, 4.1.1, ", stderr.ToString());
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Set_changes_an_element_by_name_adds_a_missing_one_and_takes_an_xpath()
    {
        var doc = DuisRequestBuilder.FromSrv("6.13", new SrvRequestArguments(RtdsTestIdentities.Esme, DateTimeOffset.UnixEpoch));

        DuisRequestBuilder.Apply(doc, "LogToRead=Security");
        DuisRequestBuilder.Apply(doc, "//sr:ReadLogPeriod/sr:StartDateTime=2020-01-01T00:00:00Z");

        Assert.Equal("Security", doc.GetElementsByTagName("LogToRead", DuisNamespaces.ServiceUserGateway)[0]!.InnerText);
        Assert.Equal("2020-01-01T00:00:00Z", doc.GetElementsByTagName("StartDateTime", DuisNamespaces.ServiceUserGateway)[0]!.InnerText);
        var clear = DuisRequestBuilder.FromSrv("3.3", new SrvRequestArguments(RtdsTestIdentities.Esme, DateTimeOffset.UnixEpoch));
        DuisRequestBuilder.Apply(clear, "ESMEEventLogType=ALCS");
        Assert.Equal("ALCS", ((XmlElement)clear.GetElementsByTagName("ClearEventLog", DuisNamespaces.ServiceUserGateway)[0]!).InnerText);
        Assert.Throws<SendUsageException>(() => DuisRequestBuilder.Apply(doc, "//sr:NoSuchThing=1"));
        Assert.Throws<SendUsageException>(() => DuisRequestBuilder.Apply(doc, "no-equals-sign"));
    }

    [Fact]
    public void The_readme_lists_exactly_the_srvs_send_builds()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommsHub.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var readme = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        const string Start = "The SRVs it builds from the command line:";
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"README has no '{Start}'");
        var list = readme[from..readme.IndexOf("; any other SRV", from, StringComparison.Ordinal)];

        var listed = System.Text.RegularExpressions.Regex.Matches(list, @"\b\d{1,2}(\.\d{1,2})+\b").Select(m => m.Value);

        Assert.Equal(SrvRequestCatalog.Supported, listed);
    }

    [Fact]
    public void Request_counters_grow_even_within_one_millisecond()
    {
        var clock = new StoppedClock(DateTimeOffset.UtcNow.AddYears(1));
        var first = RequestCounter.Next(clock);
        var second = RequestCounter.Next(clock);

        Assert.True(second > first, $"{second} after {first}");
    }

    // The request as the command line builds it, aimed where the RTDS aims that SRV (an ESME's log type given by --set).
    private static (XmlDocument Doc, ulong Target) Build(string srv)
    {
        var target = srv switch
        {
            "8.9" or "8.2" => RtdsTestIdentities.Chf,
            _ => RtdsTestIdentities.Esme,
        };
        var doc = DuisRequestBuilder.FromSrv(srv, new SrvRequestArguments(target, DateTimeOffset.UtcNow, TariffFile.Parse(SendBySectionTests.Tariff)));
        if (srv == "3.3") DuisRequestBuilder.Apply(doc, "ESMEEventLogType=ESME");
        DuisRequestBuilder.FillHeader(doc, new RequestId(Supplier, target, RequestCounter.Next()));
        return (doc, target);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
