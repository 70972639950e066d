using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Virtual meters holding RTDS keys where RTDS publishes them (the ESME's KA key), fresh ones otherwise.</summary>
public static class TestMeters
{
    public static MeterKeys Keys(ulong eui) => new(
        Rtds.Keys.GetPrivateKey(eui, KeyUsage.KeyAgreement, false) ?? NetPrivateKey.Generate(),
        NetPrivateKey.Generate(), Rtds.Keys, Rtds.Acb, new Dictionary<int, ulong> { [2] = Rtds.Supplier, [3] = Rtds.NetworkOperator });

    public static VirtualEsme Esme() => new(Rtds.Esme, MeterSpec.RtdsInstallCode, Keys(Rtds.Esme), new NetGbcsCrypto());

    public static VirtualGsme Gsme() => new(Rtds.Gsme, MeterSpec.RtdsInstallCode, Keys(Rtds.Gsme), new NetGbcsCrypto());

    public static VirtualGpf Gpf() => new(Rtds.Gpf, MeterSpec.RtdsInstallCode, Keys(Rtds.Gpf), new NetGbcsCrypto());

    /// <summary>A fresh virtual device for RTDS target <paramref name="eui"/> (ESME, GSME or GPF).</summary>
    public static VirtualMeter For(ulong eui) => eui switch
    {
        Rtds.Esme => Esme(),
        Rtds.Gsme => Gsme(),
        Rtds.Gpf => Gpf(),
        _ => throw new ArgumentException($"no virtual device for {eui:X16}"),
    };
}
