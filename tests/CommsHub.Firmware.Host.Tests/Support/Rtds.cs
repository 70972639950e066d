using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>RTDS identities, keys and messages the host tests use (read from the shared reference folder).</summary>
public static class Rtds
{
    public const ulong Acb = 0x90B3D51F30000002;
    public const ulong Supplier = 0x90B3D51F30010000;

    /// <summary>RTDS network operator (90B3D51F30020000).</summary>
    public const ulong NetworkOperator = 0x90B3D51F30020000;
    public const ulong Chf = 0x00DB1234567890A2;
    public const ulong Esme = 0x00DB1234567890A0;
    public const ulong Gsme = 0x00DB1234567890A1;
    public const ulong Gpf = 0x00DB1234567890A3;

    private static readonly Lazy<DirectoryKeyStore> KeyStore = new(() => new DirectoryKeyStore(KeystorePath));

    public static string KeystorePath => SharedData.PathOf("vectors/gbcs/rtds-keystore");

    public static DirectoryKeyStore Keys => KeyStore.Value;

    public static byte[] Message(string relative) =>
        Hex.Decode(File.ReadAllText(SharedData.PathOf("vectors/gbcs/rtds-4.5.0/" + relative)).Trim());

    public static IGbcsPrivateKey Private(ulong eui, KeyUsage usage) => Keys.GetPrivateKey(eui, usage, false)!;

    public static byte[] Public(ulong eui, KeyUsage usage) => Keys.GetPublicKey(eui, usage, false)!;

    public static byte[] Ecs52Command => Message("11.2_ECS52/ECS52_11.2_SUCCESS_COMMAND_GBCS.HEX");
    public static byte[] Ecs52Response => Message("11.2_ECS52/ECS52_11.2_SUCCESS_RESPONSE_GBCS.HEX");
    public static byte[] Ccs01Command => Message("8.11_CCS01/CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX");
}
