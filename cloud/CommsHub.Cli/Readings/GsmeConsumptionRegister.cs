using System.Globalization;

namespace CommsHub.Cli.Readings;

/// <summary>
/// The decrypted GCS13a answer: ZCL Metering attributes Current Summation Delivered (0x0000), Unit of Measure (0x0300),
/// Multiplier (0x0301) and Divisor (0x0302), in any order. The register in its unit is summation x multiplier / divisor
/// (ZCL Metering cluster), after BCD decoding when the unit says so.
/// </summary>
internal static class GsmeConsumptionRegister
{
    private const string UseCase = "GCS13a";
    private const int MeteringCluster = 0x0702;
    private const int CurrentSummationDelivered = 0x0000;
    private const int UnitOfMeasure = 0x0300;
    private const int Multiplier = 0x0301;
    private const int Divisor = 0x0302;

    /// <summary>"consumption 12.345 m3".</summary>
    /// <param name="clusterId">The cluster of the encrypted component.</param>
    /// <param name="zclCommandId">Its ZCL command id.</param>
    /// <param name="plaintext">The decrypted ZCL payload.</param>
    /// <exception cref="ReadingException">not a Metering Read Attributes Response, or an attribute is missing or failed.</exception>
    public static string Describe(int clusterId, int zclCommandId, byte[] plaintext)
    {
        if (clusterId != MeteringCluster || zclCommandId != ZclReadAttributesResponse.CommandId)
            throw new ReadingException($"{UseCase}: expected a Metering (0x0702) Read Attributes Response, found cluster 0x{clusterId:X4} command 0x{zclCommandId:X2}");
        var records = ZclReadAttributesResponse.Parse(plaintext, UseCase);
        int unit = (int)Read(records, UnitOfMeasure, "Unit of Measure");
        ulong register = Read(records, CurrentSummationDelivered, "Current Summation Delivered");
        ulong multiplier = Read(records, Multiplier, "Multiplier");
        ulong divisor = Read(records, Divisor, "Divisor");
        if (divisor == 0) throw new ReadingException($"{UseCase}: the meter's Divisor is 0");
        if (MeteringUnits.IsBcd(unit)) register = MeteringUnits.FromBcd(register, UseCase);
        // decimal is exact for a 48-bit register times a 24-bit multiplier, and divides without binary rounding.
        var value = (decimal)register * multiplier / divisor;
        return $"consumption {value.ToString("0.############################", CultureInfo.InvariantCulture)} {MeteringUnits.Name(unit)}";
    }

    private static ulong Read(IReadOnlyList<ZclAttributeRecord> records, int id, string name)
    {
        var record = records.FirstOrDefault(r => r.Id == id)
            ?? throw new ReadingException($"{UseCase}: the meter did not return {name} (0x{id:X4})");
        if (!record.IsSuccess)
            throw new ReadingException($"{UseCase}: the meter could not read {name} (0x{id:X4}): status 0x{record.Status:X2}{StatusName(record.Status)}");
        return record.Value;
    }

    private static string StatusName(int status) => status switch
    {
        0x86 => " (unsupported attribute)",
        0xC0 => " (hardware failure)",
        0xC1 => " (software failure)",
        _ => "",
    };
}
