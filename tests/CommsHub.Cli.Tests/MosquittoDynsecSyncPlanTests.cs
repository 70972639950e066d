using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary><see cref="MosquittoDynsecSync.Plan"/>: what the sync changes for a given broker state.</summary>
public sealed class MosquittoDynsecSyncPlanTests
{
    private static readonly MqttCredentials.Entry Adapter = new(MqttCredentials.AdapterUser, MqttPrincipalKind.Adapter, "s-adapter");
    private static readonly MqttCredentials.Entry Hub = new("02C04B10000001A2", MqttPrincipalKind.Hub, "s-hub");

    // The state the broker holds when it matches `entries` exactly.
    private static DynsecState Matching(params MqttCredentials.Entry[] entries) => new(
        [.. entries.Select(e => new DynsecClient(e.Username, MosquittoDynamicSecurity.TextNameOf(e), MosquittoDynamicSecurity.ClientIdOf(e), [MosquittoDynamicSecurity.RoleOf(e)]))],
        [.. entries.Select(e => new DynsecRole(MosquittoDynamicSecurity.RoleOf(e), [.. MosquittoDynamicSecurity.Acls(e).Select(a => new DynsecAcl(a.AclType, a.Topic, true))]))]);

    [Fact]
    public void A_matching_state_needs_no_change()
    {
        Assert.Empty(MosquittoDynsecSync.Plan([Adapter, Hub], Matching(Adapter, Hub)));
    }

    [Fact]
    public void Accounts_gone_from_the_credentials_lose_client_and_role_but_the_admin_and_others_accounts_stay()
    {
        var state = Matching(Adapter, Hub);
        state = state with
        {
            Clients = [.. state.Clients, new DynsecClient(MosquittoDynsecAdmin.Username, "admin", MosquittoDynsecAdmin.Username, [MosquittoDynsecAdmin.Role]),
                new DynsecClient("monitoring", null, null, ["monitoring"])],
            Roles = [.. state.Roles, new DynsecRole(MosquittoDynsecAdmin.Role, []), new DynsecRole("monitoring", [])],
        };

        var changes = MosquittoDynsecSync.Plan([Adapter], state).Select(c => c.Description).ToList();

        Assert.Equal(["deleted client 02C04B10000001A2 (not in credentials.json)", "deleted role hub-02C04B10000001A2 (no account of credentials.json has it)"], changes);
    }

    [Fact]
    public void A_wrong_client_id_extra_role_and_denied_acl_are_corrected_and_passwords_set_only_when_asked()
    {
        var state = Matching(Adapter, Hub);
        state = state with
        {
            Clients = [new DynsecClient(Hub.Username, "hub", null, ["hub-02C04B10000001A2", "adapter"]), state.Clients[0]],
            Roles = [state.Roles[0], new DynsecRole("hub-02C04B10000001A2", [new DynsecAcl("subscribeLiteral", "chub/02C04B10000001A2/down", false)])],
        };

        var changes = MosquittoDynsecSync.Plan([Adapter, Hub], state).Select(c => c.Description).ToList();

        Assert.Contains("removed from role hub-02C04B10000001A2: subscribeLiteral chub/02C04B10000001A2/down (deny)", changes);
        Assert.Contains("added to role hub-02C04B10000001A2: subscribeLiteral chub/02C04B10000001A2/down", changes);
        Assert.Contains("client 02C04B10000001A2: client id (none) -> 02C04B10000001A2", changes);
        Assert.Contains("client 02C04B10000001A2: removed role adapter", changes);
        Assert.DoesNotContain(changes, c => c.Contains("password", StringComparison.Ordinal));
        Assert.Equal(2, MosquittoDynsecSync.Plan([Adapter, Hub], Matching(Adapter, Hub), resetPasswords: true).Count(c => c.Description.EndsWith("password set", StringComparison.Ordinal)));
    }
}
