using CommsHub.Firmware.Host.Simulation.Cosem;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The ESME's get_protected_attributes reads, profile range selection and capture, derived collections and seeded configuration.</summary>
public class VirtualEsmeProtectedReadTests
{
    private const ulong Profile = 0x0000630100FFUL; // 0-0:99.1.0.255
    private const ulong SpecialDays = 0x00000B0000FFUL; // 0-0:11.0.0.255
    private const ulong DailyConsumption = 0x0000630103FFUL; // 0-0:99.1.3.255
    private const ulong ActiveImport = 0x0100010800FFUL; // 1-0:1.8.0.255

    [Fact]
    public void A_range_keeps_the_rows_captured_inside_it_and_the_row_type()
    {
        var model = EsmeObjectSeed.New();
        var empty = model.Get(7, Profile, 2)!;
        model.Seed(7, Profile, 2, DlmsData.CompactArray(empty.TypeDescription,
            [Row(new DateTime(2015, 1, 1)), Row(new DateTime(2015, 1, 2)), Row(new DateTime(2015, 1, 3))]));
        var range = DlmsData.Structure([Time(new DateTime(2015, 1, 1, 12, 0, 0)), Time(new DateTime(2015, 1, 2, 12, 0, 0))]);

        var values = ProtectedAttributeRead.Read(model, Parameter(7, Profile, 2, 1, range))!;

        var buffer = Assert.Single(values.Children);
        Assert.Equal(DlmsType.CompactArray, buffer.Type);
        Assert.Same(empty.TypeDescription, buffer.TypeDescription);
        var row = Assert.Single(buffer.Children);
        Assert.Equal(DlmsDateTime.SecondsSince2000(new DateTime(2015, 1, 2, 0, 0, 0, DateTimeKind.Utc)), row.Children[0].UInt32Value);
    }

    [Fact]
    public void An_object_the_meter_lacks_makes_the_read_unanswerable()
    {
        Assert.Null(ProtectedAttributeRead.Read(EsmeObjectSeed.New(), Parameter(18, 0x00002C0000FFUL, 2, 0, DlmsData.Null())));
    }

    [Fact]
    public void A_derived_attribute_follows_its_sources_and_refuses_writes()
    {
        var model = new CosemObjectModel();
        model.Seed(3, 1, 2, DlmsData.DoubleLongUnsigned(5));
        model.Derive(1, 2, 2, () => DlmsData.Structure([model.Get(3, 1, 2)!]));

        model.Seed(3, 1, 2, DlmsData.DoubleLongUnsigned(6));

        Assert.Equal(6, model.Get(1, 2, 2)!.Children[0].Value);
        Assert.Equal(CosemObjectModel.ReadWriteDenied, model.Set(1, 2, 2, DlmsData.Structure([DlmsData.DoubleLongUnsigned(7)])));
    }

    [Fact]
    public void Seeded_special_days_take_a_table_of_their_type_and_refuse_another()
    {
        var model = EsmeObjectSeed.New();
        var table = DlmsData.Array([DlmsData.Structure([DlmsData.LongUnsigned(1), DlmsData.OctetString([0xFF, 0xFF, 5, 1, 0xFF]), DlmsData.Unsigned(2)]),
            DlmsData.Structure([DlmsData.LongUnsigned(2), DlmsData.OctetString([0xFF, 0xFF, 12, 26, 0xFF]), DlmsData.Unsigned(2)])]);

        Assert.Equal(CosemObjectModel.TypeUnmatched, model.Set(11, SpecialDays, 2, DlmsData.OctetString([1])));
        Assert.Equal(CosemObjectModel.Success, model.Set(11, SpecialDays, 2, table));
        Assert.Equal(2, model.Get(11, SpecialDays, 2)!.Children.Length);
    }

    [Fact]
    public void Half_hour_and_daily_rows_are_captured_when_the_clock_passes_their_boundaries()
    {
        var model = EsmeObjectSeed.New();
        model.Seed(3, ActiveImport, 2, DlmsData.DoubleLongUnsigned(100));
        var capture = new EsmeProfileCapture(model);
        var start = new DateTime(2026, 1, 1, 23, 10, 0, DateTimeKind.Utc);

        capture.Tick(start);
        model.Seed(3, ActiveImport, 2, DlmsData.DoubleLongUnsigned(160));
        capture.Tick(start.AddMinutes(55)); // past 23:30 and midnight

        var halfHours = model.Get(7, Profile, 2)!.Children;
        Assert.Equal([Since2000(start.AddMinutes(20)), Since2000(start.AddMinutes(50))], halfHours.Select(r => r.Children[0].UInt32Value));
        Assert.All(halfHours, r => Assert.Equal(160, r.Children[1].Value));
        var day = Assert.Single(model.Get(7, DailyConsumption, 2)!.Children);
        Assert.Equal(Since2000(start.AddMinutes(50)), day.Children[0].UInt32Value);
        Assert.Equal(60, day.Children[1].Value);
    }

    [Fact]
    public void A_clock_jumping_years_ahead_captures_no_more_rows_than_the_buffer_keeps()
    {
        var model = EsmeObjectSeed.New();
        var capture = new EsmeProfileCapture(model);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        capture.Tick(start);
        capture.Tick(start.AddYears(10));

        Assert.Equal(EsmeProfileCapture.HalfHourDepth, model.Get(7, Profile, 2)!.Children.Length);
        Assert.Equal(EsmeProfileCapture.DailyDepth, model.Get(7, DailyConsumption, 2)!.Children.Length);
        Assert.Equal(Since2000(start.AddYears(10)), model.Get(7, Profile, 2)!.Children[^1].Children[0].UInt32Value);
    }

    [SharedDataFact]
    public void Ecs20b_answer_decrypts_to_the_billing_log_with_its_gbcs_columns()
    {
        var esme = TestMeters.Esme();
        var command = HubSetup.Remac(Rtds.Message("4.4.2_ECS20b/ECS20b_4.4.2_SINGLE_SUCCESS_COMMAND_GBCS.HEX"), esme.Keys.KeyAgreement.PublicKey);

        var m = GbcsFrameParser.Parse(esme.Handle(command, 0, command.Length)!);

        var encrypted = Assert.Single(EncryptedContentLocator.Find(m));
        var plain = new byte[encrypted.CiphertextLength];
        Assert.Equal(CheckResult.Valid, new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(m, encrypted, Rtds.Keys, false, plain, 0));
        var log = Assert.Single(DlmsDataReader.Read(plain, 0, plain.Length).Children);
        Assert.Equal(DlmsType.CompactArray, log.Type);
        var columns = log.TypeDescription.Children.Select(c => c.Type == DlmsType.Array ? $"A{c.ElementCount}" : c.Type.ToString());
        Assert.Equal("DoubleLongUnsigned DoubleLongUnsigned A48 A8 A8 A8 A8 DoubleLong DoubleLong DoubleLong DoubleLong DoubleLong DoubleLong",
            string.Join(' ', columns));
    }

    // GBCS time stamps count from 2000, but a user may ask for a range starting (or ending) before it, or ending after
    // the last second a 32-bit count holds (2136): a meter answers with the rows inside the range, as for any other.
    [SharedDataTheory]
    [InlineData(1999, 2015, 2)] // from before 2000: every row up to 2015-01-01
    [InlineData(1990, 1999, 0)] // wholly before 2000: none, the row type kept
    [InlineData(2014, 2200, 2)] // to after 2136: every row from 2014-12-31
    public void Ecs22b_range_beyond_the_gbcs_time_base_is_answered_with_the_rows_inside_it(int fromYear, int toYear, int rows)
    {
        var esme = TestMeters.Esme();
        var empty = esme.Model.Get(7, Profile, 2)!;
        esme.Model.Seed(7, Profile, 2, DlmsData.CompactArray(empty.TypeDescription,
            [Row(new DateTime(2014, 12, 31, 0, 0, 0)), Row(new DateTime(2014, 12, 31, 0, 30, 0))]));
        var rtds = Rtds.Message("4.8.1_ECS22b/ECS22b_4.8.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX");
        // RTDS reads 2014-12-31 00:00 to 2015-01-01 00:00; the same read with other years.
        var m = GbcsFrameParser.Parse(rtds);
        var content = m.Buffer.AsSpan(m.ContentOffset, m.ContentLength).ToArray();
        SetYear(content, 2014, fromYear);
        SetYear(content, 2015, toYear);
        var command = HubSetup.Remac(rtds, esme.Keys.KeyAgreement.PublicKey, content: content);

        var answer = GbcsFrameParser.Parse(esme.Handle(command, 0, command.Length)!);

        Assert.Equal(0x0037, answer.MessageCode);
        var encrypted = Assert.Single(EncryptedContentLocator.Find(answer));
        var plain = new byte[encrypted.CiphertextLength];
        Assert.Equal(CheckResult.Valid, new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(answer, encrypted, Rtds.Keys, false, plain, 0));
        var buffer = Assert.Single(DlmsDataReader.Read(plain, 0, plain.Length).Children);
        Assert.Equal(DlmsType.CompactArray, buffer.Type);
        Assert.Equal(rows, buffer.Children.Length);
    }

    // The year of the range's date-time (octet string 09 0C, then the year) that holds oldYear.
    private static void SetYear(byte[] content, int oldYear, int newYear)
    {
        byte[] pattern = [0x09, 0x0C, (byte)(oldYear >> 8), (byte)oldYear];
        var at = content.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, $"no date-time of {oldYear} in the command");
        content[at + 2] = (byte)(newYear >> 8);
        content[at + 3] = (byte)newYear;
    }

    private static uint Since2000(DateTime utc) => DlmsDateTime.SecondsSince2000(utc);

    private static DlmsData Row(DateTime utc) =>
        DlmsData.Structure([DlmsData.DoubleLongUnsigned(DlmsDateTime.SecondsSince2000(DateTime.SpecifyKind(utc, DateTimeKind.Utc))), DlmsData.DoubleLongUnsigned(1)]);

    private static DlmsData Time(DateTime utc) => DlmsDateTime.FromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToData();

    private static DlmsData Parameter(int classId, ulong obis, int attribute, int selector, DlmsData access) => DlmsData.Structure(
    [
        DlmsData.Array([DlmsData.Structure([DlmsData.LongUnsigned(classId), DlmsData.OctetString(Obis.ToBytes(obis)), DlmsData.Integer(attribute),
            DlmsData.LongUnsigned(0), DlmsData.Structure([DlmsData.Enum(selector), access])])]),
        DlmsData.Array([]),
    ]);
}
