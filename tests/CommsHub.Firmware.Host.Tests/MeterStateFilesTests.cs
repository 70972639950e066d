using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Tests;

public class MeterStateFilesTests
{
    [Fact]
    public async Task A_meter_key_file_is_never_seen_half_written()
    {
        // What a reader sees at any instant is what a crash at that instant leaves: an empty or cut-short file would
        // lose the meter's TC link key, and the hub accepts a rejoin only with the key its device log recorded.
        using var dir = new TempDir();
        var meter = TestMeters.Esme();
        var keys = new[] { Enumerable.Repeat((byte)0x11, 16).ToArray(), Enumerable.Repeat((byte)0x22, 16).ToArray() };
        meter.TcLinkKey = keys[0];
        MeterStateFiles.Save(dir.Path, meter);
        var path = Path.Combine(dir.Path, Eui64.ToText(meter.Eui) + ".tclk");
        var seen = new List<string>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var text = File.ReadAllText(path);
                    if (text.Length != 32 || !Hex.IsHex(text)) lock (seen) seen.Add(text);
                }
                catch (FileNotFoundException)
                {
                    lock (seen) seen.Add("(no file)");
                }
            }
        });
        for (int i = 0; i < 300; i++)
        {
            meter.TcLinkKey = keys[i % 2];
            MeterStateFiles.Save(dir.Path, meter);
        }
        stop.Cancel();
        await reader;
        Assert.Empty(seen);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary file left behind
        var back = TestMeters.Esme();
        MeterStateFiles.Load(dir.Path, [back]);
        Assert.Equal(keys[1], back.TcLinkKey);
    }
}
