using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Engine.Tests.Support;

/// <summary>CHF command payloads several test classes send.</summary>
public static class ChfCommands
{
    /// <summary>An install code (16 bytes, no CRC).</summary>
    public static readonly byte[] InstallCode = Convert.FromHexString("0123456789ABCDEF0123456789ABCDEF");

    /// <summary>CCS01 for the rig's ESME with <see cref="InstallCode"/>, a 60 s join timeout and joining enabled.</summary>
    public static byte[] Ccs01(ulong counter) =>
        new Ccs01AddDevice { LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(counter), DeviceId = HubRig.Esme, DeviceType = 1, InstallCode = InstallCode, JoinTimeout = 60, EnableJoining = true }.Encode();
}
