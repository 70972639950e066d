using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Schedules;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>DUIS section 5 through intake: 5.1 creates a schedule, 5.2 reads it back, 5.3 deletes it; only the owner may.</summary>
public sealed class ScheduleServiceTests
{
    private const string Create = "ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML";

    private static async Task<DuisOutcome> Send(Rig rig, byte[] request) => await rig.Intake.ProcessAsync(request, DuisEndpoint.ServiceD);

    private static byte[] ById(Rig rig, string template, ulong counter, long id, bool asNetworkOperator = false) =>
        rig.Signed(template, counter, asNetworkOperator ? rig.NetworkOperatorSigner : null, asNetworkOperator ? Rig.NetworkOperator : null,
            t => t.Replace("<sr:DSPScheduleID>123</sr:DSPScheduleID>", $"<sr:DSPScheduleID>{id}</sr:DSPScheduleID>"));

    [SharedDataFact]
    public async Task Create_read_and_delete_a_schedule_with_schema_valid_signed_answers()
    {
        using var rig = new Rig();

        var created = await Send(rig, rig.Signed(Create, 2000));
        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (created.Kind, created.ResponseCode));
        var id = long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);
        var stored = rig.Store.Schedules.Find(id)!;
        Assert.Equal((Rig.Supplier, Rig.Esme, "4.6.1", ScheduleFrequency.Daily, new DateOnly(2015, 1, 2)),
            (stored.User, stored.Device, stored.Srv, stored.Frequency, stored.Start));
        // Started in 2015: the first run is the next midnight from now, runs missed before it existed are not made up.
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero), stored.NextRunAt);

        var read = await Send(rig, ById(rig, "5.2_READ_SCHEDULE_REQUEST_DUIS.XML", 2001, id));
        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (read.Kind, read.ResponseCode));
        var doc = rig.CheckedResponse(read.ResponseBytes!);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Rig.Field(doc, "DSPScheduleID"));
        Assert.Equal("Daily", Rig.Field(doc, "ScheduleFrequency"));
        Assert.Equal("4.6.1", Rig.Field(doc, "DSPScheduledServiceReferenceVariant"));
        Assert.Equal("-1", Rig.Field(doc, "StartDateOffset"));

        var deleted = await Send(rig, ById(rig, "5.3_DELETE_SCHEDULE_REQUEST_DUIS.XML", 2002, id));
        Assert.Equal((DuisOutcomeKind.Answered, "I99"), (deleted.Kind, deleted.ResponseCode));
        rig.CheckedResponse(deleted.ResponseBytes!);
        Assert.Null(rig.Store.Schedules.Find(id));
        Assert.Equal("E19", (await Send(rig, ById(rig, "5.2_READ_SCHEDULE_REQUEST_DUIS.XML", 2003, id))).ResponseCode);
        Assert.Equal("E19", (await Send(rig, ById(rig, "5.3_DELETE_SCHEDULE_REQUEST_DUIS.XML", 2004, id))).ResponseCode);
    }

    [SharedDataFact]
    public async Task Another_user_may_neither_read_nor_delete_a_schedule()
    {
        using var rig = new Rig();
        var created = await Send(rig, rig.Signed(Create, 2000));
        var id = long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);

        var read = await Send(rig, ById(rig, "5.2_READ_SCHEDULE_REQUEST_DUIS.XML", 3000, id, asNetworkOperator: true));
        var delete = await Send(rig, ById(rig, "5.3_DELETE_SCHEDULE_REQUEST_DUIS.XML", 3001, id, asNetworkOperator: true));

        Assert.Equal(("E4", "E4"), (read.ResponseCode, delete.ResponseCode));
        Assert.NotNull(rig.Store.Schedules.Find(id));
        Assert.Contains(rig.Store.Audit.Read(Rig.NetworkOperator), e => e.ResponseCode == "E4" && e.Reason.Contains("another user", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task A_schedule_is_refused_for_an_srv_that_is_not_dcc_schedulable_or_a_role_that_may_not_send_it()
    {
        using var rig = new Rig();
        // 4.2 is in the XSD's list, but the DUIS matrix does not let it be DCC-scheduled.
        var notSchedulable = await Send(rig, rig.Signed(Create, 2000, edit: t => t
            .Replace("<sr:DSPScheduledServiceReference>4.6</sr:DSPScheduledServiceReference>", "<sr:DSPScheduledServiceReference>4.2</sr:DSPScheduledServiceReference>")
            .Replace("<sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant>", "<sr:DSPScheduledServiceReferenceVariant>4.2</sr:DSPScheduledServiceReferenceVariant>")));
        var badPeriod = await Send(rig, rig.Signed(Create, 2001, edit: t => t
            .Replace("<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate>", "<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate><sr:ScheduleEndDate>2015-01-01</sr:ScheduleEndDate>")));
        // 5.1 is open to an Electricity Distributor; 4.6.1 (Import Daily Read Log) is not.
        var role = await Send(rig, rig.Signed(Create, 3000, rig.NetworkOperatorSigner, Rig.NetworkOperator));

        Assert.Equal(("E11", "E11", "E2"), (notSchedulable.ResponseCode, badPeriod.ResponseCode, role.ResponseCode));
        Assert.Empty(rig.Store.Schedules.OfUser(Rig.Supplier));
        Assert.Empty(rig.Store.Schedules.OfUser(Rig.NetworkOperator));
    }

    [SharedDataFact]
    public async Task A_schedule_whose_body_is_not_that_of_its_srv_or_not_executable_is_refused_when_created_not_at_every_run()
    {
        using var rig = new Rig();
        // XSD-valid (the body is a choice of any scheduled body), but 4.6.1 reads the import daily read log.
        var mismatched = await Send(rig, rig.Signed(Create, 2000, edit: t => t.Replace("DSPRetrieveImportDailyReadLog", "DSPRetrieveExportDailyReadLog")));
        // 4.12.1's body is a DSPReadData, which this adapter does not run yet.
        var notExecuted = await Send(rig, rig.Signed(Create, 2001, edit: t => t
            .Replace("<sr:DSPScheduledServiceReference>4.6</sr:DSPScheduledServiceReference>", "<sr:DSPScheduledServiceReference>4.12</sr:DSPScheduledServiceReference>")
            .Replace("<sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant>", "<sr:DSPScheduledServiceReferenceVariant>4.12.1</sr:DSPScheduledServiceReferenceVariant>")
            .Replace(t[t.IndexOf("<sr:DSPRetrieveImportDailyReadLog>", StringComparison.Ordinal)..(t.IndexOf("</sr:DSPRetrieveImportDailyReadLog>", StringComparison.Ordinal) + "</sr:DSPRetrieveImportDailyReadLog>".Length)],
                "<sr:DSPReadMaximumDemandImportRegisters/>")));

        Assert.Equal(("E11", "E11"), (mismatched.ResponseCode, notExecuted.ResponseCode));
        Assert.Contains("sr:DSPRetrieveImportDailyReadLog", mismatched.Reason, StringComparison.Ordinal);
        Assert.Empty(rig.Store.Schedules.OfUser(Rig.Supplier));
    }

    [Fact]
    public void Frequencies_parse_from_duis_text_and_anything_else_is_a_typed_error()
    {
        Assert.Equal(ScheduleFrequency.HalfYearly, ScheduleFrequencies.Parse("Half-Yearly"));
        Assert.Equal("Half-Yearly", ScheduleFrequencies.ToText(ScheduleFrequency.HalfYearly));
        var ex = Assert.Throws<ScheduleException>(() => ScheduleFrequencies.Parse("Fortnightly"));
        Assert.Equal((ScheduleError.BadFrequency, "E11"), (ex.Error, ex.ResponseCode));
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero),
            ScheduleFrequencies.Next(ScheduleFrequency.Monthly, new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero)));
    }
}
