using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>
/// The streaming encoders the hub uses for its large answers (CCS06/CCS05, CCS07, CS14 body) write exactly the bytes
/// of the object-model encoders: on RTDS messages, and on generated logs from empty to beyond 16 devices (so the
/// array counts cross the one-byte length form), including failures, empty keys and odd status bits.
/// </summary>
public class StreamingEncoderTests
{
    private static readonly DateTime Base = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private static byte[] Stream(Action<ByteWriter> write)
    {
        var w = new ByteWriter(16); // small on purpose: growth must not change the bytes
        write(w);
        return w.ToArray();
    }

    private static ChfDeviceStatus Status(int i)
    {
        var s = new ChfDeviceStatus
        {
            DeviceId = 0x00DB123456789000UL + (ulong)i,
            StatusBits = i % 3 == 0 ? null : i % 3 == 1 ? [(byte)(0xC8 ^ i)] : [0xAA, 0x80],
            StatusBitCount = i % 3 == 1 ? 8 : 9,
            LastRssi = -35 - i, AverageRssi = -50 - i, LowestRssi = -100 + i,
            Unsigned5 = i, Unsigned6 = 2 * i, LinkQuality = 255 - i,
            LastCommunication = i % 4 == 0 ? Wildcards() : DlmsDateTime.FromUtc(Base.AddMinutes(i)),
        };
        for (int k = 0; k < 5; k++) s.Trailing[k] = (i + k) & 0xFF;
        return s;
    }

    private static DlmsDateTime Wildcards() => DlmsDateTime.Decode(Enumerable.Repeat((byte)0xFF, 9).Concat(new byte[] { 0x80, 0x00, 0xFF }).ToArray(), 0);

    private static ChfDeviceLogBackup Backup(int n, int seed) => new()
    {
        Timestamp = DlmsDateTime.FromUtc(Base.AddSeconds(seed)),
        ExtendedPanId = 0x1122334455667788UL ^ (ulong)seed,
        Entries = Enumerable.Range(0, n).Select(i => new ChfDeviceLogEntry(0x00DB1234567800A0UL + (ulong)i,
            i % 2 == 0 ? Enumerable.Range(0, 16).Select(k => (byte)(k * 7 + i + seed)).ToArray() : [])).ToArray(),
    };

    public static TheoryData<int> Sizes => new() { 0, 1, 2, 15, 16, 17, 64 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Ccs06_stream_equals_the_object_model(int n)
    {
        var r = new Ccs06ReadDeviceLog { LongInvokeIdAndPriority = 0x12345678u + (uint)n, Devices = Enumerable.Range(0, n).Select(Status).ToArray() };
        Assert.Equal(r.Encode(), Stream(r.WriteTo));
        Assert.Equal(r.Encode(), Stream(w =>
        {
            Ccs06ReadDeviceLog.WriteResponseStart(w, r.LongInvokeIdAndPriority, n);
            foreach (var d in r.Devices) d.WriteTo(w);
            Ccs06ReadDeviceLog.WriteResponseEnd(w, 0);
        }));
    }

    [Fact]
    public void Ccs06_failure_stream_equals_the_object_model()
    {
        var r = new Ccs06ReadDeviceLog { LongInvokeIdAndPriority = 7, Result = 250 };
        Assert.Equal(r.Encode(), Stream(w => Ccs06ReadDeviceLog.WriteFailure(w, 7, 250)));
        Assert.Equal(r.Encode(), Stream(r.WriteTo));
    }

    [Fact]
    public void A_reused_status_after_clear_writes_like_a_fresh_one()
    {
        var reused = Status(5);
        reused.Clear();
        reused.DeviceId = 42;
        reused.LastCommunication = DlmsDateTime.FromUtc(Base);
        var fresh = new ChfDeviceStatus { DeviceId = 42, LastCommunication = DlmsDateTime.FromUtc(Base) };
        Assert.Equal(DlmsDataWriter.ToBytes(fresh.ToData()), Stream(reused.WriteTo));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Ccs07_stream_equals_the_object_model(int n)
    {
        var r = new Ccs07ReadDeviceLogs { LongInvokeIdAndPriority = 0xABCDEF01u, DeviceLog = Backup(n, 1), HistoricLog = Backup(Math.Min(n, 15), 2) };
        Assert.Equal(r.Encode(), Stream(r.WriteTo));
        Assert.Equal(r.Encode(), Stream(w =>
        {
            Ccs07ReadDeviceLogs.WriteResponseStart(w, r.LongInvokeIdAndPriority);
            foreach (var b in new[] { r.DeviceLog, r.HistoricLog })
            {
                ChfDeviceLogBackup.WriteStart(w, b.Timestamp, b.ExtendedPanId, b.Entries.Length);
                foreach (var e in b.Entries) ChfDeviceLogEntry.Write(w, e.DeviceId, e.HashedTcLinkKey, 0, e.HashedTcLinkKey.Length);
            }
            Ccs07ReadDeviceLogs.WriteResponseEnd(w, 0, 0);
        }));
    }

    [Fact]
    public void Ccs07_failed_actions_stream_as_null_data()
    {
        var r = new Ccs07ReadDeviceLogs { LongInvokeIdAndPriority = 3, DeviceLogResult = 1, HistoricLogResult = 250 };
        Assert.Equal(r.Encode(), Stream(r.WriteTo));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Cs14_stream_equals_the_object_model(int n)
    {
        var a = new Cs14DeviceLogChangedAlert { LongInvokeIdAndPriority = 0x40000001u, TimeStamp = DlmsDateTime.FromUtc(Base), Log = Backup(n, 3) };
        Assert.Equal(a.Encode(), Stream(a.WriteTo));
        var decoded = Cs14DeviceLogChangedAlert.Decode(Stream(a.WriteTo), 0, Stream(a.WriteTo).Length);
        Assert.Equal(n, decoded.Log.Entries.Length);
    }

    [Fact]
    public void A_reused_writer_gives_the_same_bytes_each_time()
    {
        var w = new ByteWriter();
        var r = new Ccs06ReadDeviceLog { LongInvokeIdAndPriority = 1, Devices = Enumerable.Range(0, 16).Select(Status).ToArray() };
        r.WriteTo(w);
        var first = w.ToArray();
        w.Reset();
        r.WriteTo(w);
        Assert.Equal(first, w.ToArray());
        Assert.Equal(r.Encode(), first);
    }

    [SharedDataTheory]
    [InlineData("8.9_CCS06")]
    [InlineData("8.9_CCS05CCS04")]
    [InlineData("8.9_CCS07")]
    public void Rtds_responses_stream_byte_for_byte(string folder)
    {
        var list = Rtds.Folder(folder).Where(m => m.FileName.Contains("_RESPONSE_")).ToList();
        Assert.NotEmpty(list);
        foreach (var m in list)
        {
            var response = AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            byte[] streamed = folder == "8.9_CCS07"
                ? Stream(Ccs07ReadDeviceLogs.Decode(response).WriteTo)
                : Stream(Ccs06ReadDeviceLog.Decode(response).WriteTo);
            Assert.True(streamed.AsSpan().SequenceEqual(m.Content), m.Name + " streams differently");
        }
    }

    [SharedDataFact]
    public void Rtds_cs14_streams_byte_for_byte()
    {
        var list = Rtds.Folder("NA_CS14").Where(m => m.FileName.Contains("_ALERT_")).ToList();
        Assert.NotEmpty(list);
        foreach (var m in list)
        {
            var a = Cs14DeviceLogChangedAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            Assert.True(Stream(a.WriteTo).AsSpan().SequenceEqual(m.Content), m.Name + " streams differently");
        }
    }
}
