using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A virtual in-home display (a GBCS type 2 device): it joins and sits on the HAN. Type 2 devices take no remote
/// party commands, so every authenticated command gets the ECS100 "not supported" alert.
/// </summary>
public sealed class VirtualIhd : VirtualMeter
{
    /// <summary>An IHD with the given identity and keys.</summary>
    public VirtualIhd(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, DeviceType.Type2, installCode, keys, crypto)
    {
    }

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command) => null;
}
