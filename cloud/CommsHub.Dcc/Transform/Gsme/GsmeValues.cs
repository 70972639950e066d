using System.Globalization;
using System.Xml;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>DUIS body values as GSME ZCL fields.</summary>
internal static class GsmeValues
{
    /// <summary>DUIS's "cancel the future-dated command" ExecutionDateTime.</summary>
    public static readonly DateTimeOffset Cancellation = new(3000, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>ZigBee UTCTime "never" (0xFFFFFFFF): how a cancellation is sent in implementation/start times.</summary>
    public const uint Never = 0xFFFFFFFF;

    /// <summary>ZigBee UTCTime 0xFFFFFFFE: the largest valid time, used where 0xFFFFFFFF means something else.</summary>
    public const uint Latest = 0xFFFFFFFE;

    /// <summary>
    /// The optional sr:ExecutionDateTime as a ZCL implementation time: 0 (now) when absent, <paramref name="cancel"/> for
    /// DUIS's cancellation date 3000-12-31, else the time.
    /// </summary>
    public static uint ExecutionTime(XmlElement body, uint cancel = Never)
    {
        if (DuisBody.Text(body, "ExecutionDateTime") is not { } text) return 0;
        var t = DuisBody.ParseDateTime(text, "ExecutionDateTime");
        return t == Cancellation ? cancel : GbcsTime.SecondsSince2000(t);
    }

    /// <summary>A time where 3000-12-31 means "no end": ZigBee 0xFFFFFFFE.</summary>
    public static uint EndTime(DateTimeOffset t) => t >= Cancellation ? Latest : GbcsTime.SecondsSince2000(t);

    /// <summary>sr:ReadLogPeriod's start and end.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) LogPeriod(XmlElement body)
    {
        var p = DuisBody.Required(body, "ReadLogPeriod");
        var start = DuisBody.DateTime(p, "StartDateTime");
        var end = DuisBody.DateTime(p, "EndDateTime");
        if (end < start) throw DuisBody.Invalid($"sr:ReadLogPeriod ends ({end:yyyy-MM-dd'T'HH:mm:ss'Z'}) before it starts ({start:yyyy-MM-dd'T'HH:mm:ss'Z'})");
        return (start, end);
    }

    /// <summary>A non-negative integer element that must fit <paramref name="max"/>.</summary>
    public static long Integer(XmlElement parent, string name, long max = uint.MaxValue)
    {
        var text = DuisBody.RequiredText(parent, name);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < 0 || v > max)
            throw DuisBody.Invalid($"sr:{name} '{text}' is not an integer from 0 to {max}");
        return v;
    }

    /// <summary>A decimal element as its digits and the number of digits after the point ("1.02264" -> 102264, 5).</summary>
    public static (long Digits, int Decimals) Decimal(XmlElement parent, string name, long max = uint.MaxValue)
    {
        var text = DuisBody.RequiredText(parent, name);
        var point = text.IndexOf('.');
        var decimals = point < 0 ? 0 : text.Length - point - 1;
        var digits = point < 0 ? text : text.Remove(point, 1);
        if (decimals > 15 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
            throw DuisBody.Invalid($"sr:{name} '{text}' is not a decimal this field can carry");
        return (v, decimals);
    }

    /// <summary>xs:boolean.</summary>
    public static bool Boolean(XmlElement parent, string name) => DuisBody.RequiredText(parent, name) switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        var t => throw DuisBody.Invalid($"sr:{name} '{t}' is not an xs:boolean"),
    };
}
