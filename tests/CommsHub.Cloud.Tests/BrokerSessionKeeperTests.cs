using CommsHub.Cloud.Mqtt;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The keeper's rules on their own: whose session outlives its connection, for how long, how often it sweeps.</summary>
public sealed class BrokerSessionKeeperTests
{
    private static readonly MqttPrincipal Hub = new(MqttPrincipalKind.Hub, TestHubs.HubA);
    private static readonly MqttPrincipal User = new(MqttPrincipalKind.User, Dcc.Smki.DemoIdentities.Supplier);

    [Fact]
    public void Only_a_hubs_own_connection_keeps_its_session_and_none_when_the_expiry_is_zero()
    {
        var keeper = new BrokerSessionKeeper(TimeSpan.FromHours(1));
        Assert.True(keeper.Keeps(Hub, Hub.EuiText));
        Assert.False(keeper.Keeps(Hub, Hub.EuiText + "-tool"));
        Assert.False(keeper.Keeps(User, User.EuiText));
        Assert.False(keeper.Keeps(MqttPrincipal.Adapter, "commshub-adapter"));
        Assert.False(keeper.Keeps(null, Hub.EuiText));
        Assert.False(new BrokerSessionKeeper(TimeSpan.Zero).Keeps(Hub, Hub.EuiText));
    }

    [Fact]
    public void A_session_is_kept_for_the_cap_or_the_clients_shorter_expiry()
    {
        var keeper = new BrokerSessionKeeper(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromHours(1), keeper.KeptFor(7 * 24 * 3600)); // what the hubs ask for
        Assert.Equal(TimeSpan.FromSeconds(60), keeper.KeptFor(60));
        Assert.Equal(TimeSpan.FromHours(1), keeper.KeptFor(uint.MaxValue)); // "never expires"
        Assert.Equal(TimeSpan.FromHours(1), keeper.KeptFor(0)); // MQTT 3.1.1 clean session false: no interval sent
    }

    [Fact]
    public void The_sweep_runs_at_a_quarter_of_the_expiry_between_one_second_and_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new BrokerSessionKeeper(TimeSpan.FromHours(1)).SweepInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), new BrokerSessionKeeper(TimeSpan.FromMinutes(2)).SweepInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), new BrokerSessionKeeper(TimeSpan.FromSeconds(2)).SweepInterval);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrokerSessionKeeper(TimeSpan.FromSeconds(-1)));
    }
}
