namespace CommsHub.Cli.Readings;

/// <summary>
/// The ZCL Metering cluster's UnitofMeasure attribute (0x0300): values 0x00-0x0C name the unit with the register in
/// pure binary; the same units with the top bit set (0x80-0x8C) say the register is in BCD.
/// </summary>
internal static class MeteringUnits
{
    private const int BcdFlag = 0x80;

    // Index = the unit's value in binary form.
    private static readonly string[] Names =
        ["kWh", "m3", "ft3", "ccf", "US gal", "imp gal", "BTU", "l", "kPa (gauge)", "kPa (absolute)", "mcf", "unitless", "MJ"];

    /// <summary>True when the unit says the register is binary-coded decimal.</summary>
    public static bool IsBcd(int unitOfMeasure) => (unitOfMeasure & BcdFlag) != 0;

    /// <summary>The unit's short name, or "unit 0xNN" for a value the cluster does not define.</summary>
    public static string Name(int unitOfMeasure)
    {
        int unit = unitOfMeasure & ~BcdFlag;
        return unit < Names.Length ? Names[unit] : $"unit 0x{unitOfMeasure:X2}";
    }

    /// <summary>The number a BCD register holds (two decimal digits a byte, most significant nibble first in the value).</summary>
    /// <exception cref="ReadingException">a nibble above 9.</exception>
    public static ulong FromBcd(ulong register, string useCase)
    {
        ulong number = 0, scale = 1;
        for (var rest = register; rest != 0; rest >>= 4, scale *= 10)
        {
            var digit = rest & 0xF;
            if (digit > 9) throw new ReadingException($"{useCase}: register 0x{register:X} is not BCD, as its unit of measure says");
            number += digit * scale;
        }
        return number;
    }
}
