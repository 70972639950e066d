using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Transforms.Esme;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 6.28 Set CHF Sub GHz Configuration -> DBCH04: set 0-0:94.44.10.0 attribute 2 to the 15-element structure. The four
/// channel sets are IEEE 802.15.4 channel-page bitmaps (32 bits: the page 28-31 in the top 5 bits, channel n of the
/// page at bit n from the least significant); percentages and duty-cycle thresholds are hundredths.
/// </summary>
internal static class Dbch04SetSubGhzConfiguration
{
    /// <summary>The transform.</summary>
    public static IUseCaseTransform Create() => new EsmeDlmsTransform("6.28", "SetCHFSubGHzConfiguration",
        new EsmeDlmsCommand("DBCH04", 0x010D /* DBCH04 */, CommandOrigin.AccessControlBroker, false, _ => true,
            r => new DlmsAccessList().Set(Cosem.Data("0-0:94.44.10.0"), Configuration(r.Body))));

    private static DlmsData Configuration(XmlElement b) => DlmsData.Structure(
    [
        ChannelPage(b, "LowerBandSubGHzChannels0To26", 28, 0),
        ChannelPage(b, "LowerBandSubGHzChannels27To34", 29, 27),
        ChannelPage(b, "LowerBandSubGHzChannels35To61", 30, 35),
        ChannelPage(b, "UpperBandSubGHzChannels0To26", 31, 0),
        DlmsData.LongUnsigned(Hundredths(b, "NormalLimitedDutyCycleThreshold")),
        DlmsData.LongUnsigned(Hundredths(b, "LimitedCriticalDutyCycleThreshold")),
        DlmsData.Unsigned(Whole(b, "MaximumSubGHzChannelChangesPerWeek", 255)),
        DlmsData.LongUnsigned(Whole(b, "GSMECurfew", 65535)),
        DlmsData.Unsigned(Whole(b, "ChannelQuieterThreshold", 255)),
        DlmsData.Unsigned(Whole(b, "ChannelNoisierThreshold", 255)),
        DlmsData.LongUnsigned(Hundredths(b, "NonGSMEPoorCommsPercentageThreshold")),
        DlmsData.Unsigned(Whole(b, "NonGSMEPoorCommsMeasurementPeriods", 255)),
        DlmsData.LongUnsigned(Whole(b, "LocalCHNoiseMeasurementPeriod", 65535)),
        DlmsData.LongUnsigned(Hundredths(b, "LocalCHFailurePercentage")),
        DlmsData.LongUnsigned(Hundredths(b, "LocalCHRetryPercentage")),
    ]);

    private static DlmsData ChannelPage(XmlElement body, string name, int page, int firstChannel)
    {
        uint bits = (uint)page << 27;
        foreach (var channel in DuisBody.Required(body, name).ChildNodes.OfType<XmlElement>())
        {
            if (!channel.LocalName.StartsWith("Channel", StringComparison.Ordinal)
                || !int.TryParse(channel.LocalName.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || n - firstChannel is < 0 or > 26)
                throw DuisBody.Invalid($"sr:{name} has sr:{channel.LocalName}, not a channel of that page");
            bits |= 1u << (n - firstChannel);
        }
        return DlmsData.BitString([(byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits], 32);
    }

    private static int Hundredths(XmlElement body, string name)
    {
        var text = DuisBody.RequiredText(body, name);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v * 100 % 1 != 0 || v * 100 > 65535)
            throw DuisBody.Invalid($"sr:{name} '{text}' is not a number of hundredths up to 655.35");
        return (int)(v * 100);
    }

    private static int Whole(XmlElement body, string name, int max)
    {
        var text = DuisBody.RequiredText(body, name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
            throw DuisBody.Invalid($"sr:{name} '{text}' is not a whole number up to {max}");
        return v;
    }
}
