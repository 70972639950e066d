using CommsHub.Cli;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary><c>commshub duis transform</c> run in-process.</summary>
public sealed class CliTransformTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Template(string name) => SharedData.PathOf($"{TransformData.TemplatesFolder}/{name}");

    [SharedDataTheory]
    [InlineData("CCS01_8.11_SUCCESS_REQUEST_DUIS.XML", "8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("CCS03_8.12.1_SUCCESS_REQUEST_DUIS.XML", "8.12.1_CCS03/CCS03_8.12.1_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("CCS07_8.9_SUCCESS_REQUEST_DUIS.XML", "8.9_CCS07/CCS07_8.9_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("ECS35d_6.13_SUCCESS_REQUEST_DUIS.XML", "6.13_ECS35d/ECS35d_6.13_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("ECS35g_6.13_SUCCESS_REQUEST_DUIS.XML", "6.13_ECS35g/ECS35g_6.13_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("CS11_3.3_SUCCESS_REQUEST_DUIS.XML", "3.3_CS11/CS11_3.3_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("ECS52_11.2_SUCCESS_REQUEST_DUIS.XML", "11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("ECS43_7.2_SUCCESS_REQUEST_DUIS.XML", "7.2_ECS43/ECS43_7.2_SUCCESS_PRECOMMAND_GBCS.HEX")]
    [InlineData("CS06_11.3_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML", "11.3_CS06/CS06_11.3_FUTURE_DATED_SUCCESS_PRECOMMAND_GBCS.HEX")]
    public void Prints_the_RTDS_command_for_a_template(string template, string rtds)
    {
        var expected = RtdsCorpus.Bytes(rtds);
        var counter = TransformData.Parse(expected).OriginatorCounter;
        var (exit, output, error) = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", counter.ToString(), Template(template));
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(Convert.ToHexString(expected) + Environment.NewLine, output);
    }

    [SharedDataFact]
    public void Hub_option_makes_the_target_the_CHF_and_acb_defaults_to_the_RTDS_ACB()
    {
        var expected = RtdsCorpus.Bytes("8.9_CCS06/CCS06_8.9_SUCCESS_COMMAND_GBCS.HEX");
        var (exit, output, _) = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", "1300",
            "--hub", "00DB1234567890A2", "--device-type", "esme", Template("CCS06_8.9_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal(0, exit);
        Assert.Equal(Convert.ToHexString(expected), output.Trim());
        var legacy = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", "1300", "--legacy-chf-log-read",
            "--acb", "90B3D51F30000002", Template("CCS05CCS04_8.9_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal(Convert.ToHexString(RtdsCorpus.Bytes("8.9_CCS05CCS04/CCS05CCS04_8.9_SUCCESS_COMMAND_GBCS.HEX")), legacy.Out.Trim());
    }

    [SharedDataFact]
    public void Unsupported_SRV_is_one_line_naming_it_and_the_supported_ones()
    {
        var (exit, output, error) = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", "1",
            Template("ECS21a_4.6.1_SINGLE_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("commshub: UnsupportedService: SRV 4.6.1 is not supported", error);
        Assert.Contains("; supported: ", error); // the list in SRV order (2.2 first since CS01), 3.3 among them
        Assert.Contains(" 3.3 (", error);
    }

    [SharedDataFact]
    public void Invalid_XML_is_one_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><unclosed></sr:Request>");
            var (exit, _, error) = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", "1", path);
            Assert.Equal(1, exit);
            Assert.StartsWith("commshub: invalid request XML (Malformed)", error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally { File.Delete(path); }
    }

    [SharedDataFact]
    public void Missing_keys_are_one_line()
    {
        var empty = Directory.CreateTempSubdirectory("commshub-nokeys-");
        try
        {
            var (exit, _, error) = Run("duis", "transform", "--keys", empty.FullName, "--counter", "1", Template("CCS02_8.11_SUCCESS_REQUEST_DUIS.XML"));
            Assert.Equal(1, exit);
            Assert.StartsWith("commshub: MissingKey: no KA private key for the ACB 90B3D51F30000002", error);

            var missing = Run("duis", "transform", "--keys", Path.Combine(empty.FullName, "absent"), "--counter", "1", Template("CCS02_8.11_SUCCESS_REQUEST_DUIS.XML"));
            Assert.Equal(1, missing.Exit);
            Assert.StartsWith("commshub: keys folder not found", missing.Err);
        }
        finally { empty.Delete(true); }
    }

    [SharedDataFact]
    public void Bad_counter_is_one_line()
    {
        var (exit, _, error) = Run("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", "-5", Template("CCS02_8.11_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal(1, exit);
        Assert.Contains("--counter", error);
    }
}
