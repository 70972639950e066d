using System.Text.Json;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>`commshub gbcs inspect` run in-process, checked against the RTDS index and the DESIGN.md contract.</summary>
public class GbcsInspectCommandTests
{
    private static readonly string[] ContractFields =
    [
        "source", "form", "cra", "messageCode", "useCase", "originator", "target", "counter", "otherInfoLength",
        "supplementaryRemotePartyId", "supplementaryRemotePartyCounter", "contentLength", "signature", "mac", "error",
    ];

    private static (int Exit, string[] Lines, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(args, stdout, stderr);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (exit, lines, stderr.ToString());
    }

    [SharedDataFact]
    public void Inspecting_the_whole_rtds_folder_reports_what_the_index_says()
    {
        var (exit, lines, err) = Run("gbcs", "inspect", "--keys", RtdsCorpus.KeystorePath, "--acb", "90B3D51F30000002",
            SharedData.PathOf(RtdsCorpus.MessagesFolder));
        Assert.True(exit == 0, err);
        Assert.Equal(1275, lines.Length);
        var byFile = RtdsCorpus.Entries.ToDictionary(e => e.File);
        var mismatches = new List<string>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var j = doc.RootElement;
            Assert.Equal(ContractFields, j.EnumerateObject().Select(p => p.Name));
            var source = j.GetProperty("source").GetString()!;
            var rel = Path.GetRelativePath(SharedData.PathOf(RtdsCorpus.MessagesFolder), source).Replace('\\', '/');
            var e = byFile[rel];
            string expectSig = e.Signature switch { "VALID" => "valid", "null(00)" => "null", _ => "absent" };
            string expectMac = e.Mac == "VALID" ? "valid" : e.Mac.StartsWith("none") ? "absent" : "invalid|nokey";
            var sig = j.GetProperty("signature").GetString();
            var mac = j.GetProperty("mac").GetString()!;
            if (sig != expectSig) mismatches.Add($"{rel}: signature {sig} != {expectSig}");
            if (!expectMac.Split('|').Contains(mac)) mismatches.Add($"{rel}: mac {mac} != {expectMac}");
            if (j.GetProperty("messageCode").GetString() != e.MessageCode) mismatches.Add($"{rel}: code");
            if (j.GetProperty("cra").GetString() != e.Cra) mismatches.Add($"{rel}: cra");
            if (j.GetProperty("originator").GetString() != e.Originator) mismatches.Add($"{rel}: originator");
            if (j.GetProperty("contentLength").GetInt32() != e.ContentLength) mismatches.Add($"{rel}: content length");
            if (j.GetProperty("otherInfoLength").GetInt32() != e.OtherInfoLength) mismatches.Add($"{rel}: other info");
            var form = j.GetProperty("form").GetString();
            var expectForm = !e.Mac.StartsWith("none") ? "mac" : e.Signature == "VALID" ? "signed" : "precommand";
            if (form != expectForm) mismatches.Add($"{rel}: form {form} != {expectForm}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(30)));
    }

    [SharedDataFact]
    public void A_capture_file_with_hex_and_base64_lines_gives_one_object_per_line()
    {
        var command = RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX");
        var response = RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_RESPONSE_GBCS.HEX");
        var capture = Path.Combine(Path.GetTempPath(), $"commshub-capture-{Guid.NewGuid():N}.txt");
        File.WriteAllText(capture, $"# captured on chub/00DB1234567890A2\n{Convert.ToHexString(command)}\n\n{Convert.ToBase64String(response)}\nDD09\n");
        try
        {
            var (exit, lines, err) = Run("gbcs", "inspect", "--keys", RtdsCorpus.KeystorePath, "--acb", "90B3D51F30000002", capture);
            Assert.Equal(2, exit);
            Assert.Contains("1 of 3", err);
            Assert.Equal(3, lines.Length);
            var objs = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal($"{capture}:2", objs[0].GetProperty("source").GetString());
            Assert.Equal("command", objs[0].GetProperty("cra").GetString());
            Assert.Equal("CCS01", objs[0].GetProperty("useCase").GetString());
            Assert.Equal("0000000000000516", objs[0].GetProperty("counter").GetString());
            Assert.Equal("valid", objs[0].GetProperty("mac").GetString());
            Assert.Equal("response", objs[1].GetProperty("cra").GetString());
            Assert.Equal("valid", objs[1].GetProperty("mac").GetString());
            Assert.Contains("GBT", objs[2].GetProperty("error").GetString());
        }
        finally { File.Delete(capture); }
    }

    [SharedDataFact]
    public void Without_keys_or_acb_the_checks_say_nokey()
    {
        var hex = Convert.ToHexString(RtdsCorpus.Bytes("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"));
        var (exit, lines, _) = Run("gbcs", "inspect", hex);
        Assert.Equal(0, exit);
        var j = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.Equal("arg1", j.GetProperty("source").GetString());
        Assert.Equal("nokey", j.GetProperty("mac").GetString());
        Assert.Equal("null", j.GetProperty("signature").GetString());
    }

    [SharedDataFact]
    public void A_tampered_message_reports_an_invalid_mac()
    {
        var bytes = RtdsCorpus.Bytes("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX");
        bytes[^20] ^= 0x01;
        var (_, lines, _) = Run("gbcs", "inspect", "--keys", RtdsCorpus.KeystorePath, "--acb", "90B3D51F30000002", Convert.ToHexString(bytes));
        Assert.Equal("invalid", JsonDocument.Parse(lines.Single()).RootElement.GetProperty("mac").GetString());
    }

    [Fact]
    public void Bad_arguments_fail_with_one_line()
    {
        var (exit, _, err) = Run("gbcs", "inspect", "--acb", "nothex", "DF");
        Assert.Equal(1, exit);
        Assert.Contains("--acb", err);
        Assert.Single(err.Trim().Split('\n'));
        var (exit2, _, err2) = Run("gbcs", "inspect", "--keys", "/nonexistent/keys", "DF");
        Assert.Equal(1, exit2);
        Assert.Contains("keys folder not found", err2);
    }
}
