using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Dcc.Schedules;

/// <summary>
/// DUIS section 5, answered by the DSP from <see cref="IScheduleStore"/> after access control accepted the request:
/// 5.1 Create Schedule (I0 with the new <c>sr:DSPScheduleID</c>), 5.2 Read Schedule (I0 with <c>sr:DSPSchedulesRead</c>)
/// and 5.3 Delete Schedule (I99: a non-device answer without XML data). A user reads and deletes only its own schedules.
/// </summary>
public sealed class ScheduleServices(IScheduleStore schedules)
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;
    private readonly IScheduleStore _schedules = schedules ?? throw new ArgumentNullException(nameof(schedules));

    /// <summary>True for the SRVs answered here (5.1, 5.2, 5.3).</summary>
    public static bool Handles(string srv) => srv is "5.1" or "5.2" or "5.3";

    /// <summary>
    /// Answers <paramref name="request"/>. For 5.1, <paramref name="authoriseScheduled"/> is asked whether the user may send
    /// the scheduled SRV to its device (the checks any request of that SRV gets); its refusal is the answer.
    /// </summary>
    /// <exception cref="ScheduleException">Bad input, an unknown schedule, or another user's.</exception>
    public DuisOutcome Answer(DuisRequest request, DateTimeOffset now, Func<CreateScheduleBody, AccessDecision> authoriseScheduled)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authoriseScheduled);
        var user = request.Header.RequestId.Originator;
        var body = request.BodyElement;
        return (request.Header.ServiceReferenceVariant, body.LocalName) switch
        {
            ("5.1", "CreateSchedule") => Create(body, user, now, authoriseScheduled),
            ("5.2", "ReadSchedule") => Read(Owned(IdOf(body), user)),
            ("5.3", "DeleteSchedule") => Delete(Owned(IdOf(body), user)),
            var (srv, name) => throw new ScheduleException(ScheduleError.NotSchedulable, $"{srv} with body sr:{name} is not a DUIS section 5 request"),
        };
    }

    private DuisOutcome Create(XmlElement body, ulong user, DateTimeOffset now, Func<CreateScheduleBody, AccessDecision> authorise)
    {
        var create = CreateScheduleBody.Parse(body);
        var decision = authorise(create);
        if (!decision.IsAccepted)
            return new DuisOutcome(DuisOutcomeKind.Rejected, decision.ResponseCode,
                $"the scheduled {create.Srv} is refused: {decision.Reason}");
        var id = _schedules.Add(new DccSchedule(0, user, create.Device, create.Srv, create.Frequency, create.Start, create.End,
            body.OuterXml, now, create.FirstRunFrom(now)));
        return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I0, $"schedule {id} created: {create.Srv} for device {create.Device:X16}, {create.Frequency}",
            Element(new XmlDocument(), "DSPScheduleID", Id(id)));
    }

    private static DuisOutcome Read(DccSchedule schedule)
    {
        var doc = new XmlDocument();
        var read = Element(doc, "DSPSchedulesRead");
        var entry = read.AppendChild(Element(doc, "DSPSchedules"))!;
        entry.AppendChild(Element(doc, "DSPScheduleID", Id(schedule.Id)));
        // DSPScheduleDetails is the DSPSchedule type, which is what sr:CreateSchedule was: its children as stored.
        var details = entry.AppendChild(Element(doc, "DSPScheduleDetails"))!;
        var stored = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(schedule.Details), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            stored.Load(reader);
        foreach (var child in stored.DocumentElement!.ChildNodes.OfType<XmlElement>()) details.AppendChild(doc.ImportNode(child, true));
        return new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I0, $"read schedule {schedule.Id}", read);
    }

    private DuisOutcome Delete(DccSchedule schedule) =>
        _schedules.Delete(schedule.Id, schedule.User)
            ? new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I99, $"schedule {schedule.Id} deleted")
            : throw new ScheduleException(ScheduleError.UnknownSchedule, $"schedule {schedule.Id} was deleted meanwhile");

    private DccSchedule Owned(long id, ulong user)
    {
        var schedule = _schedules.Find(id) ?? throw new ScheduleException(ScheduleError.UnknownSchedule, $"there is no schedule {id}");
        return schedule.User == user
            ? schedule
            : throw new ScheduleException(ScheduleError.NotOwner, $"schedule {id} belongs to another user");
    }

    private static long IdOf(XmlElement body)
    {
        var text = body.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "DSPScheduleID" && e.NamespaceURI == Sr)?.InnerText.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ScheduleException(ScheduleError.UnknownSchedule, $"DSPScheduleID '{text}' is not a schedule ID");
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static XmlElement Element(XmlDocument doc, string name, string? text = null)
    {
        var e = doc.CreateElement("sr", name, Sr);
        if (text is not null) e.InnerText = text;
        return e;
    }
}
