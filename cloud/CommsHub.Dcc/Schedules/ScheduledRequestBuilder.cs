using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Schedules;

/// <summary>
/// Builds one run of a <see cref="DccSchedule"/> as the DUIS request of its scheduled SRV (CV1, unsigned: the DSP
/// originates the run on the user's behalf). The stored <c>sr:DSP...</c> body gives the on-demand body of the same name
/// without "DSP"; a <c>ReadLogPeriodOffset</c> becomes the <c>ReadLogPeriod</c> it names, counted in days from the run's
/// date. Other scheduled bodies (<c>DSPReadData</c>, 14.1's gas network data) are refused as not executable yet.
/// </summary>
public static class ScheduledRequestBuilder
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    /// <summary>The DUIS request for the run of <paramref name="schedule"/> at <paramref name="runAt"/>, with RequestID
    /// counter <paramref name="counter"/>.</summary>
    /// <exception cref="ScheduleException"><see cref="ScheduleError.NotSchedulable"/> for a scheduled body this builder does not execute.</exception>
    public static XmlDocument Build(DccSchedule schedule, DateTimeOffset runAt, ulong counter)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var stored = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(schedule.Details), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            stored.Load(reader);
        var scheduled = ScheduledBody(stored.DocumentElement!);
        if (scheduled is null || !Executes(scheduled))
            throw new ScheduleException(ScheduleError.NotSchedulable, $"schedule {schedule.Id}: the scheduled body sr:{scheduled?.LocalName} is not one this adapter executes yet (only log-period reads)");

        var doc = new XmlDocument();
        var root = (XmlElement)doc.AppendChild(doc.CreateElement("sr", "Request", Sr))!;
        root.SetAttribute("schemaVersion", "5.4");
        var header = Add(root, "Header");
        var info = SrvCatalogue.Find(schedule.Srv)!;
        Add(header, "RequestID", new RequestId(schedule.User, schedule.Device, counter).ToString());
        Add(header, "CommandVariant", "1");
        Add(header, "ServiceReference", info.ServiceReference);
        Add(header, "ServiceReferenceVariant", schedule.Srv);
        var body = Add(Add(root, "Body"), scheduled.LocalName["DSP".Length..]);
        var period = Add(body, "ReadLogPeriod");
        // The run's date on the schedule's calendar: its UK date when its time is UK time (00:30 BST is 23:30 UTC the day before).
        var day = ScheduleCalendar.Of(schedule).DateOfRun(runAt).ToDateTime(TimeOnly.MinValue);
        Add(period, "StartDateTime", At(day, scheduled, "StartDateOffset", "StartTime"));
        Add(period, "EndDateTime", At(day, scheduled, "EndDateOffset", "EndTime"));
        return doc;
    }

    /// <summary>The scheduled SRV's body in an <c>sr:CreateSchedule</c> (the <c>DSP...</c> element of the XSD's choice), or null.</summary>
    internal static XmlElement? ScheduledBody(XmlElement createSchedule) =>
        createSchedule.ChildNodes.OfType<XmlElement>().LastOrDefault(e => e.LocalName.StartsWith("DSP", StringComparison.Ordinal)
            && e.LocalName is not ("DSPScheduledServiceReference" or "DSPScheduledServiceReferenceVariant"));

    /// <summary>True for a scheduled body this builder executes: a log-period read (<c>ReadLogPeriodOffset</c>).</summary>
    internal static bool Executes(XmlElement scheduled) => Child(scheduled, "StartDateOffset") is not null;

    private static string At(DateTime day, XmlElement offsets, string offset, string time)
    {
        var days = int.Parse(Child(offsets, offset)!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var clock = XmlConvert.ToDateTimeOffset("2000-01-01T" + Child(offsets, time)).UtcDateTime.TimeOfDay;
        return XmlConvert.ToString(new DateTimeOffset(day.AddDays(days) + clock, TimeSpan.Zero), "yyyy-MM-ddTHH:mm:ss.ffZ");
    }

    private static string? Child(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr)?.InnerText.Trim();

    private static XmlElement Add(XmlElement parent, string name, string? text = null)
    {
        var e = (XmlElement)parent.AppendChild(parent.OwnerDocument.CreateElement("sr", name, Sr))!;
        if (text is not null) e.InnerText = text;
        return e;
    }
}
