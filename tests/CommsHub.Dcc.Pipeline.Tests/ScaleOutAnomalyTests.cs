using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Two adapter instances on one database (two stores on the rig's SQLite file, a processor each), a user spreading
/// signed requests over both: with shared anomaly counting the threshold holds for the total, in-process it holds per
/// instance only (the limit shared counting removes).
/// </summary>
public sealed class ScaleOutAnomalyTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const int Threshold = 2;

    [SharedDataTheory]
    [InlineData(AnomalyCounting.Shared, DuisOutcomeKind.Quarantined)]
    [InlineData(AnomalyCounting.InProcess, DuisOutcomeKind.Accepted)]
    public async Task Requests_spread_over_two_instances_count_towards_one_threshold_when_counting_is_shared(
        AnomalyCounting counting, DuisOutcomeKind thirdRequest)
    {
        using var rig = new Rig();
        using var otherStore = SqliteDccStore.Open(rig.DataDirectory);
        var options = new DuisProcessorOptions
        {
            Presence = rig.Presence,
            FallbackInventory = RtdsTestIdentities.CreateInventory(),
            Access = new AccessControlOptions
            {
                Anomaly = new AnomalyOptions { DefaultMaxRequests = Threshold, Window = TimeSpan.FromMinutes(10), Counting = counting },
            },
        };
        var instances = new[]
        {
            Rig.IntakeFor(new DuisRequestProcessor(rig.Store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher, options, time: rig.Clock)),
            Rig.IntakeFor(new DuisRequestProcessor(otherStore, rig.Schema, rig.Signers, rig.Transformer, rig.Writer,
                new MqttCommandDispatcher(rig.Mqtt, otherStore.PendingRequests, rig.Presence), options, time: rig.Clock)),
        };

        async Task<DuisOutcome> Send(int instance, ulong counter) =>
            await instances[instance].ProcessAsync(rig.Signed(Template, counter), DuisEndpoint.ServiceS);

        Assert.Equal(DuisOutcomeKind.Accepted, (await Send(0, 1000)).Kind);
        Assert.Equal(DuisOutcomeKind.Accepted, (await Send(1, 1001)).Kind);
        var third = await Send(0, 1002);
        Assert.Equal(thirdRequest, third.Kind);
        Assert.Equal("I99", third.ResponseCode);
        Assert.Equal(thirdRequest == DuisOutcomeKind.Quarantined ? 1 : 0, otherStore.Quarantines.ListOpen().Count);
        Assert.Equal(thirdRequest == DuisOutcomeKind.Quarantined ? PendingState.Quarantined : PendingState.Sent,
            otherStore.PendingRequests.Find(third.PendingRequestId!)!.State);
    }
}
