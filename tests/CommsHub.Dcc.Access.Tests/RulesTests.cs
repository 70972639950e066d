using System.Text.RegularExpressions;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The static rule tables and small pieces, without a store.</summary>
public class RulesTests
{
    [Fact]
    public void Every_device_srv_names_the_device_types_it_addresses()
    {
        var missing = SrvCatalogue.All.Where(i => !i.NonDevice && SrvDeviceTypes.For(i.Srv) is null).Select(i => i.Srv).ToList();
        Assert.Empty(missing);
        Assert.All(SrvCatalogue.All, i => Assert.DoesNotContain(DeviceType.Type2, SrvDeviceTypes.For(i.Srv) ?? new HashSet<DeviceType>()));
    }

    [SharedDataFact]
    public void Device_type_table_allows_the_device_every_rtds_template_targets()
    {
        // RTDS test devices: ...A0 ESME, ...A1 GSME, ...A2 CHF, ...A3 GPF, ...A4 PPMID, ...A5 HCALCS (vectors README).
        var types = new Dictionary<string, DeviceType>
        {
            ["00-DB-12-34-56-78-90-A0"] = DeviceType.Esme, ["00-DB-12-34-56-78-90-A1"] = DeviceType.Gsme,
            ["00-DB-12-34-56-78-90-A2"] = DeviceType.Chf, ["00-DB-12-34-56-78-90-A3"] = DeviceType.Gpf,
            ["00-DB-12-34-56-78-90-A4"] = DeviceType.Ppmid, ["00-DB-12-34-56-78-90-A5"] = DeviceType.Hcalcs,
        };
        var checkedTemplates = 0;
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SharedData.PathOf("vectors/gbcs/duis/templates"), "*.XML"))
        {
            var xml = File.ReadAllText(file);
            var id = Regex.Match(xml, "RequestID>([^<]+)<");
            var srv = Regex.Match(xml, "ServiceReferenceVariant>([^<]+)<");
            if (!id.Success || !srv.Success) continue;
            var target = id.Groups[1].Value.Split(':')[1].ToUpperInvariant();
            if (!types.TryGetValue(target, out var type)) continue; // the DCC (non-device) or the auxiliary ...A6
            checkedTemplates++;
            if (!SrvDeviceTypes.Allows(srv.Groups[1].Value, type)) wrong.Add($"{Path.GetFileName(file)}: {srv.Groups[1].Value} -> {type}");
        }
        Assert.True(checkedTemplates > 250, $"only {checkedTemplates} templates found");
        Assert.Empty(wrong);
    }

    [Fact]
    public void Consent_srvs_are_other_user_srvs()
    {
        foreach (var srv in ConsentRules.ConsumptionDataSrvs.Concat(ConsentRules.Type2JoinUnjoinSrvs))
            Assert.True(EligibilityCheck.IsEligible(UserRole.OtherUser, srv), srv);
        Assert.Equal(ConsentPurpose.ConsumptionData, ConsentRules.PurposeOf("4.8.1"));
        Assert.Equal(ConsentPurpose.Type2JoinUnjoin, ConsentRules.PurposeOf("8.8.2"));
        Assert.Null(ConsentRules.PurposeOf("9.1"));
    }

    [Theory]
    [InlineData(1, DuisEndpoint.ServiceS)]
    [InlineData(3, DuisEndpoint.ServiceS)]
    [InlineData(5, DuisEndpoint.ServiceS)]
    [InlineData(7, DuisEndpoint.ServiceS)]
    [InlineData(4, DuisEndpoint.ServiceT)]
    [InlineData(2, DuisEndpoint.ServiceD)]
    [InlineData(6, DuisEndpoint.ServiceD)]
    [InlineData(8, DuisEndpoint.ServiceD)]
    public void Command_variant_endpoints(int cv, DuisEndpoint endpoint)
    {
        Assert.Equal(endpoint, DuisEndpoints.HttpEndpointFor(cv));
        foreach (var other in Enum.GetValues<DuisEndpoint>())
            Assert.Equal(other == endpoint || other == DuisEndpoint.Mqtt, DuisEndpoints.Accepts(other, cv));
    }

    [Fact]
    public void Registration_period_is_inclusive_from_exclusive_to()
    {
        var from = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var period = new RegistrationPeriod("M", UserRole.ImportSupplier, 1, from, from.AddDays(1));
        Assert.False(period.Covers(from.AddTicks(-1)));
        Assert.True(period.Covers(from));
        Assert.True(period.Covers(from.AddDays(1).AddTicks(-1)));
        Assert.False(period.Covers(from.AddDays(1)));
        Assert.True((period with { EffectiveTo = null }).Covers(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Most_specific_anomaly_threshold_wins()
    {
        var options = new AnomalyOptions
        {
            DefaultMaxRequests = 100,
            Thresholds =
            {
                new AnomalyThreshold { Srv = "4.1.1", MaxRequests = 50 },
                new AnomalyThreshold { UserEui = 7, MaxRequests = 20 },
                new AnomalyThreshold { UserEui = 7, Srv = "4.1.1", MaxRequests = 5 },
            },
        };
        Assert.Equal(5, options.MaxRequestsFor(7, "4.1.1"));
        Assert.Equal(20, options.MaxRequestsFor(7, "8.9"));
        Assert.Equal(50, options.MaxRequestsFor(8, "4.1.1"));
        Assert.Equal(100, options.MaxRequestsFor(8, "8.9"));
    }

    [Fact]
    public void Sliding_window_counts_within_the_window_only()
    {
        var counter = new SlidingWindowCounter();
        var t = DateTimeOffset.UnixEpoch;
        var window = TimeSpan.FromSeconds(10);
        Assert.Equal(1, counter.Add(1, "4.1.1", t, window));
        Assert.Equal(2, counter.Add(1, "4.1.1", t.AddSeconds(9), window));
        Assert.Equal(1, counter.Add(2, "4.1.1", t.AddSeconds(9), window));
        Assert.Equal(2, counter.Add(1, "4.1.1", t.AddSeconds(10), window)); // the event at t is exactly one window old: out
        counter.Reset(1, "4.1.1");
        Assert.Equal(1, counter.Add(1, "4.1.1", t.AddSeconds(11), window));
    }

    [Fact]
    public void Stored_counters_keep_unsigned_order()
    {
        ulong[] values = [0, 1, 1UL << 62, (1UL << 63) - 1, 1UL << 63, (1UL << 63) + 1, ulong.MaxValue - 1, ulong.MaxValue];
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], SqlValues.ParseCounter(SqlValues.Counter(values[i])));
            if (i > 0) Assert.True(SqlValues.Counter(values[i - 1]) < SqlValues.Counter(values[i]));
        }
    }
}
