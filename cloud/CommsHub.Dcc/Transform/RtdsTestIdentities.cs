using CommsHub.Dcc.Access;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The DCC Boxed / RTDS 4.5.0 test identities, for conformance runs and the CLI when no inventory is given
/// (../shared/vectors/gbcs/README.md, "Device / party identities"; the device types are inferred there from usage).
/// Never production data.
/// </summary>
public static class RtdsTestIdentities
{
    /// <summary>The DCC Access Control Broker of DCC Boxed / RTDS.</summary>
    public const ulong AccessControlBroker = 0x90B3D51F30000002UL;
    /// <summary>ESME.</summary>
    public const ulong Esme = 0x00DB1234567890A0UL;
    /// <summary>GSME.</summary>
    public const ulong Gsme = 0x00DB1234567890A1UL;
    /// <summary>Comms Hub Function.</summary>
    public const ulong Chf = 0x00DB1234567890A2UL;
    /// <summary>Gas Proxy Function.</summary>
    public const ulong Gpf = 0x00DB1234567890A3UL;
    /// <summary>PPMID.</summary>
    public const ulong Ppmid = 0x00DB1234567890A4UL;
    /// <summary>HCALCS.</summary>
    public const ulong Hcalcs = 0x00DB1234567890A5UL;
    /// <summary>The old CHF whose device log RTDS's CCS03 restores (template CCS03_8.12.1 OldCHFID).</summary>
    public const ulong OldChf = 0x00DB123456789095UL;
    /// <summary>The old GPF whose device log RTDS's GCS59 restores (template GCS59_8.12.2 OldGPFID).</summary>
    public const ulong OldGpf = 0x00DB1234567890B3UL;
    /// <summary>The DCC's Transitional Change of Supplier party (originator of RTDS's 6.23 CS02b commands).</summary>
    public const ulong TransitionalCoS = 0x90B3D51F30000004UL;
    /// <summary>Network operator (ED/GT) of DCC Boxed.</summary>
    public const ulong NetworkOperator = 0x90B3D51F30020000UL;

    /// <summary>
    /// An inventory with the RTDS devices and the DCC's record of <see cref="OldChf"/>'s device log: extended PAN id
    /// 0x0140 and the ESME and GSME with the hashed TC link keys that RTDS's CCS03 command carries (the DUIS request
    /// only names the old CHF; the DCC supplies the rest from its records); and of <see cref="OldGpf"/>'s device log: the
    /// PPMID 00-11-22-33-44-55-66-77 and the type 2 device 88-99-AA-BB-CC-DD-EE-FF that RTDS's GCS59 command carries.
    /// </summary>
    public static StaticDeviceInventory CreateInventory()
    {
        var inventory = new StaticDeviceInventory()
            .AddDevice(Esme, DeviceType.Esme)
            .AddDevice(Gsme, DeviceType.Gsme)
            .AddDevice(Chf, DeviceType.Chf)
            .AddDevice(Gpf, DeviceType.Gpf)
            .AddDevice(Ppmid, DeviceType.Ppmid)
            .AddDevice(Hcalcs, DeviceType.Hcalcs)
            .AddDevice(OldChf, DeviceType.Chf)
            .AddDevice(OldGpf, DeviceType.Gpf);
        inventory.AddDeviceLog(OldChf, new ChfDeviceLogRecord(0x0140, new[]
        {
            new ChfDeviceLogEntry(Esme, Convert.FromHexString("83FED3407A939723A5C639B26916D506")),
            new ChfDeviceLogEntry(Gsme, Convert.FromHexString("83FED3407A939723A5C639B26916D505")),
        }));
        inventory.AddGpfDeviceLog(OldGpf, new[]
        {
            new GpfDeviceLogEntry(0x0011223344556677UL, DeviceType.Ppmid),
            new GpfDeviceLogEntry(0x8899AABBCCDDEEFFUL, DeviceType.Type2),
        });
        return inventory;
    }

    /// <summary>The DUIS role a DCC Boxed test user acts in: the network operator as ED, everyone else as import supplier.</summary>
    public static UserRole RoleOf(ulong user) =>
        user == NetworkOperator ? UserRole.ElectricityDistributor : UserRole.ImportSupplier;
}
