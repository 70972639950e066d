using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Starting values of the ESME's Data (class 1) and GBCS-specific (class 9000) objects whose value type GBCS
/// defines per object rather than per class (GBCS ESME object list: configuration flags, thresholds, identities,
/// descriptions, alert masks). Values are neutral (zero, false, empty); only the type matters to a reader.
/// </summary>
public static class EsmeDataObjectTypes
{
    private const int DataClass = 1;
    private const int GbcsClass = 9000;
    private const int DateTimeLength = 12;
    private const int AlertMaskBits = 256;
    private const int BlockCounterMatrix = 64; // 0-0:94.44.34.2: the tariff block counters, 8 by 8

    /// <summary>The value object <paramref name="obis"/> of class <paramref name="classId"/> holds at manufacture, or null.</summary>
    public static DlmsData? Value(int classId, ulong obis) => classId switch
    {
        DataClass => DataValue(obis),
        GbcsClass => GbcsValue(obis),
        _ => null,
    };

    private static DlmsData? DataValue(ulong obis)
    {
        if (obis == Obis(0, 0, 94, 44, 0, 4) || obis == Obis(0, 0, 94, 44, 7, 255)) return DlmsData.Boolean(false);
        if (InRange(obis, Obis(0, 0, 94, 44, 6, 1), Obis(0, 0, 94, 44, 6, 5))) return DlmsData.Boolean(false);
        if (InRange(obis, Obis(0, 0, 94, 44, 0, 0), Obis(0, 0, 94, 44, 0, 2))) return DlmsData.LongUnsigned(0);
        if (InRange(obis, Obis(0, 0, 94, 44, 0, 11), Obis(0, 0, 94, 44, 0, 15))) return DlmsData.VisibleString("");
        if (InRange(obis, Obis(0, 0, 94, 44, 0, 21), Obis(0, 0, 94, 44, 0, 25))) return DlmsData.OctetString([]);
        if (InRange(obis, Obis(0, 0, 94, 44, 0, 31), Obis(0, 0, 94, 44, 0, 35))) return DlmsData.ByteString(DlmsType.Utf8String, []);
        if (InRange(obis, Obis(0, 0, 94, 44, 5, 0), Obis(0, 0, 94, 44, 5, 2))) return EsmeObjectSeed.UnspecifiedDateTime();
        if (obis == Obis(0, 0, 94, 44, 10, 2)) return DlmsData.BitString(new byte[4], 32);
        // Identities: MPAN/MPxN (1-0:0.0.2, 0-0:94.44.34.11), device id, type, firmware (0-0:96.1.x), 0-0:0.2.1.
        if (obis == Obis(1, 0, 0, 0, 2, 255) || obis == Obis(0, 0, 94, 44, 34, 11) || obis == Obis(0, 0, 0, 2, 1, 255)
            || InRange(obis, Obis(0, 0, 96, 1, 1, 255), Obis(0, 0, 96, 1, 6, 255)))
            return DlmsData.OctetString([]);
        // Power import collection: {value (double-long-unsigned), scaler_unit, capture period (double-long-unsigned)}.
        if (obis == Obis(0, 0, 94, 44, 34, 20))
            return DlmsData.Structure([DlmsData.DoubleLongUnsigned(0), DlmsData.Structure([DlmsData.Integer(0), DlmsData.Enum(0)]), DlmsData.DoubleLongUnsigned(0)]);
        // Register collections read through get_protected_attributes: TOU registers, block counters, prepayment values.
        if (obis == Obis(0, 0, 94, 44, 34, 1)) return DlmsData.Structure([Registers(EsmeProfileTypes.TouRegisters)]);
        if (obis == Obis(0, 0, 94, 44, 34, 2)) return DlmsData.Structure([Registers(BlockCounterMatrix)]);
        if (obis == Obis(0, 0, 94, 44, 34, 30))
            return DlmsData.Structure(Enumerable.Repeat(DlmsData.DoubleLong(0), EsmeProfileTypes.PrepaymentValues).ToArray());
        // Alert filters / behaviour masks (0-30 and 0-33 : 97.98.x): 256-bit strings.
        if (IsAlertMask(obis)) return DlmsData.BitString(new byte[AlertMaskBits / 8], AlertMaskBits);
        return null;
    }

    private static DlmsData Registers(int count) => DlmsData.Array(Enumerable.Repeat(DlmsData.DoubleLongUnsigned(0), count).ToArray());

    private static DlmsData? GbcsValue(ulong obis)
    {
        if (obis == Obis(0, 0, 94, 44, 0, 3) || obis == Obis(0, 0, 94, 44, 2, 0)) return DlmsData.Boolean(false);
        if (obis == Obis(0, 0, 94, 44, 2, 10) || obis == Obis(0, 0, 94, 44, 2, 20)) return DlmsData.DoubleLong(0);
        return null;
    }

    private static bool IsAlertMask(ulong obis)
    {
        int b = (int)(obis >> 32 & 0xFF), c = (int)(obis >> 24 & 0xFF), d = (int)(obis >> 16 & 0xFF);
        return obis >> 40 == 0 && (b == 30 || b == 33) && c == 97 && d == 98;
    }

    private static bool InRange(ulong obis, ulong first, ulong last) => obis >= first && obis <= last;

    private static ulong Obis(uint a, uint b, uint c, uint d, uint e, uint f) =>
        (ulong)a << 40 | (ulong)b << 32 | (ulong)c << 24 | (ulong)d << 16 | (ulong)e << 8 | f;
}
