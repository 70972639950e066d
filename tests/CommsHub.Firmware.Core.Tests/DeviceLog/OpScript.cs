using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>What a scripted operation does.</summary>
public enum OpKind { Register, Unregister, UnregisterAll, Restore, SetJoinTimeout, SetJoining, Joined, Left, Communication }

/// <summary>
/// One scripted device-log operation with everything it needs (including the clock reading), so it can be
/// replayed from a checkpoint and give exactly the same result.
/// </summary>
public sealed record Op(OpKind Kind, DateTime At, ulong Eui, DeviceType Type, byte[]? Bytes, int Number, BackupEntry[]? Restore)
{
    public DeviceLogResult Apply(ChfDeviceLog log, FakeClock clock)
    {
        clock.UtcNow = At;
        return Kind switch
        {
            OpKind.Register => log.Register(Eui, Type, Bytes!),
            OpKind.Unregister => log.Unregister(Eui),
            OpKind.UnregisterAll => log.UnregisterAll(),
            OpKind.Restore => log.Restore(Eui, Restore!),
            OpKind.SetJoinTimeout => log.SetJoinTimeout(Number),
            OpKind.SetJoining => log.SetJoiningEnabled(Number != 0),
            OpKind.Joined => log.DeviceJoined(Eui, Bytes!),
            OpKind.Left => log.DeviceLeft(Eui),
            _ => log.RecordCommunication(Eui),
        };
    }

    /// <summary>
    /// The next operation of a seeded, mixed script. It looks at the live log so that most operations change
    /// something (join/leave/communication/unregister mostly target devices in the log), while every rule still
    /// gets exercised: duplicates, GPF/HHT, invalid codes, full log, historic overwrite, restores, no-op repeats.
    /// </summary>
    public static Op Next(Random rng, ChfDeviceLog log, DateTime t)
    {
        ulong inLog = log.Count > 0 && rng.Next(10) < 9 ? log.GetEntry(rng.Next(log.Count)).Eui : Pool[rng.Next(Pool.Length)];
        ulong any = Pool[rng.Next(Pool.Length)];
        int roll = rng.Next(100);
        return roll switch
        {
            < 24 => new Op(OpKind.Register, t, rng.Next(6) == 0 ? inLog : any, PickType(rng), Code(rng), 0, null),
            < 34 => new Op(OpKind.Unregister, t, inLog, 0, null, 0, null),
            < 36 => new Op(OpKind.UnregisterAll, t, 0, 0, null, 0, null),
            < 38 => new Op(OpKind.Restore, t, (ulong)rng.NextInt64(), 0, null, 0, RestoreSet(rng)),
            < 42 => new Op(OpKind.SetJoinTimeout, t, 0, 0, null, rng.Next(0, 600), null),
            < 48 => new Op(OpKind.SetJoining, t, 0, 0, null, rng.Next(2), null),
            < 64 => new Op(OpKind.Joined, t, inLog, 0, Key(rng), 0, null),
            < 70 => new Op(OpKind.Left, t, inLog, 0, null, 0, null),
            _ => new Op(OpKind.Communication, t, inLog, 0, null, 0, null),
        };
    }

    private static readonly ulong[] Pool = Enumerable.Range(0, 24).Select(i => 0x00DB123456780000UL + (ulong)i * 0x11).ToArray();

    private static DeviceType PickType(Random rng)
    {
        int r = rng.Next(20);
        return r == 0 ? DeviceType.Gpf : r == 1 ? LocalDeviceType.Hht : (DeviceType)new[] { 0, 1, 4, 5, 6 }[rng.Next(5)];
    }

    private static byte[] Code(Random rng)
    {
        // Mostly bare 16-byte codes (as GBCS sends them), some with CRC, a few invalid.
        int r = rng.Next(20);
        var b = new byte[r == 0 ? 5 : 16];
        rng.NextBytes(b);
        return r == 1 ? CommsHub.Firmware.Core.Crypto.InstallCode.WithCrc(b)! : b;
    }

    private static byte[] Key(Random rng)
    {
        var b = new byte[16];
        rng.NextBytes(b);
        return b;
    }

    private static BackupEntry[] RestoreSet(Random rng)
    {
        int n = rng.Next(0, 18); // sometimes more than the capacity: refused
        return Pool.OrderBy(_ => rng.Next()).Take(n).Select(e => new BackupEntry(e, rng.Next(3) == 0 ? null! : Key(rng))).ToArray();
    }
}
