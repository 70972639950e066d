using System.Text;
using CommsHub.Cloud.Mqtt;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary><see cref="HubSessions"/>: when the end of one of a hub's connections, or a status, takes the hub offline.</summary>
public sealed class HubSessionsTests
{
    private const ulong Hub = 0x02C04B10000001A2UL;
    private const string Own = "02C04B10000001A2";
    private const string Second = "02C04B10000001A2-x";

    private static HubSessions Announced()
    {
        var sessions = new HubSessions();
        sessions.Connected(Hub, Own);
        Assert.True(sessions.StatusApplies(Hub, Own, online: true));
        return sessions;
    }

    [Fact]
    public void The_hubs_only_connection_ending_takes_it_offline()
    {
        Assert.True(Announced().Disconnected(Hub, Own, takenOver: false));
        // A hub that never announced (a tool, old firmware) goes offline when its last connection ends as well.
        var silent = new HubSessions();
        silent.Connected(Hub, Own);
        Assert.True(silent.Disconnected(Hub, Own, takenOver: false));
    }

    [Fact]
    public void A_second_connection_ending_or_saying_offline_leaves_the_announced_hub_online()
    {
        var sessions = Announced();
        sessions.Connected(Hub, Second);
        Assert.Equal([Own, Second], sessions.ConnectionsOf(Hub));

        Assert.False(sessions.StatusApplies(Hub, Second, online: false)); // e.g. its will
        Assert.False(sessions.Disconnected(Hub, Second, takenOver: false));
        Assert.Equal([Own], sessions.ConnectionsOf(Hub));
        // The hub itself leaving afterwards still counts.
        Assert.True(sessions.Disconnected(Hub, Own, takenOver: false));
        Assert.Empty(sessions.ConnectionsOf(Hub));
    }

    [Fact]
    public void The_announcing_hub_saying_offline_or_leaving_takes_it_offline_although_a_second_connection_stays()
    {
        var sessions = Announced();
        sessions.Connected(Hub, Second);
        Assert.True(sessions.StatusApplies(Hub, Own, online: false));

        var again = Announced();
        again.Connected(Hub, Second);
        Assert.True(again.Disconnected(Hub, Own, takenOver: false));
    }

    [Fact]
    public void A_takeover_by_the_same_client_id_is_no_departure()
    {
        // MQTTnet: the new connection is validated and in place, then the old one's end is reported as a takeover,
        // then the new one is reported connected and announces itself again.
        var sessions = Announced();
        Assert.False(sessions.Disconnected(Hub, Own, takenOver: true));
        sessions.Connected(Hub, Own);
        Assert.True(sessions.StatusApplies(Hub, Own, online: true));
        Assert.Equal([Own], sessions.ConnectionsOf(Hub));
        Assert.True(sessions.Disconnected(Hub, Own, takenOver: false));
    }

    [Theory]
    [InlineData("{\"state\":\"online\",\"fw\":\"1.0\"}", true)]
    [InlineData("{\"state\":\"offline\"}", false)]
    [InlineData("{\"online\":false}", false)]
    [InlineData("", false)]
    [InlineData("{\"other\":1}", null)]
    [InlineData("not json", null)]
    public void Reads_a_status_as_hub_presence_does(string payload, bool? online) =>
        Assert.Equal(online, HubSessions.ReadStatus($"chub/{Own}/status", Encoding.UTF8.GetBytes(payload)));
}
