using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>
/// The device type is one byte of every device-log entry on flash. Hubs in the field hold snapshots written with
/// these numbers, so the bytes are spelled out here rather than derived from the enum under test.
/// </summary>
public class DeviceTypeOnFlashTests
{
    private const int FixedSize = 18;
    private const int EntrySize = 15;
    private const int TypeOffset = 8;

    /// <summary>Wire value byte, the type it must read as.</summary>
    public static TheoryData<byte, DeviceType> Stored => new()
    {
        { 0x00, DeviceType.Gsme },
        { 0x01, DeviceType.Esme },
        { 0x02, DeviceType.Chf },
        { 0x04, DeviceType.Hcalcs },
        { 0x05, DeviceType.Ppmid },
        { 0x06, DeviceType.Type2 },
        { 0xFF, LocalDeviceType.Unknown },
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_stored_type_byte_reads_back_as_the_same_type(byte stored, DeviceType expected)
    {
        var snapshot = OneEntrySnapshot(0x00DB1234567890A0, stored);
        using var aes = new NetAes128();
        var store = new RamBlockStore(LogFixture.SectorSize, 2, 1);
        RecordLog.Mount(store).Append(0x01, snapshot, 0, snapshot.Length);

        var log = ChfDeviceLog.Open(store, aes, new FakeClock(LogFixture.Start), new DeviceLogOptions());

        Assert.Equal(expected, log.Find(0x00DB1234567890A0)!.DeviceType);
        Assert.Equal(snapshot, log.ExportSnapshot()); // and is written back unchanged
    }

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_registered_type_is_written_as_its_wire_byte(byte stored, DeviceType type)
    {
        using var f = new LogFixture();
        if (type == LocalDeviceType.Unknown)
            f.Log.Restore(f.Log.ExtendedPanId, new[] { new BackupEntry(0x77, null!) }); // CCS03 is the only source
        else
            Assert.Equal(DeviceLogResult.Success, f.Log.Register(0x77, type, LogFixture.Code(1)));

        Assert.Equal(stored, f.Log.ExportSnapshot()[FixedSize + TypeOffset]);
    }

    /// <summary>A version-1 snapshot (DeviceLogCodec's layout) holding one pending entry without keys.</summary>
    private static byte[] OneEntrySnapshot(ulong eui, byte type)
    {
        var b = new byte[FixedSize + EntrySize];
        b[0] = 1; // version
        b[8] = 0x00; b[9] = 0xDB; b[10] = 0x12; b[11] = 0x34; b[12] = 0x56; b[13] = 0x78; b[14] = 0x90; b[15] = 0xA2; // ext PAN id
        b[16] = 1; // entry count
        for (int i = 0; i < 8; i++) b[FixedSize + i] = (byte)(eui >> (56 - 8 * i));
        b[FixedSize + TypeOffset] = type;
        return b;
    }
}
