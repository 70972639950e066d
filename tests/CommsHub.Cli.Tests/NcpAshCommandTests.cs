using System.Text.Json;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>`commshub ncp ash decode|encode` in-process, on the UG101 §3 example frames.</summary>
public class NcpAshCommandTests
{
    private static (int Exit, string[] Lines, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    [Fact]
    public void Decode_reports_each_frame_of_a_capture()
    {
        // UG101 §3: Cancel + RST, RSTACK(2, 2), DATA(2, 5, 0) with the randomised version command, ACK(1), NAK(6).
        var (exit, lines, err) = Run("ncp", "ash", "decode", "1A C0 38 BC 7E C1 02 02 9B 7B 7E 25 42 21 A8 56 A6 09 7E 81 60 59 7E A6 34 DC 7E");
        Assert.True(exit == 0, err);
        Assert.Equal(5, lines.Length);
        var frames = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(new[] { "RST", "RSTACK", "DATA", "ACK", "NAK" }, frames.Select(f => f.GetProperty("type").GetString()));
        Assert.All(frames, f => Assert.True(f.GetProperty("crcOk").GetBoolean()));
        var data = frames[2];
        Assert.Equal(2, data.GetProperty("frame").GetInt32());
        Assert.Equal(5, data.GetProperty("ack").GetInt32());
        Assert.False(data.GetProperty("retransmit").GetBoolean());
        Assert.Equal("00000002", data.GetProperty("ezsp").GetString());
        Assert.Equal("0202", frames[1].GetProperty("data").GetString());
        Assert.Equal(JsonValueKind.Null, frames[3].GetProperty("frame").ValueKind);
        Assert.Equal(1, frames[3].GetProperty("ack").GetInt32());
    }

    [Fact]
    public void Decode_reads_a_capture_file_and_flags_a_bad_crc_with_exit_2()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "25 42 21 A8 56 A6 09 7E\n25 42 21 A8 57 A6 09 7E\n");
            var (exit, lines, err) = Run("ncp", "ash", "decode", path);
            Assert.Equal(2, exit);
            Assert.Contains("1 of 2 frames are bad", err);
            Assert.True(JsonDocument.Parse(lines[0]).RootElement.GetProperty("crcOk").GetBoolean());
            Assert.False(JsonDocument.Parse(lines[1]).RootElement.GetProperty("crcOk").GetBoolean());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Decode_refuses_input_that_is_neither_a_file_nor_hex()
    {
        var (exit, _, err) = Run("ncp", "ash", "decode", "no-such-file.txt");
        Assert.Equal(1, exit);
        Assert.Contains("neither a file nor hex", err);
    }

    [Fact]
    public void Encode_builds_the_UG101_data_frame()
    {
        var (exit, lines, err) = Run("ncp", "ash", "encode", "--type", "data", "--frame", "2", "--ack", "5", "00000002");
        Assert.True(exit == 0, err);
        Assert.Equal("254221A856A6097E", lines.Single().Trim());
    }

    [Fact]
    public void Encode_sets_the_retransmit_flag_and_round_trips_through_decode()
    {
        var (_, lines, _) = Run("ncp", "ash", "encode", "--frame", "5", "--ack", "3", "--retransmit", "00 80 00 02 02 11 30");
        string wire = lines.Single().Trim();
        Assert.StartsWith("5B", wire); // 0 101 1 011
        var (exit, decoded, _) = Run("ncp", "ash", "decode", wire);
        Assert.Equal(0, exit);
        var f = JsonDocument.Parse(decoded.Single()).RootElement;
        Assert.True(f.GetProperty("retransmit").GetBoolean());
        Assert.Equal("00800002021130", f.GetProperty("ezsp").GetString());
    }

    [Theory]
    [InlineData("--frame", "8", "--ack", "0", "000000")]
    [InlineData("--frame", "0", "--ack", "0", "0000")]
    [InlineData("--frame", "0", "--ack", "0", "zz0000")]
    public void Encode_refuses_bad_arguments(params string[] rest)
    {
        var (exit, lines, err) = Run(new[] { "ncp", "ash", "encode" }.Concat(rest).ToArray());
        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.StartsWith("commshub:", err);
    }
}
