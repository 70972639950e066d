using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>Typed errors for what the transform cannot or must not do.</summary>
public sealed class ErrorTests
{
    [SharedDataFact]
    public void Unsupported_SRV_is_a_typed_error_naming_it_and_the_supported_ones()
    {
        // 5.1 Create Schedule is a DCC (non-device) service: no GBCS transform.
        var request = TransformData.LoadTemplate("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML");
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.UnsupportedService, ex.Error);
        Assert.Contains("SRV 5.1", ex.Message);
        Assert.Contains("8.11 (CCS01/CCS02)", ex.Message);
    }

    [Fact]
    public void Registry_lists_the_supported_SRVs_in_DUIS_order()
    {
        var srvs = TransformRegistry.Default.SupportedSrvs;
        Assert.Subset(srvs.ToHashSet(), new HashSet<string> { "3.3", "4.1.1", "6.13", "7.1", "7.2", "8.9", "8.11", "8.12.1", "11.2", "11.3" });
        Assert.Equal(srvs.OrderBy(s => string.Join('.', s.Split('.').Select(p => p.PadLeft(4, '0'))), StringComparer.Ordinal), srvs);
    }

    [SharedDataFact]
    public void Supported_SRV_with_an_unsupported_body_is_a_typed_error()
    {
        var request = TransformData.LoadTemplate("ECS35a_6.13_SUCCESS_REQUEST_DUIS.XML");
        request.BodyElement.GetElementsByTagName("LogToRead", "http://www.dccinterface.co.uk/ServiceUserGateway")[0]!.InnerText = "GSMEEvent";
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.UnsupportedRequest, ex.Error);
        Assert.Contains("GSMEEvent", ex.Message);
    }

    [SharedDataFact]
    public void Unknown_target_device_is_missing_context()
    {
        var request = TransformData.LoadTemplate("ECS52_11.2_SUCCESS_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, 1) with { Inventory = new StaticDeviceInventory() };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(TransformError.MissingContext, ex.Error);
    }

    [SharedDataFact]
    public void Restore_without_a_record_of_the_old_CHF_is_missing_context()
    {
        var request = TransformData.LoadTemplate("CCS03_8.12.1_SUCCESS_REQUEST_DUIS.XML");
        var inventory = new StaticDeviceInventory().AddDevice(RtdsTestIdentities.Chf, Protocol.Asn1.DeviceType.Chf);
        var ex = Assert.Throws<DuisTransformException>(() =>
            TransformData.Transformer().Transform(request, TransformData.Context(request, 1) with { Inventory = inventory }));
        Assert.Equal(TransformError.MissingContext, ex.Error);
        Assert.Contains("00-DB-12-34-56-78-90-95", ex.Message);
    }

    [SharedDataFact]
    public void Missing_ACB_key_is_a_typed_error()
    {
        var request = TransformData.LoadTemplate("CCS02_8.11_SUCCESS_REQUEST_DUIS.XML");
        var transformer = new DuisTransformer(new NetGbcsCrypto(), new InMemoryKeyStore(), RtdsTestIdentities.AccessControlBroker);
        var ex = Assert.Throws<DuisTransformException>(() => transformer.Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.MissingKey, ex.Error);
    }

    [SharedDataFact]
    public void Pre_command_for_a_non_critical_SRV_is_refused()
    {
        var request = TransformData.LoadTemplate("ECS52_11.2_SUCCESS_REQUEST_DUIS.XML");
        var cv4 = request with { Header = request.Header with { CommandVariant = 4 } };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(cv4, TransformData.Context(cv4, 1)));
        Assert.Equal(TransformError.WrongCommandVariant, ex.Error);
    }
}
