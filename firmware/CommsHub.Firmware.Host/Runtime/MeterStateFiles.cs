using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// What a simulated meter must remember across restarts, like a real device's NVM: the trust-centre link key of its
/// last join, so that after a hub reboot it can rejoin (the hub accepts only the key its device log recorded).
/// One small file per meter under the hub's data folder, owner-only: it is key material.
/// </summary>
public static class MeterStateFiles
{
    /// <summary>Loads the saved TC link key of each meter that has one.</summary>
    public static void Load(string folder, IEnumerable<VirtualMeter> meters)
    {
        foreach (var meter in meters)
        {
            var path = PathOf(folder, meter.Eui);
            if (!File.Exists(path)) continue;
            var text = File.ReadAllText(path).Trim();
            if (Hex.IsHex(text) && text.Length == 32) meter.TcLinkKey = Hex.Decode(text);
        }
    }

    /// <summary>
    /// Saves <paramref name="meter"/>'s TC link key (<see cref="DurableFile"/>: a crash at any point leaves the old key
    /// or the new one, never an empty or cut-short file; owner-only from its creation).
    /// </summary>
    public static void Save(string folder, VirtualMeter meter)
    {
        if (meter.TcLinkKey is null) return;
        DurableDirectory.Create(folder);
        var path = PathOf(folder, meter.Eui);
        DurableFile.WriteAllText(path, Hex.Encode(meter.TcLinkKey), ownerOnly: true);
    }

    private static string PathOf(string folder, ulong eui) => Path.Combine(folder, Eui64.ToText(eui) + ".tclk");
}
