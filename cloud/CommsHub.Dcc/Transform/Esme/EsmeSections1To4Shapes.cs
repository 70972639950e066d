using System.Buffers.Binary;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The DLMS shapes the ESME use cases of DUIS sections 1-4 share (GBCS's ESME use-case definitions): a plain get of a
/// list of attributes, a get of a Profile Generic buffer restricted to a time range, a Data Protection
/// get_protected_attributes (sensitive reads whose response the ESME encrypts for the user), sets and actions.
/// </summary>
internal static class EsmeDlms
{
    /// <summary>COSEM Data (class 1).</summary>
    public const int DataClass = 1;
    /// <summary>COSEM Register (class 3).</summary>
    public const int RegisterClass = 3;
    /// <summary>COSEM Profile Generic (class 7).</summary>
    public const int ProfileGenericClass = 7;
    /// <summary>COSEM Data Protection (class 30).</summary>
    public const int DataProtectionClass = 30;
    /// <summary>GBCS Extended Data (class 9000).</summary>
    public const int GbcsExtendedDataClass = 9000;

    /// <summary>Get of every attribute in <paramref name="attributes"/>, in order (data: one null each).</summary>
    public static byte[] Get(CommandHeader h, params Cosem[] attributes) =>
        Request(h, attributes.Select(a => new AccessRequestSpec(AccessKind.Get, a.ClassId, a.Instance, a.Id)).ToArray());

    /// <summary>An access request of <paramref name="specs"/> with a null data item for each (gets).</summary>
    public static byte[] Request(CommandHeader h, AccessRequestSpec[] specs) =>
        new AccessRequest(h.InvokeId, specs, specs.Select(_ => DlmsData.Null()).ToArray()).Encode();

    /// <summary>Get spec for one attribute.</summary>
    public static AccessRequestSpec GetSpec(Cosem a) => new(AccessKind.Get, a.ClassId, a.Instance, a.Id);

    /// <summary>Set spec for one attribute.</summary>
    public static AccessRequestSpec SetSpec(Cosem a) => new(AccessKind.Set, a.ClassId, a.Instance, a.Id);

    /// <summary>Action spec for one method.</summary>
    public static AccessRequestSpec ActionSpec(Cosem m) => new(AccessKind.Action, m.ClassId, m.Instance, m.Id);

    /// <summary>
    /// Get-with-selection of a Profile Generic buffer (attribute 2) by range: restricting object the GBCS log-time
    /// column (class 1, 0-0:94.44.100.255, attribute 2, data index 0), bounds as UTC seconds since 2000, all columns.
    /// </summary>
    public static AccessRequestSpec BufferRange(ulong profile, DateTimeOffset from, DateTimeOffset to) =>
        new(ProfileGenericClass, profile, 2, RangeDescriptor.Selector, new RangeDescriptor
        {
            RestrictingClassId = DataClass,
            RestrictingInstance = Obis.LogRangeRestrictingObject,
            RestrictingAttribute = 2,
            RestrictingDataIndex = 0,
            From = DlmsData.DoubleLongUnsigned(GbcsTime.SecondsSince2000(from)),
            To = DlmsData.DoubleLongUnsigned(GbcsTime.SecondsSince2000(to)),
        }.ToData());

    /// <summary>An access request of one or more specs with the given data items (sets and actions).</summary>
    public static byte[] Request(CommandHeader h, AccessRequestSpec[] specs, DlmsData[] data) =>
        new AccessRequest(h.InvokeId, specs, data).Encode();

    /// <summary>
    /// One object of a get_protected_attributes list: <c>{class id, logical name, attribute 2, data index 0,
    /// access selection}</c>; the selection is <see cref="NoSelection"/> or <see cref="DateRange"/>.
    /// </summary>
    public static DlmsData ProtectedObject(int classId, ulong obis, DlmsData selection) => DlmsData.Structure(new[]
    {
        DlmsData.LongUnsigned(classId),
        DlmsData.OctetString(Obis.ToBytes(obis)),
        DlmsData.Integer(2),
        DlmsData.LongUnsigned(0),
        selection,
    });

    /// <summary>Access selection "none": <c>{enum 0, null}</c>.</summary>
    public static DlmsData NoSelection() => DlmsData.Structure(new[] { DlmsData.Enum(0), DlmsData.Null() });

    /// <summary>Access selection by entry date-time: <c>{enum 1, {from, to}}</c> as GBCS date-times.</summary>
    public static DlmsData DateRange(DateTimeOffset from, DateTimeOffset to) => DlmsData.Structure(new[]
    {
        DlmsData.Enum(1),
        DlmsData.Structure(new[] { GbcsDateTime(from), GbcsDateTime(to) }),
    });

    /// <summary>
    /// Data Protection (class 30) <c>get_protected_attributes</c> (method 1) on <paramref name="collection"/> for
    /// <paramref name="objects"/>, asking the ESME to encrypt the response for the user: protection type 2
    /// (encryption) with transaction id <c>04 || originator counter</c> (the KDF transaction-id type for payload
    /// encryption, GBCS.md §3.1), originator = the DUIS user (the Business Originator, or for an Unknown Remote Party
    /// read the Supplementary Remote Party the ACB originates it for: RTDS ECS21b URP), recipient = the ESME, no
    /// date-time, key info {2 (agreed key), {02 (key-agreement scheme id), empty}}.
    /// </summary>
    public static byte[] ProtectedGet(CommandHeader h, ulong collection, params DlmsData[] objects)
    {
        var transactionId = new byte[9];
        transactionId[0] = 0x04;
        BinaryPrimitives.WriteUInt64BigEndian(transactionId.AsSpan(1), h.OriginatorCounter);
        var protection = DlmsData.Array(new[]
        {
            DlmsData.Structure(new[]
            {
                DlmsData.Enum(2),
                DlmsData.Structure(new[]
                {
                    DlmsData.OctetString(transactionId),
                    DlmsData.OctetString(h.User),
                    DlmsData.OctetString(h.Target),
                    DlmsData.OctetString(Array.Empty<byte>()),
                    DlmsData.Structure(new[]
                    {
                        DlmsData.Enum(2),
                        DlmsData.Structure(new[] { DlmsData.OctetString(new byte[] { 0x02 }), DlmsData.OctetString(Array.Empty<byte>()) }),
                    }),
                }),
            }),
        });
        return new AccessRequest(h.InvokeId,
            new[] { new AccessRequestSpec(AccessKind.Action, DataProtectionClass, collection, 1) },
            new[] { DlmsData.Structure(new[] { DlmsData.Array(objects), protection }) }).Encode();
    }

    /// <summary>
    /// A UTC time as the GBCS date-time ESME commands carry: day of week, hundredths and clock status not
    /// specified (0xFF, 0x00 hundredths), deviation not specified (0x8000).
    /// </summary>
    public static DlmsData GbcsDateTime(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return DateTimeBytes(u.Year, u.Month, u.Day, 0xFF, u.Hour, u.Minute, u.Second, 0x00, 0xFF);
    }

    /// <summary>
    /// The activation time of a passive value: now (all date and time fields 0) when the request has no
    /// ExecutionDateTime, never (all 0xFF) for DUIS's cancellation value 3000-12-31T00:00:00Z, else the time.
    /// </summary>
    public static DlmsData ActivationTime(DateTimeOffset? execution) => execution switch
    {
        null => DateTimeBytes(0, 0, 0, 0, 0, 0, 0, 0, 0xFF),
        { } t when t == Cancellation => DateTimeBytes(0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
        { } t => GbcsDateTime(t),
    };

    /// <summary>
    /// A Charge (class 113) unit charge with unindexed prices: <c>{charge_per_unit_scaling {commodity scale 0, price
    /// scale}, commodity reference none (class 0, 0-0:0.0.0.0, attribute 0), charge_prices [{index (empty), price}]}</c>.
    /// </summary>
    public static DlmsData UnitCharge(int priceScale, DlmsData[] prices) =>
        UnitCharge(priceScale, prices.Select(p => ((byte[])[], p)).ToArray(), 0, new Cosem(0, 0, 0));

    /// <summary>A Charge unit charge over a commodity (a register attribute) with prices indexed by one byte each.</summary>
    public static DlmsData UnitCharge(int priceScale, (byte Index, DlmsData Price)[] prices, int commodityScale, Cosem commodity) =>
        UnitCharge(priceScale, prices.Select(p => ((byte[])[p.Index], p.Price)).ToArray(), commodityScale, commodity);

    private static DlmsData UnitCharge(int priceScale, (byte[] Index, DlmsData Price)[] prices, int commodityScale, Cosem commodity) =>
        DlmsData.Structure(new[]
        {
            DlmsData.Structure(new[] { DlmsData.Integer(commodityScale), DlmsData.Integer(priceScale) }),
            DlmsData.Structure(new[]
            {
                DlmsData.LongUnsigned(commodity.ClassId), DlmsData.OctetString(Obis.ToBytes(commodity.Instance)), DlmsData.Integer(commodity.Id),
            }),
            DlmsData.Array(prices.Select(p => DlmsData.Structure(new[] { DlmsData.OctetString(p.Index), p.Price })).ToArray()),
        });

    /// <summary>A bit-string of <paramref name="bits"/>, the first one the most significant bit of the first byte.</summary>
    public static DlmsData Bits(bool[] bits)
    {
        var b = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
            if (bits[i]) b[i / 8] |= (byte)(0x80 >> (i % 8));
        return DlmsData.BitString(b, bits.Length);
    }

    /// <summary>DUIS's "cancel the pending future-dated command" execution time.</summary>
    public static readonly DateTimeOffset Cancellation = new(3000, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static DlmsData DateTimeBytes(int year, int month, int day, int dow, int hour, int minute, int second, int hundredths, int status)
    {
        var b = new byte[DlmsDateTime.Length];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)year);
        b[2] = (byte)month;
        b[3] = (byte)day;
        b[4] = (byte)dow;
        b[5] = (byte)hour;
        b[6] = (byte)minute;
        b[7] = (byte)second;
        b[8] = (byte)hundredths;
        b[9] = 0x80; // deviation 0x8000: not specified
        b[10] = 0x00;
        b[11] = (byte)status;
        return DlmsData.OctetString(b);
    }
}

/// <summary>The COSEM objects of the ESME's prepayment model (GBCS): credits (class 112) and charges (class 113).</summary>
internal static class EsmePrepayment
{
    /// <summary>COSEM Credit.</summary>
    public const int CreditClass = 112;
    /// <summary>COSEM Charge.</summary>
    public const int ChargeClass = 113;
    /// <summary>Meter balance credit 0-0:19.10.0.255.</summary>
    public const ulong MeterBalance = 0x0000130A00FF;
    /// <summary>Emergency credit 0-0:19.10.1.255.</summary>
    public const ulong EmergencyCredit = 0x0000130A01FF;
    /// <summary>Accumulated debt register 0-0:19.10.2.255.</summary>
    public const ulong AccumulatedDebt = 0x0000130A02FF;
    /// <summary>Primary TOU/block price matrix charge 0-0:19.20.0.255.</summary>
    public const ulong TouBlockCharge = 0x0000131400FF;
    /// <summary>Time-based debt recovery 1, 0-0:19.20.1.255.</summary>
    public const ulong DebtRecovery1 = 0x0000131401FF;
    /// <summary>Time-based debt recovery 2, 0-0:19.20.2.255.</summary>
    public const ulong DebtRecovery2 = 0x0000131402FF;
    /// <summary>Payment-based debt recovery 0-0:19.20.3.255.</summary>
    public const ulong DebtPerPayment = 0x0000131403FF;
    /// <summary>Standing charge 0-0:19.20.4.255.</summary>
    public const ulong StandingCharge = 0x0000131404FF;
    /// <summary>Secondary element TOU price matrix charge 0-0:19.20.5.255.</summary>
    public const ulong SecondaryTouCharge = 0x0000131405FF;
}
