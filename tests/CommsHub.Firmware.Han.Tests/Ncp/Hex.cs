namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>Spaced or unspaced hex for readable byte vectors.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static string Format(byte[] bytes) => Convert.ToHexString(bytes);

    public static string Format(byte[] bytes, int offset, int count) => Convert.ToHexString(bytes, offset, count);
}
