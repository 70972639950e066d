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
}
