using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Cli;

/// <summary>Kinds of simulated device <c>--meters</c> can attach.</summary>
public enum MeterKind
{
    /// <summary>Electricity meter.</summary>
    Esme,
    /// <summary>Gas meter (sleepy, polls the mailbox).</summary>
    Gsme,
    /// <summary>In-home display (type 2 device).</summary>
    Ihd,
}

/// <summary>
/// One <c>--meters</c> entry: <c>kind:EUI[:installcode-hex]</c>, e.g. <c>esme:00DB1234567890A0:30313233343536373839414243444546</c>.
/// Without an install code the RTDS one is used (ASCII "0123456789ABCDEF", as the RTDS CCS01 registers it).
/// </summary>
public sealed record MeterSpec(MeterKind Kind, ulong Eui, byte[] InstallCode)
{
    /// <summary>The install code the RTDS CCS01 carries for the ESME.</summary>
    public static readonly byte[] RtdsInstallCode = Hex.Decode("30313233343536373839414243444546");

    /// <summary>The default devices: the RTDS ESME (with its RTDS KA key when the keystore has it) and GSME.</summary>
    public static IReadOnlyList<MeterSpec> Defaults { get; } =
    [
        new(MeterKind.Esme, 0x00DB1234567890A0, RtdsInstallCode),
        new(MeterKind.Gsme, 0x00DB1234567890A1, RtdsInstallCode),
    ];

    /// <summary>Parses one entry.</summary>
    /// <exception cref="FormatException">not <c>kind:EUI[:hex]</c>, an unknown kind, or a bad EUI or install code.</exception>
    public static MeterSpec Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3) throw new FormatException($"meter '{text}': expected kind:EUI[:installcode-hex]");
        if (!Enum.TryParse<MeterKind>(parts[0], ignoreCase: true, out var kind))
            throw new FormatException($"meter '{text}': kind must be esme, gsme or ihd");
        ulong eui = HostOptionParsers.ParseEui(parts[1]);
        byte[] code = RtdsInstallCode;
        if (parts.Length == 3)
        {
            if (!Hex.IsHex(parts[2]) || parts[2].Length % 2 != 0) throw new FormatException($"meter '{text}': install code must be hex");
            code = Hex.Decode(parts[2]);
            if (code.Length is not (6 or 8 or 10 or 12 or 14 or 16 or 18))
                throw new FormatException($"meter '{text}': install code must be 6, 8, 12 or 16 bytes (optionally with its CRC)");
        }
        return new MeterSpec(kind, eui, code);
    }

    /// <summary>This device as attached to the <paramref name="hubIndex"/>-th hub: EUIs are offset by index x 0x100 so every hub's devices differ.</summary>
    public MeterSpec ForHub(int hubIndex) => this with { Eui = Eui + (ulong)hubIndex * 0x100 };
}
