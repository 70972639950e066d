using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

public class MessageCodeTests
{
    /// <summary>
    /// Index rows whose use-case folder names another use case than the message code's own: the code is right, the
    /// folder is the use case whose RTDS set the message belongs to.
    /// </summary>
    private static readonly Dictionary<int, string> FolderDiffers = new()
    {
        // Future-dated alerts are filed under the command that scheduled them (ECS01a, GCS02, CS06, CS02b...).
        [0x00CA] = "future-dated firmware activation alert, filed under CS06",
        [0x00CB] = "future-dated update security credentials alert, filed under CS02b",
        [0x00CC] = "future-dated execution alert (DLMS), filed under the scheduling ECS use case",
        [0x00CD] = "future-dated execution alert (GBZ), filed under the scheduling GCS use case",
        // DBCH09 Sub GHz Configuration Changed alert is raised by DBCH04 Set CHF Sub GHz Configuration.
        [0x0113] = "DBCH09 alert, filed under DBCH04",
    };

    [SharedDataFact]
    public void Every_rtds_message_code_is_in_the_table_with_its_use_case_name()
    {
        var lines = File.ReadAllLines(SharedData.PathOf("vectors/gbcs/rtds_index.tsv"));
        var header = lines[0].Split('\t');
        int useCase = Array.IndexOf(header, "use_case"), msgCode = Array.IndexOf(header, "msg_code");
        int rows = 0, exceptions = 0;
        var failures = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            int code = Convert.ToInt32(f[msgCode], 16);
            string folder = f[useCase];
            rows++;
            var info = MessageCodes.Lookup(code);
            if (info == null)
            {
                failures.Add($"{f[0]}: 0x{code:X4} unknown");
                continue;
            }
            Assert.Equal(code, info.Code);
            if (FolderDiffers.ContainsKey(code))
            {
                exceptions++;
                continue;
            }
            // Folder names extend the use case with a variant: CS04ACCritical, ECS47Activate, CS02aMAC, CCS05CCS04, GCA-DLMS.
            bool ok = folder.StartsWith(info.Name, StringComparison.Ordinal)
                // CS04B's RTDS set (8.8.2) also holds Method A/C unjoin messages (0x000F, CS04AC) for the same SRV.
                || (code == 0x000F && folder == "CS04B");
            if (!ok) failures.Add($"{f[0]}: 0x{code:X4} is {info.Name}, folder says {folder}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(1275, rows);
        Assert.True(exceptions > 0);
    }

    [Fact]
    public void Chf_constants_and_lookup_agree()
    {
        var expected = new (int Code, string Name)[]
        {
            (MessageCodes.CCS01, "CCS01"), (MessageCodes.CCS02, "CCS02"), (MessageCodes.CCS03, "CCS03"),
            (MessageCodes.CCS05, "CCS05"), (MessageCodes.CCS06, "CCS06"), (MessageCodes.CCS07, "CCS07"),
            (MessageCodes.CCS08, "CCS08"), (MessageCodes.CS06, "CS06"), (MessageCodes.CS07, "CS07"),
            (MessageCodes.CS14, "CS14"), (MessageCodes.ECS35c, "ECS35c"), (MessageCodes.ECS35d, "ECS35d"),
            (MessageCodes.ECS52, "ECS52"), (MessageCodes.ECS26i, "ECS26i"), (MessageCodes.ECS26n, "ECS26n"),
            (MessageCodes.DBCH04, "DBCH04"),
        };
        foreach (var (code, name) in expected) Assert.Equal(name, MessageCodes.Lookup(code)!.Name);
        Assert.Equal(0x0001, MessageCodes.CCS01);
        Assert.Equal(0x010F, MessageCodes.CCS06);
        Assert.Equal(0x00FE, MessageCodes.CCS07);
        Assert.Equal(0x0128, MessageCodes.CCS08);
        Assert.Equal("Add Device to CHF device log", MessageCodes.Lookup(1)!.Title);
        Assert.Null(MessageCodes.Lookup(0x0005));
        Assert.Null(MessageCodes.Lookup(-1));
    }

    [Fact]
    public void Table_covers_all_240_codes_of_gbcs_md_section_6_in_order()
    {
        Assert.Equal(240, MessageCodes.Count);
        for (int i = 0; i < MessageCodes.Count; i++)
        {
            Assert.NotNull(MessageCodes.Lookup(MessageCodes.CodeAt(i)));
            if (i > 0) Assert.True(MessageCodes.CodeAt(i) > MessageCodes.CodeAt(i - 1));
        }
    }

    [Fact]
    public void Rows_outside_the_catalogue_are_refused_and_names_are_found()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageCodes.CodeAt(MessageCodes.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageCodes.CodeAt(-1));
        Assert.Equal(-1, MessageCodes.IndexOf(0x0005));
        Assert.Equal(0x0100, MessageCodes.CodeAt(MessageCodes.IndexOfName("CS02b")));
        Assert.Equal(-1, MessageCodes.IndexOfName("NOPE"));
        for (int i = 0; i < MessageCodes.Count; i++) Assert.Equal(i, MessageCodes.IndexOf(MessageCodes.CodeAt(i)));
    }

    [Fact]
    public void Entries_say_what_the_hub_needs()
    {
        var ccs01 = MessageCodes.Lookup(MessageCodes.CCS01)!;
        Assert.Equal(MessageKind.NonCriticalCommand, ccs01.Kind);
        Assert.True(ccs01.ExecutedByChf);
        Assert.False(ccs01.Targets(DeviceType.Esme));
        var ecs42 = MessageCodes.Lookup(0x004F)!;
        Assert.True(ecs42.IsCritical);
        Assert.True(ecs42.Targets(DeviceType.Esme));
        Assert.False(ecs42.ExecutedByChf);
        var cs14 = MessageCodes.Lookup(MessageCodes.CS14)!;
        Assert.Equal(MessageKind.Alert, cs14.Kind);
        Assert.False(cs14.IsCommand);
        Assert.False(cs14.ExecutedByChf);
        Assert.Equal("Device Addition To / Removal From HAN Whitelist Alerts", cs14.Title);
        var pecs01 = MessageCodes.Lookup(0x0116)!;
        Assert.Equal(MessageKind.Unknown, pecs01.Kind);
        Assert.False(pecs01.TargetsKnown);
    }

    /// <summary>
    /// The catalogue's kinds and targets agree with RTDS: a code with a PRECOMMAND is critical, one with only COMMANDs
    /// non-critical, one with only ALERTs an alert, and every COMMAND's target device type is among the code's targets.
    /// </summary>
    [SharedDataFact]
    public void Kinds_and_targets_agree_with_every_rtds_message()
    {
        var typeOf = new Dictionary<string, DeviceType>
        {
            ["00DB1234567890A0"] = DeviceType.Esme, ["00DB1234567890A1"] = DeviceType.Gsme, ["00DB1234567890A2"] = DeviceType.Chf,
            ["00DB1234567890A3"] = DeviceType.Gpf, ["00DB1234567890A4"] = DeviceType.Ppmid, ["00DB1234567890A5"] = DeviceType.Hcalcs,
        };
        var failures = new List<string>();
        foreach (var byCode in RtdsCorpus.Entries.GroupBy(e => Convert.ToInt32(e.MessageCode, 16)))
        {
            var info = MessageCodes.Lookup(byCode.Key)!;
            var kinds = byCode.Select(e => e.Kind).ToHashSet();
            var expected = kinds.Contains("PRECOMMAND") ? MessageKind.CriticalCommand
                : kinds.Contains("COMMAND") ? MessageKind.NonCriticalCommand
                : kinds.Contains("ALERT") ? MessageKind.Alert : MessageKind.Unknown;
            if (expected != MessageKind.Unknown && info.Kind != expected) failures.Add($"{info}: {info.Kind}, RTDS shows {expected}");
            foreach (var e in byCode.Where(e => e.Cra == "command"))
            {
                if (typeOf.TryGetValue(e.Recipient, out var type) && !info.Targets(type)) failures.Add($"{info}: {e.File} targets a {type}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
