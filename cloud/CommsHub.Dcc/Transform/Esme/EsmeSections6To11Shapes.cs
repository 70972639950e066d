using System.Xml;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>A COSEM attribute or method: interface class, OBIS instance and attribute/method id.</summary>
/// <param name="ClassId">COSEM interface class (1 Data, 3 Register, 7 Profile Generic, 9 Script Table, ...).</param>
/// <param name="Instance">OBIS code as a 48-bit number.</param>
/// <param name="Id">Attribute id (get/set) or method id (action).</param>
internal readonly record struct Cosem(int ClassId, ulong Instance, int Id)
{
    /// <summary>The object named by its OBIS text, e.g. <c>Cosem.Of(1, "0-0:94.44.0.1", 2)</c>.</summary>
    public static Cosem Of(int classId, string obis, int id) => new(classId, Obis.Parse(obis), id);

    /// <summary>The value (attribute 2) of a Data (class 1) object.</summary>
    public static Cosem Data(string obis) => Of(CosemClass.Data, obis, 2);
}

/// <summary>The COSEM interface classes the ESME configuration use cases address.</summary>
internal static class CosemClass
{
    public const int Data = 1;
    public const int Register = 3;
    public const int ExtendedRegister = 4;
    public const int ProfileGeneric = 7;
    public const int Clock = 8;
    public const int ScriptTable = 9;
    public const int Schedule = 10;
    public const int SpecialDaysTable = 11;
    public const int RegisterMonitor = 21;
    public const int SingleActionSchedule = 22;
    public const int DisconnectControl = 70;
    public const int Limiter = 71;
    public const int Account = 111;
    /// <summary>GBCS's own extended data class (value, passive value, activation time).</summary>
    public const int GbcsExtendedData = 9000;
}

/// <summary>
/// The list of access-request-specifications and their data that one DLMS ACCESS.request carries, built in order
/// (GBCS's use-case tables fix the order).
/// </summary>
internal sealed class DlmsAccessList
{
    private readonly List<AccessRequestSpec> _specs = new();
    private readonly List<DlmsData> _data = new();

    /// <summary>A get of every attribute in <paramref name="attributes"/>, in order.</summary>
    public static DlmsAccessList Reads(IEnumerable<Cosem> attributes)
    {
        var list = new DlmsAccessList();
        foreach (var a in attributes) list.Get(a);
        return list;
    }

    /// <summary>Adds a get (null data).</summary>
    public DlmsAccessList Get(Cosem attribute) => Add(new AccessRequestSpec(AccessKind.Get, attribute.ClassId, attribute.Instance, attribute.Id), DlmsData.Null());

    /// <summary>
    /// Adds a get of a profile's buffer restricted to <paramref name="period"/> (range descriptor over the restricting
    /// object 0-0:94.44.100.255, as GBCS log reads use).
    /// </summary>
    public DlmsAccessList GetRange(Cosem buffer, LogPeriod period)
    {
        var range = new RangeDescriptor
        {
            RestrictingClassId = CosemClass.Data,
            RestrictingInstance = Obis.LogRangeRestrictingObject,
            RestrictingAttribute = 2,
            RestrictingDataIndex = 0,
            From = DlmsData.DoubleLongUnsigned(period.StartSeconds),
            To = DlmsData.DoubleLongUnsigned(period.EndSeconds),
        };
        return Add(new AccessRequestSpec(buffer.ClassId, buffer.Instance, buffer.Id, RangeDescriptor.Selector, range.ToData()), DlmsData.Null());
    }

    /// <summary>Adds a set of <paramref name="attribute"/> to <paramref name="value"/>.</summary>
    public DlmsAccessList Set(Cosem attribute, DlmsData value) =>
        Add(new AccessRequestSpec(AccessKind.Set, attribute.ClassId, attribute.Instance, attribute.Id), value);

    /// <summary>Adds an action (method invocation) with <paramref name="parameter"/>.</summary>
    public DlmsAccessList Action(Cosem method, DlmsData parameter) =>
        Add(new AccessRequestSpec(AccessKind.Action, method.ClassId, method.Instance, method.Id), parameter);

    /// <summary>The number of access requests so far.</summary>
    public int Count => _specs.Count;

    /// <summary>The ACCESS.request payload with <paramref name="invokeId"/>.</summary>
    public byte[] Encode(uint invokeId) => new AccessRequest(invokeId, _specs.ToArray(), _data.ToArray()).Encode();

    private DlmsAccessList Add(AccessRequestSpec spec, DlmsData data)
    {
        _specs.Add(spec);
        _data.Add(data);
        return this;
    }
}

/// <summary>DUIS body values as the DLMS data GBCS puts in ESME commands.</summary>
internal static class EsmeDlmsValues
{
    /// <summary>DUIS's "cancel a future-dated command" execution time (as CS06 uses it).</summary>
    public static readonly DateTimeOffset Cancellation = new(3000, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A COSEM date-time as GBCS commands carry it: UTC fields, day of week, deviation and clock status not specified
    /// (<c>FF</c>, <c>8000</c>, <c>FF</c>).
    /// </summary>
    public static DlmsData DateTime(DateTimeOffset utc)
    {
        var t = utc.UtcDateTime;
        return new DlmsDateTime
        {
            Year = t.Year, Month = t.Month, Day = t.Day, DayOfWeek = 0xFF,
            Hour = t.Hour, Minute = t.Minute, Second = t.Second, Hundredths = t.Millisecond / 10,
            Deviation = DlmsDateTime.DeviationNotSpecified, ClockStatus = 0xFF,
        }.ToData();
    }

    /// <summary>The date-time of every field <c>00</c> but the unspecified deviation and status: execute now.</summary>
    public static DlmsData Now() => DlmsData.OctetString(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0xFF });

    /// <summary>The date-time of every field unspecified (<c>FF</c>): never (cancels a pending activation).</summary>
    public static DlmsData Never() => DlmsData.OctetString(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0xFF });

    /// <summary>
    /// The activation time of a future-datable command from its optional sr:ExecutionDateTime: absent = now, DUIS's
    /// 3000-12-31 = never (cancellation), otherwise the time.
    /// </summary>
    public static DlmsData ExecutionTime(XmlElement body)
    {
        if (DuisBody.Text(body, "ExecutionDateTime") is not { } text) return Now();
        var t = DuisBody.ParseDateTime(text, "ExecutionDateTime");
        return t == Cancellation ? Never() : DateTime(t);
    }

    /// <summary>A required non-negative decimal that fits 32 bits, as double-long-unsigned.</summary>
    public static DlmsData DoubleLongUnsigned(XmlElement parent, string name) =>
        DlmsData.DoubleLongUnsigned(checked((uint)UInt(parent, name, uint.MaxValue)));

    /// <summary>A required non-negative decimal that fits 16 bits, as long-unsigned.</summary>
    public static DlmsData LongUnsigned(XmlElement parent, string name) =>
        DlmsData.LongUnsigned((int)UInt(parent, name, ushort.MaxValue));

    /// <summary>A required non-negative decimal no greater than <paramref name="max"/>.</summary>
    public static long UInt(XmlElement parent, string name, long max)
    {
        var text = DuisBody.RequiredText(parent, name);
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) || v > max)
            throw DuisBody.Invalid($"sr:{name} '{text}' is not a number from 0 to {max}");
        return v;
    }

    /// <summary>xs:boolean text (true/false/1/0).</summary>
    public static bool Boolean(string text, string name) => text switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw DuisBody.Invalid($"sr:{name} '{text}' is not an xs:boolean"),
    };

    /// <summary>
    /// A DUIS time of day (<c>hh:mm:ss[.ff]Z</c>) as a COSEM time octet-string <c>hh mm ss hundredths</c>.
    /// </summary>
    public static DlmsData Time(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        var t = text.EndsWith('Z') ? text[..^1] : text;
        if (!TimeSpan.TryParseExact(t, new[] { @"hh\:mm\:ss\.ff", @"hh\:mm\:ss" }, System.Globalization.CultureInfo.InvariantCulture, out var v))
            throw DuisBody.Invalid($"sr:{name} '{text}' is not a time of day like 12:00:00.00Z");
        return DlmsData.OctetString(new[] { (byte)v.Hours, (byte)v.Minutes, (byte)v.Seconds, (byte)(v.Milliseconds / 10) });
    }
}
