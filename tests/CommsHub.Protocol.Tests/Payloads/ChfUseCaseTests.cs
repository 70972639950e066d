using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>
/// Every RTDS message of the CHF DLMS use cases decodes into its typed model, the values agree with gbcs-parser's
/// decoding (rtds-decoded/*.json), and the model re-encodes the exact content bytes.
/// </summary>
public class ChfUseCaseTests
{
    private static void AssertContent(Rtds.Message m, byte[] encoded) =>
        Assert.True(encoded.AsSpan().SequenceEqual(m.Content), m.Name + " re-encodes differently");

    private static AccessRequest Request(Rtds.Message m) => AccessRequest.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
    private static AccessResponse Response(Rtds.Message m) => AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);

    private static IEnumerable<(Rtds.Message M, System.Text.Json.JsonElement Payload)> Each(string folder, string kind)
    {
        var list = Rtds.Folder(folder).Where(m => m.FileName.Contains("_" + kind + "_")).ToList();
        Assert.NotEmpty(list);
        return list.Select(m => (m, Rtds.DecodedPayload(folder, m.FileName)));
    }

    private static void AssertResults(Rtds.Message m, System.Text.Json.JsonElement payload, params int[] actual) =>
        Assert.Equal(Json.Results(payload), actual);

    [SharedDataFact]
    public void Ccs01_add_device()
    {
        foreach (var (m, p) in Each("8.11_CCS01", "COMMAND"))
        {
            var c = Ccs01AddDevice.Decode(Request(m));
            var reg = Json.At(p, "DLMS Access Request", "List of Data", "[0] Structure");
            Assert.Equal(Json.Eui(Json.Nth(reg, 0)), c.DeviceId);
            Assert.Equal(0x00DB1234567890A0UL, c.DeviceId);
            Assert.Equal(Json.Unsigned(Json.Nth(reg, 1)), c.DeviceType);
            Assert.Equal(Rtds.OctetValue(Json.Nth(reg, 2)), c.InstallCode);
            Assert.Equal("0123456789ABCDEF", System.Text.Encoding.ASCII.GetString(c.InstallCode));
            Assert.Equal(Json.Unsigned(Json.Nth(reg, 3)), c.KeyType);
            Assert.Equal(Json.Notes(Json.At(p, "DLMS Access Request", "List of Data", "[1] Long Unsigned")), c.JoinTimeout);
            Assert.Equal(90, c.JoinTimeout);
            Assert.True(c.EnableJoining);
            Assert.Equal(AccessRequest.InvokeIdFor(m.Frame.OriginatorCounter), c.LongInvokeIdAndPriority);
            AssertContent(m, c.Encode());
        }
        foreach (var (m, p) in Each("8.11_CCS01", "RESPONSE"))
        {
            var r = Response(m);
            var results = r.Results.Select(x => x.Result).ToArray();
            AssertResults(m, p, results);
            AssertContent(m, Ccs01AddDevice.BuildResponse(r.LongInvokeIdAndPriority, results[0], results[1], results[2]).Encode());
        }
    }

    [SharedDataFact]
    public void Ccs02_remove_device()
    {
        foreach (var (m, p) in Each("8.11_CCS02", "COMMAND"))
        {
            var c = Ccs02RemoveDevice.Decode(Request(m));
            Assert.Equal(Json.Eui(Json.At(p, "DLMS Access Request", "List of Data", "[0] Octet String")), c.DeviceId);
            AssertContent(m, c.Encode());
        }
        foreach (var (m, p) in Each("8.11_CCS02", "RESPONSE"))
        {
            var r = Response(m);
            AssertResults(m, p, r.Results[0].Result);
            AssertContent(m, Ccs02RemoveDevice.BuildResponse(r.LongInvokeIdAndPriority, r.Results[0].Result).Encode());
        }
    }

    [SharedDataFact]
    public void Ccs03_restore_device_log()
    {
        foreach (var (m, p) in Each("8.12.1_CCS03", "COMMAND"))
        {
            var c = Ccs03RestoreDeviceLog.Decode(Request(m));
            var s = Json.At(p, "DLMS Access Request", "List of Data", "[0] Structure");
            Assert.Equal(Json.Eui(Json.Nth(s, 0)), c.ExtendedPanId);
            AssertEntries(Json.Nth(s, 1), c.Entries);
            AssertContent(m, c.Encode());
        }
        foreach (var (m, p) in Each("8.12.1_CCS03", "RESPONSE"))
        {
            var r = Response(m);
            AssertResults(m, p, r.Results[0].Result);
            AssertContent(m, Ccs03RestoreDeviceLog.BuildResponse(r.LongInvokeIdAndPriority, r.Results[0].Result).Encode());
        }
    }

    private static void AssertEntries(System.Text.Json.JsonElement array, ChfDeviceLogEntry[] entries)
    {
        Assert.Equal(Json.Count(array), entries.Length);
        Assert.NotEmpty(entries);
        for (int i = 0; i < entries.Length; i++)
        {
            var e = Json.Nth(array, i);
            Assert.Equal(Json.Eui(Json.Nth(e, 0)), entries[i].DeviceId);
            Assert.Equal(Rtds.OctetValue(Json.Nth(e, 1)), entries[i].HashedTcLinkKey);
        }
    }

    private static void AssertBackup(System.Text.Json.JsonElement s, ChfDeviceLogBackup b)
    {
        Assert.Equal(Rtds.OctetValue(Json.Nth(s, 0)), b.Timestamp.ToBytes());
        Assert.Equal(Json.Eui(Json.Nth(s, 1)), b.ExtendedPanId);
        AssertEntries(Json.Nth(s, 2), b.Entries);
    }

    [SharedDataTheory]
    [InlineData("8.9_CCS06")]
    [InlineData("8.9_CCS05CCS04")]
    public void Ccs06_and_ccs05_read_device_log(string folder)
    {
        foreach (var (m, _) in Each(folder, "COMMAND"))
        {
            var q = Request(m);
            AssertContent(m, Ccs06ReadDeviceLog.BuildRequest(Ccs06ReadDeviceLog.DecodeRequest(q)).Encode());
        }
        int devices = 0;
        foreach (var (m, p) in Each(folder, "RESPONSE"))
        {
            var r = Ccs06ReadDeviceLog.Decode(Response(m));
            AssertResults(m, p, r.Result);
            var data = Json.At(p, "DLMS Access Response", "List of Access Response Data");
            if (r.Result == 0)
            {
                var array = Json.Nth(data, 0);
                Assert.Equal(Json.Count(array), r.Devices.Length);
                for (int i = 0; i < r.Devices.Length; i++)
                {
                    var f = Rtds.Children(Json.Nth(array, i));
                    var d = r.Devices[i];
                    Assert.Equal(Json.Eui(f[0]), d.DeviceId);
                    Assert.Equal(Json.Bytes(f[1])[2..], d.StatusBits);
                    Assert.Equal(Json.Bytes(f[1])[1], d.StatusBitCount);
                    Assert.Equal(Json.Notes(f[2]), d.LastRssi);
                    Assert.Equal(Json.Notes(f[3]), d.AverageRssi);
                    Assert.Equal(Json.Notes(f[4]), d.LowestRssi);
                    Assert.Equal(Json.Notes(f[5]), d.Unsigned5);
                    Assert.Equal(Json.Notes(f[6]), d.Unsigned6);
                    Assert.Equal(Json.Notes(f[7]), d.LinkQuality);
                    Assert.Equal(Rtds.OctetValue(f[8]), d.LastCommunication.ToBytes());
                    for (int k = 0; k < 5; k++) Assert.Equal(Json.Notes(f[9 + k]), d.Trailing[k]);
                    devices++;
                }
            }
            AssertContent(m, r.Encode());
        }
        Assert.True(devices >= 2);
    }

    [SharedDataFact]
    public void Ccs07_read_device_logs()
    {
        foreach (var (m, _) in Each("8.9_CCS07", "COMMAND"))
            AssertContent(m, Ccs07ReadDeviceLogs.BuildRequest(Ccs07ReadDeviceLogs.DecodeRequest(Request(m))).Encode());
        foreach (var (m, p) in Each("8.9_CCS07", "RESPONSE"))
        {
            var r = Ccs07ReadDeviceLogs.Decode(Response(m));
            AssertResults(m, p, r.DeviceLogResult, r.HistoricLogResult);
            var data = Json.At(p, "DLMS Access Response", "List of Access Response Data");
            if (r.DeviceLog != null) AssertBackup(Json.Nth(data, 0), r.DeviceLog);
            if (r.HistoricLog != null) AssertBackup(Json.Nth(data, 1), r.HistoricLog);
            if (m.FileName.Contains("SUCCESS")) Assert.NotNull(r.HistoricLog);
            AssertContent(m, r.Encode());
        }
    }

    [SharedDataFact]
    public void Cs14_device_log_changed_alert()
    {
        foreach (var (m, p) in Each("NA_CS14", "ALERT"))
        {
            var a = Cs14DeviceLogChangedAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            var n = Json.At(p, "DLMS Data Notification");
            Assert.Equal(Cs14DeviceLogChangedAlert.AlertCode, Json.Unsigned(Json.At(n, "Alert Code")));
            Assert.Equal(Rtds.OctetValue(Json.At(n, "Time Stamp")), a.TimeStamp.ToBytes());
            Assert.Equal(new DateTime(2015, 1, 1), a.TimeStamp.ToUtc());
            AssertBackup(Json.At(n, "Body", "[0] Structure"), a.Log);
            AssertContent(m, a.Encode());
        }
    }

    [SharedDataTheory]
    [InlineData("6.13_ECS35c", true)]
    [InlineData("6.13_ECS35d", false)]
    public void Ecs35_read_chf_logs(string folder, bool eventLog)
    {
        foreach (var (m, p) in Each(folder, "COMMAND"))
        {
            var q = Ecs35ReadChfLog.DecodeRequest(Request(m));
            var sel = Json.At(p, "DLMS Access Request", "List of Access Request Specifications", "[0] Access Request Specification", "Access Selector", "Structure");
            Assert.Equal(Json.Notes(Json.Nth(sel, 1)), q.From);
            Assert.Equal(Json.Notes(Json.Nth(sel, 2)), q.To);
            Assert.Equal(new DateTime(2014, 12, 31), DlmsDateTime.FromSecondsSince2000(q.From));
            Assert.Equal(q.From, DlmsDateTime.SecondsSince2000(new DateTime(2014, 12, 31)));
            Assert.Equal(eventLog ? Obis.EventLog : Ecs35ReadChfLog.SecurityLog, q.Log);
            AssertContent(m, q.Encode());
        }
        foreach (var (m, p) in Each(folder, "RESPONSE"))
        {
            var r = Response(m);
            var entries = Ecs35ReadChfLog.DecodeResponse(r, out int result);
            AssertResults(m, p, result);
            if (result == 0)
            {
                // gbcs-parser nests "Contents" under "Type Description".
                var rows = Rtds.Children(Json.At(p, "DLMS Access Response", "List of Access Response Data", "[0] Compact Array", "Type Description", "Contents"));
                Assert.Equal(rows.Count, entries.Length);
                Assert.NotEmpty(entries);
                for (int i = 0; i < rows.Count; i++)
                {
                    var f = Rtds.Children(rows[i]);
                    Assert.Equal(Json.Notes(f[0]), entries[i].Time);
                    Assert.Equal(Json.Notes(f[1]), entries[i].EventCode);
                    if (eventLog) Assert.Equal(Json.Bytes(f[2])[1..], entries[i].Data);
                    else Assert.Null(entries[i].Data);
                }
            }
            AssertContent(m, Ecs35ReadChfLog.BuildResponse(r.LongInvokeIdAndPriority, result, entries, eventLog).Encode());
        }
    }

    [SharedDataFact]
    public void Ecs52_read_firmware_version()
    {
        foreach (var (m, _) in Each("11.2_ECS52", "COMMAND"))
            AssertContent(m, Ecs52ReadFirmwareVersion.BuildRequest(Ecs52ReadFirmwareVersion.DecodeRequest(Request(m))).Encode());
        foreach (var (m, p) in Each("11.2_ECS52", "RESPONSE"))
        {
            var r = Ecs52ReadFirmwareVersion.Decode(Response(m));
            AssertResults(m, p, r.Result);
            if (r.Result == 0)
                Assert.Equal(Rtds.OctetValue(Json.At(p, "DLMS Access Response", "List of Access Response Data", "[0] Octet String")), r.FirmwareVersion);
            AssertContent(m, r.Encode());
        }
    }
}
