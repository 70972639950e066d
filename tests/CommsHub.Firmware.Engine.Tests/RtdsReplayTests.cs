using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// Must-show "RTDS replay": the RTDS CHF commands, re-MAC'd for a hub with a fresh CHF key pair (every other byte as
/// RTDS has it), are accepted; each response carries the same header fields and decodes to the same values as the
/// RTDS response, and its MAC verifies with the ACB's private key x the fresh CHF public key. RTDS gives CCS01, CCS02
/// and CCS03 the same originator counter (0x516, and 0x514 for the reads), so each runs on its own hub whose device
/// log is first put in the state the RTDS response implies.
/// </summary>
public sealed class RtdsReplayTests
{
    private static byte[] Rtds(string file) => RtdsCorpus.Bytes(file);

    [SharedDataFact]
    public void Ccs01_adds_the_esme_answers_as_rtds_and_raises_a_cs14_like_rtds()
    {
        using var rig = new HubRig();
        var command = rig.Remac(Rtds("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"));

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(command));

        Assert.Equal(2, rig.Uplink.Frames.Count);
        AssertSameAsRtdsButMac(rig, rig.Uplink.Frames[0], Rtds("8.11_CCS01/CCS01_8.11_SUCCESS_RESPONSE_GBCS.HEX"));
        var entry = rig.Log.Find(HubRig.Esme);
        Assert.NotNull(entry);
        Assert.Equal(DeviceType.Esme, entry!.DeviceType);
        Assert.Equal(90, rig.Log.JoinTimeout);
        Assert.True(rig.Log.JoiningEnabled);

        // CS14 after the response: same header as RTDS NA_CS14 (counter 4000 = the hub's first own counter), body
        // {date-time, extended PAN id, array {EUI, hashed TC link key}} with the ESME and a zero-length hash.
        var cs14 = rig.Uplink.Frames[1];
        var rtds = GbcsFrameParser.Parse(Rtds("NA_CS14/CS14_NA_8F12_ALERT_GBCS.HEX"));
        var m = GbcsFrameParser.Parse(cs14);
        AssertSameHeader(rtds, m);
        Assert.Equal(CheckResult.Valid, rig.VerifyMac(cs14));
        var ours = Cs14DeviceLogChangedAlert.Decode(cs14, m.ContentOffset, m.ContentLength);
        var theirs = Cs14DeviceLogChangedAlert.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength);
        Assert.Equal(theirs.LongInvokeIdAndPriority, ours.LongInvokeIdAndPriority);
        Assert.Equal(theirs.TimeStamp.ToBytes(), ours.TimeStamp.ToBytes());
        Assert.Equal(theirs.Log.Timestamp.ToBytes(), ours.Log.Timestamp.ToBytes());
        Assert.Equal(theirs.Log.ExtendedPanId, ours.Log.ExtendedPanId);
        var only = Assert.Single(ours.Log.Entries);
        Assert.Equal(HubRig.Esme, only.DeviceId);
        Assert.Empty(only.HashedTcLinkKey);
        Assert.Equal(Structure(DataNotification.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength).Body, 1),
                     Structure(DataNotification.Decode(cs14, m.ContentOffset, m.ContentLength).Body, 1));
    }

    [SharedDataFact]
    public void Ccs02_removes_the_esme_and_answers_as_rtds()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, System.Text.Encoding.ASCII.GetBytes("0123456789ABCDEF"));
        rig.Uplink.Frames.Clear();

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds("8.11_CCS02/CCS02_8.11_SUCCESS_COMMAND_GBCS.HEX"))));

        AssertSameAsRtdsButMac(rig, rig.Uplink.Frames[0], Rtds("8.11_CCS02/CCS02_8.11_SUCCESS_RESPONSE_GBCS.HEX"));
        Assert.Null(rig.Log.Find(HubRig.Esme));
        Assert.Equal(MessageCodes.CS14, GbcsFrameParser.Parse(rig.Uplink.Frames[1]).MessageCode);
    }

    [SharedDataFact]
    public void Ccs03_restores_the_log_and_answers_as_rtds()
    {
        using var rig = new HubRig();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds("8.12.1_CCS03/CCS03_8.12.1_SUCCESS_COMMAND_GBCS.HEX"))));

        AssertSameAsRtdsButMac(rig, rig.Uplink.Frames[0], Rtds("8.12.1_CCS03/CCS03_8.12.1_SUCCESS_RESPONSE_GBCS.HEX"));
        Assert.Equal(0x0000000000000140UL, rig.Log.ExtendedPanId);
        Assert.Equal(2, rig.Log.Count);
        Assert.Equal(Convert.FromHexString("83FED3407A939723A5C639B26916D505"), rig.Log.Find(HubRig.Gsme)!.GetHashedTcLinkKey());
    }

    [SharedDataTheory]
    [InlineData("8.9_CCS06/CCS06_8.9_SUCCESS")]
    [InlineData("8.9_CCS05CCS04/CCS05CCS04_8.9_SUCCESS")]
    public void Ccs06_and_ccs05_report_the_devices_as_rtds(string file)
    {
        using var rig = new HubRig(new RtdsLinkStatus());
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, new byte[16]);
        rig.Log.Register(HubRig.Gsme, DeviceType.Gsme, new byte[16]);
        rig.Clock.UtcNow = new DateTime(2014, 12, 31, 23, 50, 0, DateTimeKind.Utc);
        rig.Log.NoteCommunication(HubRig.Esme);
        rig.Clock.UtcNow = new DateTime(2014, 12, 31, 23, 40, 0, DateTimeKind.Utc);
        rig.Log.NoteCommunication(HubRig.Gsme);
        rig.Clock.UtcNow = HubRig.Start;
        rig.Uplink.Frames.Clear();

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds(file + "_COMMAND_GBCS.HEX"))));

        // Every field of both 14-element structures, last communication included, equals RTDS.
        AssertSameAsRtdsButMac(rig, Assert.Single(rig.Uplink.Frames), Rtds(file + "_RESPONSE_GBCS.HEX"));
    }

    [SharedDataFact]
    public void Ccs07_reads_both_logs_as_rtds()
    {
        using var rig = new HubRig();
        foreach (var eui in new[] { 0x00DB1234567890A3UL, 0x00DB1234567890A4UL })
        {
            rig.Log.Register(eui, DeviceType.Type2, new byte[16]);
            rig.Log.DeviceJoined(eui, Convert.FromHexString("000102030405060708090A0B0C0D0E" + eui.ToString("X2")[^2..]));
            rig.Log.Unregister(eui);
        }
        rig.Log.Restore(0x0001020304050607, new[]
        {
            new BackupEntry(HubRig.Esme, Convert.FromHexString("83FED3407A939723A5C639B26916D506")),
            new BackupEntry(HubRig.Gsme, Convert.FromHexString("83FED3407A939723A5C639B26916D505")),
        });
        rig.Uplink.Frames.Clear();

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds("8.9_CCS07/CCS07_8.9_SUCCESS_COMMAND_GBCS.HEX"))));

        var response = Assert.Single(rig.Uplink.Frames);
        var rtds = GbcsFrameParser.Parse(Rtds("8.9_CCS07/CCS07_8.9_SUCCESS_RESPONSE_GBCS.HEX"));
        var m = GbcsFrameParser.Parse(response);
        AssertSameHeader(rtds, m);
        Assert.Equal(CheckResult.Valid, rig.VerifyMac(response));
        var ours = Ccs07ReadDeviceLogs.Decode(AccessResponse.Decode(response, m.ContentOffset, m.ContentLength));
        var theirs = Ccs07ReadDeviceLogs.Decode(AccessResponse.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength));
        Assert.Equal(theirs.LongInvokeIdAndPriority, ours.LongInvokeIdAndPriority);
        Assert.Equal((theirs.DeviceLogResult, theirs.HistoricLogResult), (ours.DeviceLogResult, ours.HistoricLogResult));
        // The device log is equal byte for byte (CCS03-restored hashes); the historic log in all but the hashes of
        // the historic TC link keys, which are keys.
        Assert.Equal(Encode(theirs.DeviceLog!.ToData()), Encode(ours.DeviceLog!.ToData()));
        Assert.Equal(theirs.HistoricLog!.Timestamp.ToBytes(), ours.HistoricLog!.Timestamp.ToBytes());
        Assert.Equal(theirs.HistoricLog.ExtendedPanId, ours.HistoricLog.ExtendedPanId);
        Assert.Equal(theirs.HistoricLog.Entries.Select(e => (e.DeviceId, e.HashedTcLinkKey.Length)),
                     ours.HistoricLog.Entries.Select(e => (e.DeviceId, e.HashedTcLinkKey.Length)));
    }

    [SharedDataFact]
    public void Ecs35c_reads_the_event_log_as_rtds()
    {
        using var rig = new HubRig();
        var rtds = GbcsFrameParser.Parse(Rtds("6.13_ECS35c/ECS35c_6.13_SUCCESS_RESPONSE_GBCS.HEX"));
        int result;
        foreach (var e in Ecs35ReadChfLog.DecodeResponse(AccessResponse.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength), out result))
            rig.Engine.EventLog.Record(e.Time, e.EventCode, e.Data, 0, e.Data.Length);
        rig.Uplink.Frames.Clear();

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds("6.13_ECS35c/ECS35c_6.13_SUCCESS_COMMAND_GBCS.HEX"))));

        AssertSameAsRtdsButMac(rig, rig.Uplink.Frames[0], rtds.Buffer);
    }

    [SharedDataFact]
    public void Ecs35d_reads_the_security_log_as_rtds()
    {
        using var rig = new HubRig();
        var rtds = GbcsFrameParser.Parse(Rtds("6.13_ECS35d/ECS35d_6.13_SUCCESS_RESPONSE_GBCS.HEX"));
        int result;
        foreach (var e in Ecs35ReadChfLog.DecodeResponse(AccessResponse.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength), out result))
            rig.Engine.SecurityLog.Record(e.Time, e.EventCode);

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Remac(Rtds("6.13_ECS35d/ECS35d_6.13_SUCCESS_COMMAND_GBCS.HEX"))));

        AssertSameAsRtdsButMac(rig, rig.Uplink.Frames[0], rtds.Buffer);
    }

    /// <summary>Everything but the 12 MAC bytes equals RTDS, and the MAC verifies for the fresh CHF key.</summary>
    internal static void AssertSameAsRtdsButMac(HubRig rig, byte[] ours, byte[] rtds)
    {
        Assert.Equal(Convert.ToHexString(rtds[..^12]), Convert.ToHexString(ours[..^12]));
        Assert.Equal(CheckResult.Valid, rig.VerifyMac(ours));
    }

    internal static void AssertSameHeader(GbcsMessage expected, GbcsMessage actual)
    {
        Assert.Equal(expected.Form, actual.Form);
        Assert.Equal(expected.Cra, actual.Cra);
        Assert.Equal(expected.OriginatorCounter, actual.OriginatorCounter);
        Assert.Equal(expected.Originator, actual.Originator);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.DateTimeOffset < 0, actual.DateTimeOffset < 0);
        Assert.Equal(expected.MessageCode, actual.MessageCode);
        Assert.Equal(expected.OtherInfoLength, actual.OtherInfoLength);
        Assert.Equal(expected.SupplementaryRemotePartyId, actual.SupplementaryRemotePartyId);
        Assert.Equal(expected.SupplementaryRemotePartyCounter, actual.SupplementaryRemotePartyCounter);
        Assert.Equal(expected.Signature, actual.Signature);
    }

    internal static string Encode(DlmsData d)
    {
        var w = new CommsHub.Protocol.Encoding.ByteWriter();
        DlmsDataWriter.Write(w, d);
        return Convert.ToHexString(w.ToArray());
    }

    /// <summary>The DLMS type skeleton of an item (types and, for arrays, the element skeleton), to compare shapes.</summary>
    internal static string Structure(DlmsData d, int arrayElements)
    {
        return d.Type switch
        {
            DlmsType.Structure => "S{" + string.Join(",", d.Children.Select(c => Structure(c, arrayElements))) + "}",
            DlmsType.Array => "A[" + string.Join(",", d.Children.Take(arrayElements).Select(c => Structure(c, arrayElements))) + "]",
            DlmsType.OctetString => d.ValueLength is 8 or 12 ? $"O{d.ValueLength}" : "O",
            _ => d.Type.ToString(),
        };
    }

    /// <summary>The radio fields RTDS shows for the ESME and the GSME.</summary>
    private sealed class RtdsLinkStatus : IHanLinkStatus
    {
        public bool Fill(ulong eui, ChfDeviceStatus s)
        {
            s.StatusBits = new byte[] { 0xC8 };
            s.StatusBitCount = 8;
            if (eui == HubRig.Esme) (s.LastRssi, s.AverageRssi, s.LowestRssi, s.Unsigned5, s.Unsigned6, s.LinkQuality) = (-35, -50, -100, 2, 39, 247);
            else (s.LastRssi, s.AverageRssi, s.LowestRssi, s.Unsigned5, s.Unsigned6, s.LinkQuality) = (-34, -54, -77, 1, 96, 205);
            s.Trailing = new[] { 1, 0, 100, 1, 1 };
            return true;
        }
    }
}
