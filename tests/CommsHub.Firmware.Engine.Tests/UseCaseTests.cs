using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>Each CHF use case and engine rule, through <see cref="HubEngine.HandleWanMessage"/>.</summary>
public sealed class UseCaseTests
{
    private static readonly byte[] Code1 = Convert.FromHexString("0123456789ABCDEF0123456789ABCDEF");
    private static readonly byte[] Code2 = Convert.FromHexString("FEDCBA9876543210FEDCBA9876543210");

    private static byte[] Ccs01(ulong eui, int type, byte[] code, ulong counter) =>
        new Ccs01AddDevice { LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(counter), DeviceId = eui, DeviceType = type, InstallCode = code, JoinTimeout = 60, EnableJoining = true }.Encode();

    private static AccessResponse Response(byte[] frame, ulong counter)
    {
        var m = GbcsFrameParser.Parse(frame);
        Assert.Equal(CraFlag.Response, m.Cra);
        Assert.Equal(counter, m.OriginatorCounter);
        Assert.Equal(HubRig.Chf, m.Originator);
        return AccessResponse.Decode(frame, m.ContentOffset, m.ContentLength);
    }

    private static int[] Results(AccessResponse r) => r.Results.Select(x => x.Result).ToArray();

    [SharedDataFact]
    public void Ccs01_for_a_logged_device_discards_the_new_key_and_succeeds_without_a_cs14()
    {
        using var rig = new HubRig();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 1, Code1, 1), 1)));
        var key = rig.Log.Find(HubRig.Esme)!.GetLinkKey();
        rig.Uplink.Frames.Clear();

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 1, Code2, 2), 2)));

        Assert.Equal(new[] { 0, 0, 0 }, Results(Response(Assert.Single(rig.Uplink.Frames), 2)));
        Assert.Equal(key, rig.Log.Find(HubRig.Esme)!.GetLinkKey());
        Assert.Equal(1, rig.Log.Count);
    }

    [SharedDataFact]
    public void Ccs01_for_a_gpf_succeeds_but_records_nothing()
    {
        using var rig = new HubRig();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(0x00DB1234567890B0, 3, Code1, 1), 1)));
        Assert.Equal(new[] { 0, 0, 0 }, Results(Response(Assert.Single(rig.Uplink.Frames), 1)));
        Assert.Equal(0, rig.Log.Count);
    }

    [SharedDataFact]
    public void Ccs01_with_a_bad_install_code_or_type_is_refused_per_request()
    {
        using var rig = new HubRig();
        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 1, new byte[5], 1), 1));
        Assert.Equal(new[] { 250, 0, 0 }, Results(Response(rig.Uplink.Frames[^1], 1)));
        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 9, Code1, 2), 2));
        Assert.Equal(new[] { 250, 0, 0 }, Results(Response(rig.Uplink.Frames[^1], 2)));
        Assert.Equal(0, rig.Log.Count);
    }

    [SharedDataFact]
    public void Ccs01_logs_a_device_log_change_and_an_actioned_command()
    {
        using var rig = new HubRig();
        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 1, Code1, 1), 1));
        var events = rig.EventEntries();
        Assert.Equal(new[] { EventCodes.DeviceLogChanged, EventCodes.CommandActioned }, events.Select(e => e.EventCode));
        Assert.Equal(new byte[] { 0x00, 0x01 }, events[1].Detail);
    }

    [SharedDataFact]
    public void Ccs02_for_an_unknown_device_is_refused_and_raises_no_cs14()
    {
        using var rig = new HubRig();
        var payload = new Ccs02RemoveDevice { LongInvokeIdAndPriority = 0x20000001, DeviceId = HubRig.Esme }.Encode();
        rig.Send(rig.Command(MessageCodes.CCS02, payload, 1));
        Assert.Equal(new[] { 250 }, Results(Response(Assert.Single(rig.Uplink.Frames), 1)));
    }

    [SharedDataFact]
    public void Ccs02_of_a_joined_device_keeps_its_key_in_the_historic_log()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Log.DeviceJoined(HubRig.Esme, Code2);
        var payload = new Ccs02RemoveDevice { LongInvokeIdAndPriority = 0x20000001, DeviceId = HubRig.Esme }.Encode();
        rig.Send(rig.Command(MessageCodes.CCS02, payload, 1));
        Assert.Equal(0, rig.Log.Count);
        Assert.Equal(Code2, rig.Log.FindHistoric(HubRig.Esme)!.GetTcLinkKey());
    }

    [SharedDataFact]
    public void Ccs03_with_more_devices_than_capacity_changes_nothing()
    {
        using var rig = new HubRig();
        var entries = Enumerable.Range(1, 17).Select(i => new ChfDeviceLogEntry((ulong)i, new byte[16])).ToArray();
        var payload = new Ccs03RestoreDeviceLog { LongInvokeIdAndPriority = 0x20000001, ExtendedPanId = 5, Entries = entries }.Encode();
        rig.Send(rig.Command(MessageCodes.CCS03, payload, 1));
        Assert.Equal(new[] { 250 }, Results(Response(Assert.Single(rig.Uplink.Frames), 1)));
        Assert.Equal(0, rig.Log.Count);
    }

    [SharedDataFact]
    public void Ccs06_without_link_status_reports_ids_and_last_communication()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Log.Register(HubRig.Gsme, DeviceType.Gsme, Code1);
        rig.Log.NoteCommunication(HubRig.Esme);
        rig.Uplink.Frames.Clear();
        rig.Send(rig.Command(MessageCodes.CCS06, Ccs06ReadDeviceLog.BuildRequest(0x20000001).Encode(), 1));
        var r = Ccs06ReadDeviceLog.Decode(Response(Assert.Single(rig.Uplink.Frames), 1));
        Assert.Equal(new[] { HubRig.Esme, HubRig.Gsme }, r.Devices.Select(d => d.DeviceId));
        Assert.Equal(HubRig.Start, r.Devices[0].LastCommunication.ToUtc());
        Assert.Equal(0xFFFF, r.Devices[1].LastCommunication.Year); // never
    }

    [SharedDataFact]
    public void Cs07_to_the_chf_lists_the_joined_devices_with_their_types()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Log.Register(HubRig.Gsme, DeviceType.Gsme, Code1);
        rig.Log.DeviceJoined(HubRig.Gsme, Code2);
        rig.Uplink.Frames.Clear();
        rig.Send(rig.Command(MessageCodes.CS07, Cs07ReadDeviceJoinDetails.EncodeRequest(), 1));
        var frame = Assert.Single(rig.Uplink.Frames);
        var m = GbcsFrameParser.Parse(frame);
        var r = Cs07ReadDeviceJoinDetails.Decode(frame, m.ContentOffset, m.ContentLength);
        Assert.Equal(0, r.ResponseCode);
        var d = Assert.Single(r.Entries);
        Assert.Equal((HubRig.Gsme, 0), (d.DeviceId, d.DeviceType));
    }

    [SharedDataFact]
    public void Ecs52_returns_the_firmware_version_to_a_supplier_with_a_mac_for_the_supplier()
    {
        using var rig = new HubRig();
        rig.Send(rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000009).Encode(), 9, originator: HubRig.Supplier));
        var frame = Assert.Single(rig.Uplink.Frames);
        Assert.Equal(HubRig.Supplier, GbcsFrameParser.Parse(frame).Target);
        Assert.Equal(CheckResult.Valid, rig.VerifyMac(frame));
        Assert.Equal(HubRig.Firmware, Ecs52ReadFirmwareVersion.Decode(Response(frame, 9)).FirmwareVersion);
    }

    [SharedDataFact]
    public void Ecs35c_returns_only_entries_in_range_and_ecs35d_shows_rejections()
    {
        using var rig = new HubRig();
        rig.Engine.EventLog.Record(100, 0x8F66);
        rig.Engine.EventLog.RecordCommand(200, EventCodes.CommandActioned, 0x009B);
        rig.Engine.EventLog.Record(300, 0x8F67);
        var read = new Ecs35ReadChfLog { LongInvokeIdAndPriority = 0x20000001, Log = Obis.EventLog, From = 150, To = 250 };
        rig.Send(rig.Command(MessageCodes.ECS35c, read.Encode(), 1));
        int result;
        var e = Assert.Single(Ecs35ReadChfLog.DecodeResponse(Response(rig.Uplink.Frames[^1], 1), out result));
        Assert.Equal((200u, 0x8154, "009B"), (e.Time, e.EventCode, Convert.ToHexString(e.Data)));

        var tampered = rig.Command(MessageCodes.ECS52, Ecs52ReadFirmwareVersion.BuildRequest(0x20000002).Encode(), 2);
        tampered[^1] ^= 1;
        rig.Send(tampered);
        var sec = new Ecs35ReadChfLog { LongInvokeIdAndPriority = 0x20000003, Log = Ecs35ReadChfLog.SecurityLog, From = 0, To = uint.MaxValue };
        rig.Send(rig.Command(MessageCodes.ECS35d, sec.Encode(), 3));
        var s = Assert.Single(Ecs35ReadChfLog.DecodeResponse(Response(rig.Uplink.Frames[^1], 3), out result));
        Assert.Equal(EventCodes.TrustedSourceAuthenticationFailure, s.EventCode);
        Assert.Null(s.Data); // two columns, as RTDS
    }

    [SharedDataFact]
    public void Ecs35_whose_message_code_names_the_other_log_is_malformed()
    {
        using var rig = new HubRig();
        var read = new Ecs35ReadChfLog { LongInvokeIdAndPriority = 0x20000001, Log = Ecs35ReadChfLog.SecurityLog, From = 0, To = 1 };
        Assert.Equal(WanMessageOutcome.Rejected, rig.Send(rig.Command(MessageCodes.ECS35c, read.Encode(), 1)));
        Assert.Equal(SecurityReason.Malformed, rig.Engine.LastRejection);
    }

    [SharedDataFact]
    public void Unsupported_message_code_gets_a_signed_ecs100_alert_like_rtds()
    {
        using var rig = new HubRig();
        Assert.Equal(WanMessageOutcome.NotSupported, rig.Send(rig.Command(0x0074 /* GCS13a, a gas meter read: no CHF use case */, new byte[] { 0xD9, 0x20, 0, 0, 5, 0, 0, 0 }, 5)));

        var frame = Assert.Single(rig.Uplink.Frames);
        var m = GbcsFrameParser.Parse(frame);
        var rtds = GbcsFrameParser.Parse(RtdsCorpus.Bytes("NA_ECS100/ECS100_NA_8F85_SUPPLEMENTARY_REMOTE_PARTY_ALERT_GBCS.HEX"));
        Assert.Equal((rtds.Form, rtds.Cra, rtds.MessageCode, rtds.Target, rtds.OtherInfoLength), (m.Form, m.Cra, m.MessageCode, m.Target, m.OtherInfoLength));
        Assert.Equal(HubRig.Supplier, m.SupplementaryRemotePartyId);
        Assert.True(rig.Crypto.EcdsaVerify(rig.ChfDs.PublicKey, frame, m.SignedDataOffset, m.SignedDataLength, frame, m.SignatureOffset));
        var n = DataNotification.Decode(frame, m.ContentOffset, m.ContentLength);
        Assert.Equal(0x8F85, n.AlertCode);
        Assert.Equal("00740000000000000005", n.AlertItem(0).ToHex());
        Assert.Equal(RtdsReplayTests.Structure(DataNotification.Decode(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength).Body, 1), RtdsReplayTests.Structure(n.Body, 1));
        // The counter is spent: the same command again is a replay.
        Assert.Equal(WanMessageOutcome.Rejected, rig.Send(rig.Command(0x0074 /* GCS13a, a gas meter read: no CHF use case */, new byte[] { 0xD9 }, 5)));
    }

    [SharedDataFact]
    public void Meter_command_is_forwarded_unchanged_and_unverified()
    {
        using var rig = new HubRig();
        var ecs52 = RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX");
        Assert.Equal(WanMessageOutcome.Forwarded, rig.Send(ecs52));
        var f = Assert.Single(rig.Han.Forwarded);
        Assert.Equal((HubRig.Esme, 0x3E8UL), (f.Target, f.Counter));
        Assert.Equal(ecs52, f.Frame);
        Assert.Empty(rig.Uplink.Frames);
    }

    [SharedDataTheory]
    [InlineData(HanForwardResult.UnknownDevice)]
    [InlineData(HanForwardResult.NotJoined)]
    [InlineData(HanForwardResult.MailboxFull)]
    [InlineData(HanForwardResult.LinkError)]
    public void Command_for_an_unreachable_device_gets_a_failure_to_deliver_alert(HanForwardResult result)
    {
        using var rig = new HubRig();
        rig.Han.Result = result;
        Assert.Equal(WanMessageOutcome.Undeliverable, rig.Send(RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX")));
        var frame = Assert.Single(rig.Uplink.Frames);
        var m = GbcsFrameParser.Parse(frame);
        // From the CHF to the ACB (the one remote party whose KA key a CHF holds), MAC'd CHF KA x ACB KA.
        Assert.Equal((CraFlag.Alert, FailureToDeliverAlert.MessageCode, HubRig.Chf, HubRig.Acb), (m.Cra, m.MessageCode, m.Originator, m.Target));
        Assert.Equal(CheckResult.Valid, rig.VerifyMac(frame));
        // The payload as gbcs-parser reads 0x00D5: DATA-NOTIFICATION header (8 bytes: 0F, invoke id, no date-time,
        // structure of 3), alert code 12 8F 84, time stamp 09 0C + 12 bytes, then the Remote Party Message 09 19 + 25 bytes.
        var c = frame.AsSpan(m.ContentOffset, m.ContentLength).ToArray();
        Assert.Equal(52, c.Length);
        Assert.Equal((0x0F, 0x00, 0x02, 0x03), (c[0], c[5], c[6], c[7]));
        Assert.Equal("128F84", Convert.ToHexString(c, 8, 3));
        Assert.Equal((0x09, 0x0C), (c[11], c[12]));
        Assert.Equal((0x09, 0x19), (c[25], c[26]));
        // Field by field: Business Originator ID (8), Business Target ID (8), CRA flag (1), Originator Counter (8).
        Assert.Equal("90B3D51F30010000", Convert.ToHexString(c, 27, 8));
        Assert.Equal("00DB1234567890A0", Convert.ToHexString(c, 35, 8));
        Assert.Equal("01", Convert.ToHexString(c, 43, 1));
        Assert.Equal("00000000000003E8", Convert.ToHexString(c, 44, 8));
        var body = FailureToDeliverAlert.Decode(frame, m.ContentOffset, m.ContentLength);
        Assert.Equal((HubRig.Supplier, HubRig.Esme, CraFlag.Command, 0x3E8UL), (body.BusinessOriginator, body.BusinessTarget, body.Cra, body.OriginatorCounter));
        Assert.Equal(EventCodes.FailureToDeliver, DataNotification.Decode(frame, m.ContentOffset, m.ContentLength).AlertCode);
        Assert.Equal(EventCodes.FailureToDeliver, rig.EventEntries()[^1].EventCode);
        Assert.Equal(1, rig.Engine.UndeliverableCommands);
        Assert.Equal(result, rig.Engine.LastUndeliverable);
    }

    [SharedDataFact]
    public void Han_frames_go_up_unchanged_and_note_communication_in_ram_until_the_flush_is_due()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Uplink.Frames.Clear();
        long writes = rig.Log.PersistCount;
        var response = RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_RESPONSE_GBCS.HEX");

        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        for (int i = 0; i < 50; i++) rig.Han.Receive(HubRig.Esme, response);

        Assert.Equal(50, rig.Uplink.Frames.Count);
        Assert.Equal(response, rig.Uplink.Frames[0]);
        Assert.Equal(writes, rig.Log.PersistCount);
        Assert.True(rig.Log.HasUnpersistedCommunication);
        Assert.Equal(HubRig.Start.AddMinutes(1), Core.Time.HubTime.FromSeconds(rig.Log.Find(HubRig.Esme)!.LastCommunication));

        rig.Clock.Advance(TimeSpan.FromHours(1));
        rig.Engine.Tick();
        Assert.Equal(writes + 1, rig.Log.PersistCount);
        Assert.False(rig.Log.HasUnpersistedCommunication);
    }

    [SharedDataFact]
    public void Flush_persists_communication_times_for_an_orderly_restart()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        rig.Han.Receive(HubRig.Esme, new byte[] { 0xDF });
        rig.Engine.Flush();
        rig.Boot();
        Assert.Equal(Core.Time.HubTime.ToSeconds(HubRig.Start) + 30, rig.Log.Find(HubRig.Esme)!.LastCommunication);
    }

    [SharedDataFact]
    public void Device_joining_outside_a_command_raises_cs14_and_a_join_event_at_once()
    {
        using var rig = new HubRig();
        rig.Log.Register(HubRig.Esme, DeviceType.Esme, Code1);
        rig.Uplink.Frames.Clear();
        rig.Log.DeviceJoined(HubRig.Esme, Code2);
        var m = GbcsFrameParser.Parse(Assert.Single(rig.Uplink.Frames));
        Assert.Equal(MessageCodes.CS14, m.MessageCode);
        var alert = Cs14DeviceLogChangedAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
        Assert.Equal(16, Assert.Single(alert.Log.Entries).HashedTcLinkKey.Length);
        Assert.Contains(rig.EventEntries(), e => e.EventCode == EventCodes.DeviceJoiningSucceeded);
    }

    [SharedDataFact]
    public void Alert_counters_keep_rising_across_restarts()
    {
        // A join is a change the HAN makes, so its CS14 goes out at once (one made by a command follows its response).
        using var rig = new HubRig();
        rig.Log.Register(0x10, DeviceType.Esme, Code1);
        rig.Log.DeviceJoined(0x10, Code2);
        var first = GbcsFrameParser.Parse(rig.Uplink.Frames[^1]).OriginatorCounter;
        rig.Boot();
        rig.Log.Register(0x11, DeviceType.Esme, Code1);
        rig.Log.DeviceJoined(0x11, Code2);
        Assert.True(GbcsFrameParser.Parse(rig.Uplink.Frames[^1]).OriginatorCounter > first);
    }

    [SharedDataFact]
    public void Every_use_case_the_chf_executes_is_a_chf_command_in_the_message_code_catalogue()
    {
        using var rig = new HubRig();
        var codes = Enumerable.Range(0, rig.Engine.ExecutedMessageCodeCount).Select(rig.Engine.ExecutedMessageCodeAt).ToList();
        Assert.Equal(new[] { MessageCodes.CCS01, MessageCodes.CCS02, MessageCodes.CCS03, MessageCodes.CCS06, MessageCodes.CCS05,
            MessageCodes.CCS07, MessageCodes.CS07, 0x0008 /* CS02a */, MessageCodes.ECS52, MessageCodes.ECS35c, MessageCodes.ECS35d, MessageCodes.ECS26i,
            MessageCodes.ECS26n, MessageCodes.DBCH01, MessageCodes.DBCH02, MessageCodes.DBCH03, MessageCodes.DBCH04, MessageCodes.DBCH05 }, codes);
        foreach (var code in codes)
        {
            var info = MessageCodes.Lookup(code);
            Assert.NotNull(info);
            Assert.True(info.ExecutedByChf, $"{info} is not a CHF command in the catalogue");
        }
    }

    [SharedDataFact]
    public void A_read_changes_nothing_and_raises_no_cs14()
    {
        using var rig = new HubRig();
        rig.Send(rig.Command(MessageCodes.CCS01, Ccs01(HubRig.Esme, 1, Code1, 1), 1));
        rig.Uplink.Frames.Clear();
        var read = Ccs07ReadDeviceLogs.BuildRequest(AccessRequest.InvokeIdFor(2)).Encode();
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.CCS07, read, 2)));
        Assert.Equal(CraFlag.Response, GbcsFrameParser.Parse(Assert.Single(rig.Uplink.Frames)).Cra);
    }
}
