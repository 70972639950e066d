using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>The ESME's COSEM objects at manufacture, with the types the COSEM interface classes GBCS uses define.</summary>
public static class EsmeObjectSeed
{
    private const int DataClass = 1;
    private const int RegisterClass = 3;
    private const int ExtendedRegisterClass = 4;
    private const int ClockClass = 8;
    private const int UnitWattHour = 30;
    private const int DateTimeLength = 12;

    /// <summary>A fresh object model: registers at zero in Wh, clocks and capture times unspecified.</summary>
    public static CosemObjectModel New() => new() { ClassDefault = ClassDefault };

    // Register value: double-long-unsigned (GBCS energy registers); scaler_unit: structure {integer, enum}.
    private static DlmsData? ClassDefault(int classId, int attribute) => (classId, attribute) switch
    {
        (RegisterClass or ExtendedRegisterClass, 2) => DlmsData.DoubleLongUnsigned(0),
        (RegisterClass or ExtendedRegisterClass, 3) => DlmsData.Structure([DlmsData.Integer(0), DlmsData.Enum(UnitWattHour)]),
        (ExtendedRegisterClass, 5) or (ClockClass, 2) => UnspecifiedDateTime(),
        (DataClass, 2) => DlmsData.DoubleLongUnsigned(0),
        _ => null,
    };

    // A COSEM date-time with every field "not specified" (0xFF, deviation 0x8000).
    private static DlmsData UnspecifiedDateTime()
    {
        var b = new byte[DateTimeLength];
        Array.Fill(b, (byte)0xFF);
        b[9] = 0x80;
        b[10] = 0x00;
        return DlmsData.OctetString(b);
    }
}
