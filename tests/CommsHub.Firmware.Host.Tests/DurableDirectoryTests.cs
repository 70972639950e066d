using CommsHub.Firmware.Host.Keys;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Storage;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A folder the hub creates for durable files has its name flushed into its parent (<see cref="DurableDirectory"/>), so
/// that a power loss after the files were written cannot lose the folder and them with it.
/// </summary>
public class DurableDirectoryTests
{
    [Fact]
    public void Each_new_folder_is_flushed_into_its_parent_from_the_top_down_and_an_existing_one_not_at_all()
    {
        using var dir = new TempDir();
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(a, "b"), c = Path.Combine(b, "c");
        var order = new List<string>();
        var flushed = DirectoryFlushes.Observe(dir.Path, d => { order.Add(d); return d; },
            () => DirectoryFlushes.Observe(a, d => { order.Add(d); return d; },
                () => DirectoryFlushes.Observe(b, d => { order.Add(d); return d; }, () => DurableDirectory.Create(c))));

        Assert.True(Directory.Exists(c));
        Assert.Equal([dir.Path, a, b], order);
        Assert.Empty(DirectoryFlushes.Observe(b, d => d, () => DurableDirectory.Create(c)));
    }

    [Fact]
    public void A_hubs_first_key_pair_flushes_its_new_keys_folder_into_the_data_folder()
    {
        using var dir = new TempDir();
        string keys = Path.Combine(dir.Path, "keys");

        var flushes = DirectoryFlushes.Observe(dir.Path, _ => Directory.Exists(keys), () =>
        {
            using var key = KeyFiles.LoadOrCreate(null, keys, 0x00DB1234567890A2, KeyUsage.KeyAgreement, out _, out _);
        });

        Assert.Equal([true], flushes);
    }

    [Fact]
    public void A_meters_first_link_key_flushes_its_new_folder_into_the_data_folder()
    {
        using var dir = new TempDir();
        string devices = Path.Combine(dir.Path, "devices");
        var meter = TestMeters.Esme();
        meter.TcLinkKey = Enumerable.Repeat((byte)0x11, 16).ToArray();

        Assert.Single(DirectoryFlushes.Observe(dir.Path, d => d, () => MeterStateFiles.Save(devices, meter)));
    }
}
