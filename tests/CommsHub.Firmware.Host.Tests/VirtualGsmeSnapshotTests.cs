using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GSME takes a daily read (Metering and Prepayment snapshots) as its clock passes the capture time and answers
/// Get Snapshot / Get Prepay Snapshot from them (GCS16a/b); the snapshots of one response travel as separate encrypted
/// components, each under its own IV.
/// </summary>
public class VirtualGsmeSnapshotTests
{
    // 2014-12-30 00:00:04 and 2014-12-31 00:00 as ZCL UTCTime (little-endian hex), and the 09:00 reads of 12-29/30/31.
    private const string Dec30Plus4s = "84A7341C", Dec31 = "00F9351C";
    private const string Read29 = "90D4331C", Read30 = "1026351C", Read31 = "9077361C";

    private static string GetSnapshot(string earliest, int offset, string cause, int sequence = 0) =>
        "01" + "0702" + "0010" + "01" + sequence.ToString("X2") + "06" + earliest + "FFFFFFFF" + offset.ToString("X2") + cause;

    private static string GetPrepaySnapshot(string earliest, int offset, string cause) =>
        "01" + "0705" + "0010" + "01" + "00" + "07" + earliest + "FFFFFFFF" + offset.ToString("X2") + cause;

    private static ZclAttributeStore StoreWithThreeDailyReads()
    {
        var store = GsmeAttributeSeed.New();
        store.Snapshots.DailyCaptureTime = TestMeters.RtdsDailyReadTime;
        ulong register = 0;
        for (var at = TestMeters.RtdsLogDay.AddDays(-2); at <= TestMeters.RtdsLogDay.AddHours(20); at = at.AddHours(1))
        {
            // Credit remaining (int32) is 100 times the hour count, so each read shows the balance of its time.
            store.Write(0x0705, 0x0001, new ZclValue(0x2B, BitConverter.GetBytes((int)(at - TestMeters.RtdsLogDay.AddDays(-2)).TotalHours * 100)));
            store.Snapshots.Tick(at, store, register += 10);
        }
        return store;
    }

    [Fact]
    public void Daily_reads_are_taken_at_the_capture_time_and_selected_by_window_offset_and_cause()
    {
        var store = StoreWithThreeDailyReads();

        Assert.Equal(new[] { Read29, Read30, Read31 }, store.Snapshots.Entries.Select(s => Convert.ToHexString(BitConverter.GetBytes(s.Time))));
        var second = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0077, GetSnapshot(Dec30Plus4s, 1, "01000000")))!);
        var beyond = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0077, GetSnapshot(Dec30Plus4s, 2, "01000000")))!);
        var billing = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0076, GetSnapshot(Dec31, 0, "02000000")))!);
        var prepay = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0096, GetPrepaySnapshot(Dec31, 0, "FFFFFFFF")))!);

        // Publish Snapshot (fc 19, cmd 06) of the second read after 12-30 00:00:04 (the 12-31 one): id 2, 2 found,
        // command 0 of 1, cause General, payload type 6, the register then (58 ticks of 10 = 580 = 0x244), 4 tiers, 0x14.
        Assert.Equal("19" + "00" + "06" + "02000000" + Read31 + "02" + "00" + "01" + "01000000" + "06" + "440200000000" + "04",
            second[16..(16 + 2 * 26)]);
        Assert.Equal("14", second.Substring(16 + 2 * 26 + 2 * 24, 2));
        // No third read in the window, none for the billing cause: a Default Response with NOT_FOUND.
        Assert.Equal("08" + "00" + "0B" + "06" + "8B", beyond[16..]);
        Assert.Equal("08" + "00" + "0B" + "06" + "8B", billing[16..]);
        // Publish Prepay Snapshot (fc 19, cmd 01) of the 12-31 read: payload type 0, accumulated debt, three debt
        // registers, emergency credit, then the credit remaining at 12-31 09:00 (57 hours: 5700 = 0x1644).
        Assert.Equal("19" + "00" + "01" + "02000000" + Read31 + "01" + "00" + "01" + "01000000" + "00"
            + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "44160000", prepay[16..]);
    }

    [Fact]
    public void A_payment_mode_change_is_kept_and_snapshotted_for_the_billing_data_log()
    {
        var store = GsmeAttributeSeed.New();
        store.Clock = () => TestMeters.RtdsLogDay.AddHours(3);
        store.Snapshots.Tick(TestMeters.RtdsLogDay, store, 0x1234);
        // RTDS's GCS03: Change Payment Mode to prepayment (configuration 0x0897), immediately.
        const string ToPrepayment = "01" + "0705" + "0015" + "01" + "00" + "06" + "00000000" + "804A371C" + "00000000" + "9708" + "00000000";

        GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x006D, ToPrepayment));
        var billing = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x00C3, GetSnapshot(Dec31, 0, "08600000")))!);
        var daily = Convert.ToHexString(GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0077, GetSnapshot(Dec31, 0, "01000000")))!);

        Assert.Equal("9708", Convert.ToHexString(store.Read(0x0705, 0x0000)!.Value));
        // GCS15b's causes (tariff, supplier, mode change) find it: id 0 at 03:00, cause Change of Mode, the register then.
        Assert.Equal("19" + "00" + "06" + "00000000" + "3023361C" + "01" + "00" + "01" + "00400000" + "06" + "341200000000", billing[16..(16 + 2 * 25)]);
        Assert.Equal("08" + "00" + "0B" + "06" + "8B", daily[16..]);
    }

    [Fact]
    public void A_clock_jump_keeps_only_the_reads_the_log_holds()
    {
        var store = GsmeAttributeSeed.New();
        store.Snapshots.Tick(TestMeters.RtdsLogDay, store, 1);
        store.Snapshots.Tick(TestMeters.RtdsLogDay.AddDays(400), store, 2);

        Assert.Equal(ZclSnapshots.Capacity, store.Snapshots.Entries.Count);
        Assert.Equal(ZclEventLogTime(TestMeters.RtdsLogDay.AddDays(400)), store.Snapshots.Entries[^1].Time);
        Assert.Equal(ZclEventLogTime(TestMeters.RtdsLogDay.AddDays(370)), store.Snapshots.Entries[0].Time);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Snapshots.DailyCaptureTime = TimeSpan.FromHours(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Snapshots.DailyCaptureTime = TimeSpan.FromHours(-1));
    }

    [SharedDataFact]
    public void The_snapshots_of_one_response_are_encrypted_under_distinct_ivs_and_each_decrypts_for_the_reader()
    {
        var gsme = TestMeters.GsmeWithHistory();
        byte[] frame = HubSetup.Remac(Rtds.Message("4.6.1_GCS16a/GCS16a_4.6.1_ERROR_COMMAND_GBCS.HEX"), gsme.Keys.KeyAgreement.PublicKey);

        var response = GbcsFrameParser.Parse(gsme.Handle(frame, 0, frame.Length)!);

        // GCS16a from 2014-12-29 00:00:04: the three daily reads, each its own encrypted component, numbered 0, 1, 2 by
        // the additional header frame counter, which is also the invocation counter: the IV's last four bytes.
        var contents = EncryptedContentLocator.Find(response);
        Assert.Equal(new[] { 0, 1, 2 }, contents.Select(c => c.AdditionalHeaderFrameCounter));
        Assert.Equal(new[] { 0u, 1u, 2u }, contents.Select(c => c.InvocationCounter));
        var ivs = contents.Select(c => Iv(response.Originator, c.InvocationCounter)).ToList();
        Assert.Equal(3, ivs.Distinct().Count());
        var cipher = new GbcsPayloadCipher(new NetGbcsCrypto());
        var supplier = Rtds.Private(Rtds.Supplier, KeyUsage.KeyAgreement);
        var times = new List<string>();
        foreach (var c in contents)
        {
            var plain = new byte[c.CiphertextLength];
            Assert.True(cipher.Decrypt(response, c, supplier, gsme.Keys.KeyAgreement.PublicKey, plain, 0));
            Assert.Equal(0x06, c.ZclCommandId);
            times.Add(Convert.ToHexString(plain, 4, 4));
        }
        Assert.Equal(new[] { Read29, Read30, Read31 }, times);
        // The invocation counter is bound into the IV: the second component with the first one's counter fails.
        var forged = GbcsFrameParser.Parse((byte[])response.Buffer.Clone());
        var second = EncryptedContentLocator.Find(forged)[1];
        forged.Buffer[second.Offset + 4] = 0;
        Assert.False(cipher.Decrypt(forged, EncryptedContentLocator.Find(forged)[1], supplier, gsme.Keys.KeyAgreement.PublicKey,
            new byte[second.CiphertextLength], 0));
    }

    private static string Iv(ulong originator, uint invocationCounter)
    {
        var iv = new byte[12];
        GbcsKdf.WriteIv(iv, originator, invocationCounter);
        return Convert.ToHexString(iv);
    }

    private static uint ZclEventLogTime(DateTime t) => ZclEventLog.ToZclTime(t);
}
