using CommsHub.Firmware.Host.Simulation.Cosem;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The ESME's generic COSEM access: gets read the table, sets write it type-checked, actions run behaviours.</summary>
public class VirtualEsmeObjectModelTests
{
    private const ulong Obis = 0x0000600A01FFUL; // 0-0:96.10.1.255, a data object

    [Fact]
    public void A_set_value_is_got_back_and_a_set_of_another_type_is_refused()
    {
        var model = new CosemObjectModel();
        var request = new AccessRequest(7, [new AccessRequestSpec(AccessKind.Set, 1, Obis, 2), new AccessRequestSpec(AccessKind.Get, 1, Obis, 2),
            new AccessRequestSpec(AccessKind.Set, 1, Obis, 2)], [DlmsData.LongUnsigned(42), DlmsData.Null(), DlmsData.Boolean(true)]);

        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal([CosemObjectModel.Success, CosemObjectModel.Success, CosemObjectModel.TypeUnmatched], r.Results.Select(x => x.Result));
        Assert.Equal(DlmsType.LongUnsigned, r.Data[1].Type);
        Assert.Equal(42, r.Data[1].Value);
        Assert.Equal(42, model.Get(1, Obis, 2)!.Value);
    }

    [Fact]
    public void An_attribute_not_held_is_object_undefined_and_an_action_runs_its_behaviour()
    {
        var model = new CosemObjectModel();
        model.Seed(7, Obis, 2, DlmsData.Array([DlmsData.Unsigned(1)]));
        model.OnAction(7, Obis, 1, _ => { model.Seed(7, Obis, 2, DlmsData.Array([])); return null; }); // profile reset
        var request = new AccessRequest(1, [new AccessRequestSpec(AccessKind.Get, 3, Obis, 2), new AccessRequestSpec(AccessKind.Action, 7, Obis, 1)],
            [DlmsData.Null(), DlmsData.Integer(0)]);

        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal(CosemObjectModel.ObjectUndefined, r.Results[0].Result);
        Assert.Equal(CosemObjectModel.Success, r.Results[1].Result);
        Assert.Empty(model.Get(7, Obis, 2)!.Children);
    }

    [Fact]
    public void Writes_that_would_add_values_beyond_the_cap_are_answered_object_undefined_and_not_stored()
    {
        var model = EsmeObjectSeed.New();
        // Data objects 0-0:128.d.e.255 (manufacturer-specific) the seed holds no value for (gets answer a likely type), written one after another
        // as a faulty or rogue sender would: each new one is a value more.
        static ulong DataObject(int n) => 0x80UL << 24 | (ulong)(n >> 8) << 16 | (ulong)(n & 0xFF) << 8 | 0xFF;
        int taken = 0;
        for (int n = 0; n < CosemObjectModel.MaxValues; n++)
            if (model.Set(1, DataObject(n), 2, DlmsData.LongUnsigned(7)) == CosemObjectModel.Success) taken++;
        Assert.Equal(CosemObjectModel.MaxValues, taken);

        var request = new AccessRequest(9, [new AccessRequestSpec(AccessKind.Set, 1, DataObject(CosemObjectModel.MaxValues), 2),
            new AccessRequestSpec(AccessKind.Set, 1, DataObject(0), 2)], [DlmsData.LongUnsigned(8), DlmsData.LongUnsigned(9)]);
        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        // Full: a new value is refused as an object the meter does not have; one it holds can still be rewritten.
        Assert.Equal([CosemObjectModel.ObjectUndefined, CosemObjectModel.Success], r.Results.Select(x => x.Result));
        Assert.Equal(DlmsType.DoubleLongUnsigned, model.Get(1, DataObject(CosemObjectModel.MaxValues), 2)!.Type); // the likely type, not the write
        Assert.Equal(9, model.Get(1, DataObject(0), 2)!.Value);
    }

    [Fact]
    public void A_set_of_a_profile_buffer_whose_rows_have_another_layout_is_refused_and_capture_goes_on()
    {
        const ulong profile = 0x0000630100FFUL; // 0-0:99.1.0.255, rows {capture time, active import}
        var model = EsmeObjectSeed.New();
        var dlu = new DlmsTypeDescription(DlmsType.DoubleLongUnsigned);
        DlmsData Buffer(params DlmsTypeDescription[] row) => DlmsData.CompactArray(DlmsTypeDescription.Structure(row), []);
        var request = new AccessRequest(3,
        [
            new AccessRequestSpec(AccessKind.Set, 7, profile, 2), new AccessRequestSpec(AccessKind.Set, 7, profile, 2),
            new AccessRequestSpec(AccessKind.Set, 7, profile, 2),
        ],
        [
            Buffer(dlu, dlu, dlu), // a column more than the capture objects
            Buffer(dlu, new DlmsTypeDescription(DlmsType.DoubleLong)), // a column of another type
            Buffer(dlu, dlu), // the profile's own layout
        ]);

        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal([CosemObjectModel.TypeUnmatched, CosemObjectModel.TypeUnmatched, CosemObjectModel.Success], r.Results.Select(x => x.Result));
        // The buffer keeps its columns, so the next half-hour's row fits them.
        var capture = new EsmeProfileCapture(model);
        capture.Tick(new DateTime(2026, 1, 1, 0, 10, 0, DateTimeKind.Utc));
        capture.Tick(new DateTime(2026, 1, 1, 0, 40, 0, DateTimeKind.Utc));
        var buffer = model.Get(7, profile, 2)!;
        Assert.Equal(2, buffer.TypeDescription.Children.Length);
        Assert.Single(buffer.Children);
        Assert.NotEmpty(DlmsDataWriter.ToBytes(buffer));
    }
}

/// <summary>The GSME's generic GBZ answers: default responses opposite the command's direction, writes stored type-checked.</summary>
public class VirtualGsmeAttributeStoreTests
{
    [Fact]
    public void A_write_is_stored_and_read_back_and_another_command_gets_a_default_response()
    {
        var store = new CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore();
        // Two components of cluster 0x0705: write attribute 0x0010 (uint16 0x1234), then cluster-specific command 05.
        var payload = GbzPayload("00" + "0705" + "0008" + "00" + "03" + "02" + "1000" + "21" + "3412",
                                 "01" + "0705" + "0004" + "01" + "04" + "05" + "AA");

        var answer = CommsHub.Firmware.Host.Simulation.Zcl.GbzCommandServer.Answer(store, payload);

        Assert.Equal("0109" + "02" + "00" + "0705" + "0004" + "08" + "03" + "04" + "00"
                     + "01" + "0705" + "0005" + "08" + "04" + "0B" + "05" + "00", Convert.ToHexString(answer!));
        Assert.Equal("3412", Convert.ToHexString(store.Read(0x0705, 0x0010)!.Value));
        Assert.Equal(CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore.InvalidDataType,
            store.Write(0x0705, 0x0010, new CommsHub.Firmware.Host.Simulation.Zcl.ZclValue(0x20, [1])));
    }

    [Fact]
    public void Writes_that_would_add_attributes_beyond_the_cap_are_answered_unsupported_attribute_and_not_stored()
    {
        var store = CommsHub.Firmware.Host.Simulation.Zcl.GsmeAttributeSeed.New();
        var value = new CommsHub.Firmware.Host.Simulation.Zcl.ZclValue(0x21, [1, 0]);
        // Attributes of a manufacturer-specific cluster the seed does not hold, written one after another as a faulty
        // or rogue sender would: each new one is a value more.
        const int Cluster = 0xFC00;
        int attribute = 0;
        while (store.Write(Cluster, attribute, value) == CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore.Success && attribute < 0xFFFF) attribute++;

        // Full: the next new attribute is refused as one the device does not support and is not stored; a held one can still be rewritten.
        Assert.True(attribute < CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore.MaxValues, $"{attribute} attributes taken");
        Assert.Null(store.Read(Cluster, attribute));
        Assert.Equal(CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore.UnsupportedAttribute, store.Write(Cluster, attribute + 1, value));
        Assert.Equal(CommsHub.Firmware.Host.Simulation.Zcl.ZclAttributeStore.Success,
            store.Write(Cluster, 0, new CommsHub.Firmware.Host.Simulation.Zcl.ZclValue(0x21, [2, 0])));
        Assert.Equal([2, 0], store.Read(Cluster, 0)!.Value);
    }

    private static CommsHub.Protocol.Framing.GbcsMessage GbzPayload(params string[] components)
    {
        var b = new CommsHub.Protocol.Framing.GbcsFrameBuilder
        {
            WithMacHeader = false, Cra = CommsHub.Protocol.Framing.CraFlag.Command, OriginatorCounter = 1,
            Originator = Support.Rtds.Supplier, Target = Support.Rtds.Gsme, MessageCode = 0x0072,
            Signature = CommsHub.Protocol.Framing.SignatureKind.Null,
        };
        b.SetContent(Convert.FromHexString("0109" + components.Length.ToString("X2") + string.Concat(components)));
        return CommsHub.Protocol.Framing.GbcsFrameParser.Parse(b.Build());
    }
}
