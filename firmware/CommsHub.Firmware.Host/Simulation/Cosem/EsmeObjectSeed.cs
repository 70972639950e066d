using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>The ESME's COSEM objects at manufacture, with the types the COSEM interface classes GBCS uses define.</summary>
public static class EsmeObjectSeed
{
    private const int DataClass = 1;
    private const int RegisterClass = 3;
    private const int ExtendedRegisterClass = 4;
    private const int ProfileGenericClass = 7;
    private const int ClockClass = 8;
    private const int DisconnectControlClass = 70;
    private const int LimiterClass = 71;
    private const int AccountClass = 111;
    private const int CreditClass = 112;
    private const int ChargeClass = 113;
    private const int UnitWattHour = 30;
    private const int DateTimeLength = 12;

    /// <summary>A fresh object model: registers at zero in Wh, clocks and capture times unspecified.</summary>
    public static CosemObjectModel New() => new() { ClassDefault = Default, ReadFallback = Likely };

    // A Data object GBCS types per object but this seed does not list: most hold a double-long-unsigned value.
    private static DlmsData? Likely(int classId, ulong obis, int attribute) =>
        classId == DataClass && attribute == 2 ? DlmsData.DoubleLongUnsigned(0) : null;

    /// <summary>A COSEM date-time with every field "not specified" (0xFF, deviation 0x8000).</summary>
    public static DlmsData UnspecifiedDateTime()
    {
        var b = new byte[DateTimeLength];
        Array.Fill(b, (byte)0xFF);
        b[9] = 0x80;
        b[10] = 0x00;
        return DlmsData.OctetString(b);
    }

    // The object's own GBCS type first (Data objects vary per OBIS), else what its interface class defines.
    private static DlmsData? Default(int classId, ulong obis, int attribute) =>
        ObjectDefault(classId, obis, attribute) ?? ClassDefault(classId, attribute);

    private static DlmsData? ObjectDefault(int classId, ulong obis, int attribute) => (classId, attribute) switch
    {
        (ProfileGenericClass, 2) => EsmeProfileTypes.EmptyBuffer(obis),
        (_, 2) => EsmeDataObjectTypes.Value(classId, obis) ?? EsmeConfigurationTypes.Value(classId, obis, attribute),
        _ => EsmeConfigurationTypes.Value(classId, obis, attribute),
    };

    // Register value: double-long-unsigned (GBCS energy registers); scaler_unit: structure {integer, enum}.
    // Profile buffers start empty (GBCS returns them as compact-arrays); capture periods, limiter thresholds and
    // charge periods are double-long-unsigned; credit and account amounts are signed (double-long).
    private static DlmsData? ClassDefault(int classId, int attribute) => (classId, attribute) switch
    {
        (RegisterClass or ExtendedRegisterClass, 2) => DlmsData.DoubleLongUnsigned(0),
        (RegisterClass or ExtendedRegisterClass, 3) => DlmsData.Structure([DlmsData.Integer(0), DlmsData.Enum(UnitWattHour)]),
        (ExtendedRegisterClass, 5) or (ClockClass, 2) => UnspecifiedDateTime(),
        (ProfileGenericClass, 2) => DlmsData.CompactArray(new DlmsTypeDescription(DlmsType.DoubleLongUnsigned), []),
        (ProfileGenericClass, 4) or (LimiterClass, 4 or 6 or 7) or (ChargeClass, 8) => DlmsData.DoubleLongUnsigned(0),
        (ClockClass, 4) => DlmsData.Unsigned(0),
        (DisconnectControlClass, 2) => DlmsData.Boolean(false),
        (DisconnectControlClass, 3) => DlmsData.Enum(0),
        (CreditClass, 2 or 9 or 10) or (AccountClass, 16 or 19) => DlmsData.DoubleLong(0),
        (AccountClass, 18) or (ChargeClass, 13) => DlmsData.LongUnsigned(0),
        (AccountClass, 2) => DlmsData.Structure([DlmsData.Enum(0), DlmsData.Enum(0)]), // account mode, account status
        _ => null,
    };
}
