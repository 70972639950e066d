using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Protocol.Asn1;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Alerts: verified, routed by Registration Data, delivered as signed, XSD-valid DeviceAlertMessage.</summary>
public sealed class AlertTests
{
    private const string Cs14 = "NA_CS14/CS14_NA_8F12_ALERT_GBCS.HEX";
    private const string Ecs80 = "NA_ECS80/ECS80_NA_8F36_ALERT_GBCS.HEX";
    private const string GenericCritical = "NA_GCA-DLMS/GCA-DLMS_NA_8F30_ALERT_GBCS.HEX";
    private const string GenericNonCriticalGas = "NA_GNCA-ZigBee/GNCA-ZigBee_NA_810E_ALERT_GBCS.HEX";

    private static void AssertAlert(Rig rig, DuisDelivery d, ulong user, string code, byte[] frame)
    {
        Assert.Equal((user, DuisMessageKind.DeviceAlert), (d.UserEui, d.Kind));
        var doc = rig.CheckedResponse(d.Xml);
        Assert.Equal(code, Rig.Field(doc, "AlertCode"));
        Assert.Equal(frame, Convert.FromBase64String(Rig.Field(doc, "GBCSPayload")!));
        Assert.Null(Rig.Field(doc, "RequestID"));
    }

    [SharedDataFact]
    public async Task Cs14_from_the_hub_goes_to_the_registered_supplier()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(Cs14);

        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));

        var d = Assert.Single(rig.Delivery.Delivered);
        AssertAlert(rig, d, Rig.Supplier, "8F12", frame);
        Assert.Equal("00-DB-12-34-56-78-90-A2:90-B3-D5-1F-30-01-00-00:4000", Rig.Field(rig.CheckedResponse(d.Xml), "ResponseID"));
        Assert.Single(rig.Mqtt.On(MqttUserDelivery.TopicFor(Rig.Supplier)));
    }

    [SharedDataFact]
    public async Task Duplicate_alert_is_delivered_once()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(Cs14);
        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Single(rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task Supply_outage_alert_also_goes_to_the_network_operator()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(Ecs80);

        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));

        var delivered = rig.Delivery.Delivered.ToList();
        Assert.Equal(2, delivered.Count);
        AssertAlert(rig, delivered.Single(d => d.UserEui == Rig.Supplier), Rig.Supplier, "8F36", frame);
        AssertAlert(rig, delivered.Single(d => d.UserEui == Rig.NetworkOperator), Rig.NetworkOperator, "8F36", frame);
    }

    [SharedDataFact]
    public async Task Supplier_class_alert_does_not_go_to_the_network_operator()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(GenericCritical);
        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        AssertAlert(rig, Assert.Single(rig.Delivery.Delivered), Rig.Supplier, "8F30", frame);
    }

    [SharedDataFact]
    public async Task Gas_meter_alert_goes_to_the_registered_gas_supplier_at_that_time()
    {
        using var rig = new Rig();
        const ulong newGasSupplier = 0x90B3D51F30030000UL;
        new RegistrationData(rig.Store.Registration).Change(Rig.Mprn, UserRole.GasSupplier, newGasSupplier, rig.Clock.Now.AddSeconds(-1));
        var frame = Rig.Rtds(GenericNonCriticalGas);

        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));

        // The device still addresses the old supplier (90B3D51F30010000), but the MPRN is registered to the new one.
        AssertAlert(rig, Assert.Single(rig.Delivery.Delivered), newGasSupplier, "810E", frame);
    }

    [SharedDataFact]
    public async Task Alert_from_a_device_nobody_is_registered_for_is_unroutable()
    {
        using var rig = new Rig();
        rig.Store.Inventory.Upsert(new InventoryDevice(Rig.Esme, DeviceType.Esme, SmiStatus.Commissioned, Rig.Epoch, ["1199999999999"], Rig.Chf));
        Assert.Equal(CorrelationOutcome.AlertUnroutable, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(GenericCritical)));
        Assert.Empty(rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task Alert_with_a_broken_signature_is_dropped()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(GenericCritical);
        frame[^5] ^= 0x40;
        Assert.Equal(CorrelationOutcome.Invalid, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Empty(rig.Delivery.Delivered);
    }
}
