using System.Xml;

namespace CommsHub.Dcc.Transforms;

/// <summary>The sr:ReadLogPeriod of 6.13 Read Event Or Security Log.</summary>
internal readonly record struct LogPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public static LogPeriod From(XmlElement readEventOrSecurityLog)
    {
        var period = DuisBody.Required(readEventOrSecurityLog, "ReadLogPeriod");
        return new LogPeriod(DuisBody.DateTime(period, "StartDateTime"), DuisBody.DateTime(period, "EndDateTime"));
    }

    public uint StartSeconds => GbcsTime.SecondsSince2000(Start);

    public uint EndSeconds => GbcsTime.SecondsSince2000(End);
}
