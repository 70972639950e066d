using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The GSME's tariff (ZigBee SE 1.4 Price cluster 0x0700) as GCS01a/GCS01b set it: Publish Tariff Information,
/// Publish Price Matrix and Publish Block Thresholds write the Price attributes GCS21f reads (units, currency, trailing
/// digit, standing charge, threshold multiplier and divisor, block thresholds, the tier and block prices), and
/// Get Current Price (GCS21f) is answered with a Publish Price built from them; NOT_FOUND before a tariff was set.
/// <para>
/// A tariff takes effect on receipt (start time 0 or past); a future-dated one is not applied (the virtual meter does not
/// yet run commands at their time). The meter does not run its calendar to switch tiers: Publish Price reports the
/// first tier of a time-of-use tariff (no tier for a block tariff) and its first block's price.
/// </para>
/// </summary>
public sealed class ZclTariff(ZclAttributeStore store)
{
    private const int Price = 0x0700;
    private const int PublishPrice = 0x00, PublishTariffInformation = 0x04, PublishPriceMatrix = 0x05, PublishBlockThresholds = 0x06;
    private const int GetCurrentPrice = 0x00;
    // Price attributes (SE 1.4): block thresholds 0x0100.., threshold multiplier and divisor, standing charge, the price
    // matrix 0x0400 + 16 x tier + block, unit of measure, currency, price trailing digit.
    private const int BlockThresholds = 0x0100, ThresholdMultiplier = 0x0202, ThresholdDivisor = 0x0203, StandingCharge = 0x0301;
    private const int Prices = 0x0400, UnitOfMeasure = 0x0615, Currency = 0x0616, PriceTrailingDigit = 0x0617;
    private const int ZclUint16 = 0x21, ZclUint24 = 0x22, ZclUint32 = 0x23, ZclUint48 = 0x25, ZclEnum8 = 0x30, ZclBitmap8 = 0x18;
    private const int TouSubPayload = 0x01;
    private const ushort UntilChanged = 0xFFFF;

    private byte[]? _provider, _issuerEvent, _label;
    private int _tiers;

    /// <summary>True once a tariff was set.</summary>
    public bool IsSet => _provider is not null;

    /// <summary>
    /// Applies server-to-client Price command <paramref name="commandId"/> with payload <c>b[p..end)</c> received at
    /// <paramref name="now"/> (ZCL UTC time); false when it is not a tariff publish, or is future-dated.
    /// </summary>
    /// <exception cref="GbcsFormatException">the payload is cut short.</exception>
    public bool Publish(int commandId, byte[] b, int p, int end, uint now)
    {
        var r = new ByteReader(b, p, end - p);
        switch (commandId)
        {
            case PublishTariffInformation:
            {
                // Provider (4), issuer event (4), issuer tariff id (4), start time (4), tariff type (1), label (octet string),
                // price tiers in use (1), block thresholds in use (1), unit of measure (1), currency (2), trailing digit (1),
                // standing charge (4), tier block mode (1), threshold multiplier (3), threshold divisor (3).
                var provider = Bytes(r, b, 4, "provider id");
                var issuerEvent = Bytes(r, b, 4, "issuer event id");
                r.Skip(4, "issuer tariff id");
                if (!InEffect(r, b, now)) return false;
                r.Skip(1, "tariff type");
                var label = Bytes(r, b, 1 + r.Peek("tariff label"), "tariff label");
                int tiers = r.ReadByte("price tiers in use");
                r.Skip(1, "block thresholds in use");
                Write(UnitOfMeasure, ZclEnum8, Bytes(r, b, 1, "unit of measure"));
                Write(Currency, ZclUint16, Bytes(r, b, 2, "currency"));
                Write(PriceTrailingDigit, ZclBitmap8, Bytes(r, b, 1, "price trailing digit"));
                Write(StandingCharge, ZclUint32, Bytes(r, b, 4, "standing charge"));
                r.Skip(1, "tier block mode");
                Write(ThresholdMultiplier, ZclUint24, Bytes(r, b, 3, "block threshold multiplier"));
                Write(ThresholdDivisor, ZclUint24, Bytes(r, b, 3, "block threshold divisor"));
                (_provider, _issuerEvent, _label, _tiers) = (provider, issuerEvent, label, tiers);
                return true;
            }
            case PublishPriceMatrix:
            {
                // Provider (4), issuer event (4), start time (4), issuer tariff id (4), command index (1), total (1),
                // sub-payload control (1), then (tier/block id, price uint32) pairs.
                r.Skip(8, "provider and issuer event id");
                if (!InEffect(r, b, now)) return false;
                r.Skip(6, "issuer tariff id and command index");
                bool tou = (r.ReadByte("sub-payload control") & TouSubPayload) != 0;
                while (r.Remaining >= 5)
                {
                    int id = r.ReadByte("tier/block id");
                    // TOU: the id is the tier (its first block); block or block/TOU: tier in the high nibble, block in the low.
                    int attribute = tou ? Prices + 16 * (id & 0x0F) : Prices + 16 * (id >> 4) + (id & 0x0F);
                    Write(attribute, ZclUint32, Bytes(r, b, 4, "price"));
                }
                return true;
            }
            case PublishBlockThresholds:
            {
                // Provider (4), issuer event (4), start time (4), issuer tariff id (4), command index (1), total (1),
                // sub-payload control (1), then tier/number of thresholds (1) and the thresholds (uint48 each).
                r.Skip(8, "provider and issuer event id");
                if (!InEffect(r, b, now)) return false;
                r.Skip(7, "issuer tariff id, command index and sub-payload control");
                int count = r.ReadByte("number of block thresholds") & 0x0F;
                for (int i = 0; i < count; i++) Write(BlockThresholds + i, ZclUint48, Bytes(r, b, 6, "block threshold"));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// The Publish Price (command id, payload) answering client Price command <paramref name="commandId"/> at
    /// <paramref name="now"/>: null when it is not Get Current Price or no tariff is set (NOT_FOUND).
    /// </summary>
    public (int CommandId, byte[] Payload)? Get(int commandId, uint now)
    {
        if (commandId != GetCurrentPrice || _provider is null || _issuerEvent is null || _label is null) return null;
        int tier = _tiers > 0 ? 1 : 0;
        var w = new ByteWriter(32);
        w.WriteBytes(_provider);
        w.WriteBytes(_label);
        w.WriteBytes(_issuerEvent);
        WriteUInt32(w, now);
        w.WriteBytes(Value(UnitOfMeasure, 1));
        w.WriteBytes(Value(Currency, 2));
        w.WriteByte(Value(PriceTrailingDigit, 1)[0] & 0xF0 | tier);
        w.WriteByte(Math.Min(_tiers, 15) << 4 | tier);
        WriteUInt32(w, 0); // start time: now
        w.WriteByte(UntilChanged & 0xFF);
        w.WriteByte(UntilChanged >> 8);
        w.WriteBytes(Value(Prices + 16 * tier, 4));
        return (PublishPrice, w.ToArray());
    }

    // The start time next in r: 0 (now) or not after now.
    private static bool InEffect(ByteReader r, byte[] b, uint now)
    {
        var t = Bytes(r, b, 4, "start time");
        uint start = (uint)(t[0] | t[1] << 8 | t[2] << 16 | t[3] << 24);
        return start == 0 || start <= now;
    }

    private static byte[] Bytes(ByteReader r, byte[] b, int n, string what)
    {
        r.Need(n, what);
        var v = b[r.Position..(r.Position + n)];
        r.Skip(n, what);
        return v;
    }

    private void Write(int attribute, int type, byte[] value) => store.Write(Price, attribute, new ZclValue(type, value));

    private byte[] Value(int attribute, int size) => store.Read(Price, attribute)?.Value ?? new byte[size];

    private static void WriteUInt32(ByteWriter w, uint v)
    {
        for (int i = 0; i < 4; i++) w.WriteByte((int)(v >> (8 * i)) & 0xFF);
    }
}
