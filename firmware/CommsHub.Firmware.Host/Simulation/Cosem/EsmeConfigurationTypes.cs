using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// The ESME's tariff and calendar configuration at commissioning, in the types GBCS gives each object: activity
/// calendars (one season, one week, one day profile switching to rate 1 at midnight), special days tables
/// (Christmas Day every year), schedules (one disabled entry), the single action schedule's execution times, price
/// matrices and charges (zero prices, indexed as GBCS indexes them), register monitor thresholds and the account's
/// credit-charge configuration. Tables hold one entry so that a read shows the entry type; a rig replaces them.
/// </summary>
public static class EsmeConfigurationTypes
{
    private const int ScheduleClass = 10;
    private const int SpecialDaysClass = 11;
    private const int ActivityCalendarClass = 20;
    private const int RegisterMonitorClass = 21;
    private const int SingleActionScheduleClass = 22;
    private const int AccountClass = 111;
    private const int ChargeClass = 113;
    private const int RegisterClass = 3;
    private const int NoWeekdays = 7;
    private const int SpecialDayBits = 4;
    private const int CollectionBits = 3;
    private const int BlockThresholds = 3;
    private const int SecondaryTouRates = 4;
    private const ulong TariffScript = 0x00000A0064FFUL; // 0-0:10.0.100.255 tariffication script table

    /// <summary>The commissioned value of (class, OBIS, attribute), or null when this table does not define it.</summary>
    public static DlmsData? Value(int classId, ulong obis, int attribute) => (classId, attribute) switch
    {
        (ActivityCalendarClass, 2 or 6) => DlmsData.OctetString([0x01]), // calendar name
        (ActivityCalendarClass, 3 or 7) => DlmsData.Array([DlmsData.Structure([Name, NotSpecifiedDateTime(), Name])]),
        (ActivityCalendarClass, 4 or 8) => DlmsData.Array([DlmsData.Structure([Name, .. Enumerable.Repeat(DlmsData.Unsigned(1), NoWeekdays)])]),
        (ActivityCalendarClass, 5 or 9) => DlmsData.Array([DlmsData.Structure([DlmsData.Unsigned(1), DlmsData.Array([
            DlmsData.Structure([Midnight(), DlmsData.OctetString(Obis.ToBytes(TariffScript)), DlmsData.LongUnsigned(1)])])])]),
        (ActivityCalendarClass, 10) => NotSpecifiedDateTime(),
        (SpecialDaysClass, 2) => DlmsData.Array([DlmsData.Structure([DlmsData.LongUnsigned(1), ChristmasEveryYear(), DlmsData.Unsigned(1)])]),
        (ScheduleClass, 2) => DlmsData.Array([DisabledScheduleEntry()]),
        (SingleActionScheduleClass, 4) => DlmsData.Array([DlmsData.Structure([Midnight(), FirstOfEveryMonth()])]),
        (RegisterMonitorClass, 2) => Thresholds(obis),
        (ChargeClass, 5 or 6) => UnitCharge(obis),
        (AccountClass, 11) => CreditChargeConfiguration(),
        _ => null,
    };

    private static DlmsData Name => DlmsData.OctetString([0x01]);

    // Register monitors: supply thresholds (voltage, 0-0:16.0.0) are unsigned, the low credit threshold (0-0:16.0.1)
    // signed, and the block tariff thresholds of each of the 8 TOU rates (0-0:16.0.11..18, passive 0-0:16.1.11..18)
    // are three unsigned values (four blocks).
    private static DlmsData? Thresholds(ulong obis)
    {
        if (obis == 0x0000100000FFUL) return DlmsData.Array([DlmsData.DoubleLongUnsigned(0), DlmsData.DoubleLongUnsigned(0)]);
        if (obis == 0x0000100001FFUL) return DlmsData.Array([DlmsData.DoubleLong(0)]);
        int b = (int)(obis >> 32 & 0xFF), c = (int)(obis >> 24 & 0xFF), d = (int)(obis >> 16 & 0xFF), e = (int)(obis >> 8 & 0xFF);
        if (obis >> 40 == 0 && b == 0 && c == 16 && d <= 1 && e >= 11 && e <= 18)
            return DlmsData.Array(Enumerable.Repeat(DlmsData.DoubleLongUnsigned(0), BlockThresholds).ToArray());
        return null;
    }

    // unit_charge: {charge_per_unit_scaling {commodity scale, price scale}, commodity reference {class, LN, attribute},
    // charge_table [{index, charge_per_unit}]}. The TOU/block price matrix (0-0:19.20.0) prices the import register's
    // 48 TOU rates (index 01 01..01 30) and 4 blocks of 8 (01 A1..01 D8); the secondary element's (0-0:19.20.5) its 4
    // TOU rates; standing charge and debt recovery rates (0-0:19.20.1/2/4) are one price with no commodity.
    private static DlmsData? UnitCharge(ulong obis) => obis switch
    {
        0x0000131400FFUL => Charge(0x0100010800FFUL, [.. Indexes(0x0101, EsmeProfileTypes.TouRegisters), .. BlockIndexes()]),
        0x0000131405FFUL => Charge(0x0114010800FFUL, Indexes(0x0101, SecondaryTouRates)),
        0x0000131401FFUL or 0x0000131402FFUL or 0x0000131404FFUL => Charge(0, [[0x00]]),
        _ => null,
    };

    private static DlmsData Charge(ulong commodity, byte[][] indexes) => DlmsData.Structure(
    [
        DlmsData.Structure([DlmsData.Integer(0), DlmsData.Integer(0)]),
        DlmsData.Structure([DlmsData.LongUnsigned(commodity == 0 ? 0 : RegisterClass), DlmsData.OctetString(Obis.ToBytes(commodity)), DlmsData.Integer(commodity == 0 ? 0 : 2)]),
        DlmsData.Array(indexes.Select(i => DlmsData.Structure([DlmsData.OctetString(i), DlmsData.Long(0)])).ToArray()),
    ]);

    private static byte[][] Indexes(int first, int count) =>
        Enumerable.Range(first, count).Select(i => new[] { (byte)(i >> 8), (byte)i }).ToArray();

    private static byte[][] BlockIndexes() =>
        Enumerable.Range(0, EsmeProfileTypes.BlockArrays)
            .SelectMany(block => Indexes(0x01A1 + block * 0x10, EsmeProfileTypes.BlockRegisters)).ToArray();

    // {credit reference, charge reference, collection configuration}: meter balance and emergency credit each pay
    // the price matrix, the standing charge and the debts.
    private static DlmsData CreditChargeConfiguration()
    {
        ulong[] credits = [0x0000130A00FFUL, 0x0000130A01FFUL];
        ulong[] charges = [0x0000131400FFUL, 0x0000131404FFUL, 0x0000131401FFUL, 0x0000131402FFUL, 0x0000131403FFUL];
        return DlmsData.Array(credits.SelectMany(credit => charges.Select(charge => DlmsData.Structure(
        [
            DlmsData.OctetString(Obis.ToBytes(credit)), DlmsData.OctetString(Obis.ToBytes(charge)), DlmsData.BitString([0xE0], CollectionBits),
        ]))).ToArray());
    }

    // {index, enable, script LN, script selector, switch time, validity window, exec weekdays, exec special days,
    // begin date, end date}: disabled, every day, no special days, unbounded dates.
    private static DlmsData DisabledScheduleEntry() => DlmsData.Structure(
    [
        DlmsData.LongUnsigned(1), DlmsData.Boolean(false), DlmsData.OctetString(Obis.ToBytes(TariffScript)), DlmsData.LongUnsigned(1),
        Midnight(), DlmsData.LongUnsigned(0xFFFF), DlmsData.BitString([0xFE], NoWeekdays), DlmsData.BitString([0x00], SpecialDayBits),
        EveryDay(), EveryDay(),
    ]);

    private static DlmsData Midnight() => DlmsData.OctetString([0, 0, 0, 0]);

    private static DlmsData ChristmasEveryYear() => DlmsData.OctetString([0xFF, 0xFF, 12, 25, 0xFF]);

    private static DlmsData FirstOfEveryMonth() => DlmsData.OctetString([0xFF, 0xFF, 0xFF, 1, 0xFF]);

    private static DlmsData EveryDay() => DlmsData.OctetString([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

    private static DlmsData NotSpecifiedDateTime() => EsmeObjectSeed.UnspecifiedDateTime();
}
