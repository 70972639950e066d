using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GSME's state behind its cluster-specific answers: ChangeSupply keeps the supply state and reports it,
/// StartSampling hands out fresh sample ids, GetBillingPeriod and GetEventConfiguration publish what the meter holds,
/// sensitive reads are encrypted only in use cases that encrypt them, and GCS28 Set Time answers in DER.
/// </summary>
public class VirtualGsmeStateTests
{
    [Fact]
    public void Change_supply_keeps_the_proposed_state_and_reports_it()
    {
        var store = GsmeAttributeSeed.New();
        // Metering ChangeSupply: provider 1, issuer event 2, request time 3, implementation time 4, proposed 2 (armed), bits 1.
        var answer = GbzCommandServer.Answer(store, Gbz(0x0081, "01" + "0702" + "0015" + "01" + "05" + "0B"
            + "01000000" + "02000000" + "03000000" + "04000000" + "02" + "01"));

        // SupplyStatusResponse (fc 09, cmd 0C): provider, issuer event, implementation time, status now held.
        Assert.Equal("0109" + "01" + "01" + "0702" + "0010" + "09" + "05" + "0C" + "01000000" + "02000000" + "04000000" + "02",
            Convert.ToHexString(answer!));
        Assert.Equal([2], store.Read(0x0702, 0x0014)!.Value);
    }

    [Fact]
    public void Start_sampling_hands_out_a_new_sample_id_each_time()
    {
        var store = GsmeAttributeSeed.New();
        var command = Gbz(0x0080, "01" + "0702" + "0010" + "01" + "00" + "07" + "00000000" + "00000000" + "00" + "6801" + "2900");

        var first = GbzCommandServer.Answer(store, command)!;
        var second = GbzCommandServer.Answer(store, command)!;

        Assert.Equal("09" + "00" + "0D" + "0100", Convert.ToHexString(first)[16..]);
        Assert.Equal("0200", Convert.ToHexString(second)[^4..]);
    }

    [Fact]
    public void Billing_period_and_event_configuration_are_published_from_the_store()
    {
        var store = GsmeAttributeSeed.New();
        store.BillingPeriod = Convert.FromHexString("0000000000000000AABBCCDD06000023" + "00");
        store.EventConfiguration.Clear();
        store.EventConfiguration[0x8154] = 0x03;

        var billing = GbzCommandServer.Answer(store, Gbz(0x009D, "01" + "0700" + "000D" + "01" + "00" + "0B" + "00000000" + "FFFFFFFF" + "01" + "00"))!;
        // Get Event Configuration travels server to client (fc 09); the report comes back client to server (fc 01).
        var events = GbzCommandServer.Answer(store, Gbz(0x00F1, "01" + "0708" + "0005" + "09" + "00" + "05" + "FF81"))!;

        Assert.Equal("09" + "00" + "09" + "0000000000000000AABBCCDD0600002300", Convert.ToHexString(billing)[16..]);
        Assert.Equal("01" + "00" + "04" + "0001" + "548103", Convert.ToHexString(events)[16..]);
    }

    [Fact]
    public void A_sensitive_read_is_encrypted_only_when_the_use_case_encrypts_and_an_unreadable_answer_is_none()
    {
        var store = GsmeAttributeSeed.New();
        var read = Gbz(0x0075, "01" + "0705" + "0005" + "00" + "01" + "00" + "0100");

        var clear = GbzCommandServer.Answer(store, read)!;
        var encrypted = GbzCommandServer.Answer(store, read, (plain, _) => [0x31, .. plain])!;
        var unreadable = GbzCommandServer.Answer(store, read, (_, _) => null);

        Assert.Equal("0109" + "01" + "01" + "0705" + "000B" + "08" + "01" + "01" + "0100" + "00" + "2B" + "00000000", Convert.ToHexString(clear));
        // Control 03 (last, encrypted), additional header 00 00, ZCL header in clear, ciphered length, protected records.
        Assert.Equal("0109" + "01" + "03" + "0705" + "0010" + "0000" + "08" + "01" + "01" + "0009" + "31" + "0100" + "00" + "2B" + "00000000",
            Convert.ToHexString(encrypted));
        Assert.Null(unreadable);
        // Two sensitive reads: two encrypted components, numbered 0 and 1 by the frame counter, each encrypted with its number.
        var twice = Gbz(0x0075, "00" + "0705" + "0005" + "00" + "01" + "00" + "0100", "01" + "0705" + "0005" + "00" + "02" + "00" + "0200");
        var both = GbzCommandServer.Answer(store, twice, (plain, frame) => [(byte)(0xF0 | frame), .. plain])!;
        Assert.Equal("0109" + "02"
            + "02" + "0705" + "0010" + "0000" + "08" + "01" + "01" + "0009" + "F0" + "0100" + "00" + "2B" + "00000000"
            + "03" + "0705" + "0010" + "0001" + "08" + "02" + "01" + "0009" + "F1" + "0200" + "00" + "2B" + "00000000",
            Convert.ToHexString(both));
        Assert.True(ZclSensitiveAttributes.EncryptsReads(0x0075));
        Assert.False(ZclSensitiveAttributes.EncryptsReads(0x008D));
    }

    [Fact]
    public void Set_time_reports_the_device_time_and_whether_it_lies_in_the_validity_interval()
    {
        var now = new DateTime(2015, 1, 1, 0, 0, 5, DateTimeKind.Utc);
        var inside = Asn1(0x007F, "2014-12-31T23:30:00Z", "2015-01-01T00:30:00Z");

        var body = CommsHub.Firmware.Host.Simulation.GsmeSetTime.Answer(inside, now, out bool reliable);

        Assert.True(reliable);
        var r = new DerReader(body, 0, body.Length).ReadSequence("response");
        Assert.Equal("20150101000005Z", r.ReadGeneralizedTime("device time"));
        Assert.Equal(0, r.ReadInteger("status"));
        CommsHub.Firmware.Host.Simulation.GsmeSetTime.Answer(inside, now.AddDays(1), out reliable);
        Assert.False(reliable);
    }

    [Fact]
    public void Gpf_device_log_restore_replaces_the_log_and_answers_one_outcome_per_entry()
    {
        var log = new SortedDictionary<ulong, int> { [0x0102030405060708] = 4 };
        var w = new DerWriter(new CommsHub.Protocol.Encoding.ByteWriter(40));
        w.BeginSequence();
        w.BeginSequence();
        foreach (var (eui, type) in new[] { (0x1111111111111111UL, 5), (0x2222222222222222UL, 6) })
        {
            w.BeginSequence();
            w.WriteEui64(eui);
            w.WriteInteger(type);
            w.EndSequence();
        }
        w.EndSequence();
        w.EndSequence();

        var body = CommsHub.Firmware.Host.Simulation.GpfDeviceLogRestore.Answer(Frame(0x008C, w.Output.ToArray()), log);

        Assert.Equal([0x1111111111111111UL, 0x2222222222222222UL], log.Keys);
        Assert.Equal(6, log[0x2222222222222222UL]);
        var outcomes = new DerReader(body, 0, body.Length).ReadSequence("response").ReadSequence("outcomes");
        for (int i = 0; i < 2; i++)
        {
            var o = outcomes.ReadSequence("outcome");
            o.ReadSequence("entry");
            Assert.Equal(0, o.ReadInteger("join response code"));
        }
        Assert.True(outcomes.AtEnd);
    }

    private static GbcsMessage Asn1(int code, string start, string end)
    {
        var w = new DerWriter(new CommsHub.Protocol.Encoding.ByteWriter(40));
        w.BeginSequence();
        w.WriteGeneralizedTime(GeneralizedTime.Format(DateTime.Parse(start).ToUniversalTime()));
        w.WriteGeneralizedTime(GeneralizedTime.Format(DateTime.Parse(end).ToUniversalTime()));
        w.EndSequence();
        return Frame(code, w.Output.ToArray());
    }

    /// <summary>An unprotected GBZ command of <paramref name="code"/> to the RTDS GSME with the given hex components.</summary>
    internal static GbcsMessage Gbz(int code, params string[] components) =>
        Frame(code, Convert.FromHexString("0109" + components.Length.ToString("X2") + string.Concat(components)));

    private static GbcsMessage Frame(int code, byte[] content)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = false, Cra = CraFlag.Command, OriginatorCounter = 1,
            Originator = Support.Rtds.Supplier, Target = Support.Rtds.Gsme, MessageCode = code, Signature = SignatureKind.Null,
        };
        b.SetContent(content);
        return GbcsFrameParser.Parse(b.Build());
    }
}
