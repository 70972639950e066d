using System.Text.Json.Nodes;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>A client of the dynamic security plugin as the broker holds it.</summary>
/// <param name="Username">Its username.</param>
/// <param name="TextName">Its text name (CommsHub's accounts carry their kind: adapter, hub, user).</param>
/// <param name="ClientId">The client id it is tied to, or null.</param>
/// <param name="Roles">Its roles.</param>
public sealed record DynsecClient(string Username, string? TextName, string? ClientId, IReadOnlyList<string> Roles);

/// <summary>One ACL entry of a role.</summary>
/// <param name="AclType">publishClientSend, publishClientReceive, subscribeLiteral, subscribePattern, ...</param>
/// <param name="Topic">Its topic or filter.</param>
/// <param name="Allow">Allow (true) or deny.</param>
public sealed record DynsecAcl(string AclType, string Topic, bool Allow);

/// <summary>A role of the dynamic security plugin as the broker holds it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Acls">Its ACL entries.</param>
public sealed record DynsecRole(string Name, IReadOnlyList<DynsecAcl> Acls);

/// <summary>The plugin's clients and roles.</summary>
/// <param name="Clients">Every client.</param>
/// <param name="Roles">Every role.</param>
public sealed record DynsecState(IReadOnlyList<DynsecClient> Clients, IReadOnlyList<DynsecRole> Roles);

/// <summary>One change to the running broker: what it does, for the operator (never a secret), and the plugin command.</summary>
/// <param name="Description">What it changes.</param>
/// <param name="Command">The command for <see cref="MosquittoDynsecAdmin.ControlTopic"/>.</param>
public sealed record DynsecChange(string Description, JsonObject Command);

/// <summary>
/// What <c>commshub broker mosquitto-sync</c> changes on a running broker so that its dynamic security plugin holds what
/// <see cref="MosquittoDynamicSecurity"/> writes for <c>credentials.json</c>: each account with its role, client id tie and
/// the role's ACL entries exactly. Missing roles and clients are created (a new client with its password), wrong ACL
/// entries, role memberships and client ids corrected, and CommsHub's clients and roles (text name adapter, hub or user;
/// role adapter, hub-EUI or user-EUI) that are no longer in <c>credentials.json</c> deleted; other accounts (the admin,
/// an operator's own) are left alone. A state that already matches gives no change, so running it twice changes nothing
/// the second time. The plugin does not return passwords, so an existing client's password is set only when asked
/// (<c>resetPasswords</c>).
/// </summary>
public static class MosquittoDynsecSync
{
    /// <summary>The changes that bring <paramref name="state"/> to what <paramref name="entries"/> need, in an order the plugin accepts.</summary>
    public static IReadOnlyList<DynsecChange> Plan(IReadOnlyList<MqttCredentials.Entry> entries, DynsecState state, bool resetPasswords = false)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(state);
        var changes = new List<DynsecChange>();
        var roles = state.Roles.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var clients = state.Clients.ToDictionary(c => c.Username, StringComparer.Ordinal);

        // Roles first: a client is created with its role, which must exist by then.
        foreach (var entry in entries)
        {
            var name = MosquittoDynamicSecurity.RoleOf(entry);
            var wanted = MosquittoDynamicSecurity.Acls(entry).Select(a => new DynsecAcl(a.AclType, a.Topic, true)).ToList();
            if (!roles.TryGetValue(name, out var role))
            {
                changes.Add(new($"created role {name}", Command("createRole", ("rolename", name))));
                role = new DynsecRole(name, []);
            }
            // Removed before added: an entry for the same type and topic with another allow is replaced.
            foreach (var acl in role.Acls.Where(a => !wanted.Contains(a)))
                changes.Add(new($"removed from role {name}: {Text(acl)}", Command("removeRoleACL", ("rolename", name), ("acltype", acl.AclType), ("topic", acl.Topic))));
            foreach (var acl in wanted.Where(a => !role.Acls.Contains(a)))
            {
                var add = Command("addRoleACL", ("rolename", name), ("acltype", acl.AclType), ("topic", acl.Topic));
                add["priority"] = 0;
                add["allow"] = true;
                changes.Add(new($"added to role {name}: {Text(acl)}", add));
            }
        }

        foreach (var entry in entries)
        {
            var role = MosquittoDynamicSecurity.RoleOf(entry);
            var clientId = MosquittoDynamicSecurity.ClientIdOf(entry);
            if (!clients.TryGetValue(entry.Username, out var client))
            {
                var create = Command("createClient", ("username", entry.Username), ("password", entry.Secret), ("textname", MosquittoDynamicSecurity.TextNameOf(entry)));
                if (clientId is not null) create["clientid"] = clientId;
                create["roles"] = new JsonArray(new JsonObject { ["rolename"] = role });
                changes.Add(new($"created client {entry.Username} ({MosquittoDynamicSecurity.TextNameOf(entry)}, role {role}"
                    + (clientId is null ? "" : $", client id {clientId}") + ")", create));
                continue;
            }
            if (client.ClientId != clientId)
            {
                // Without a client id the command unties the account.
                var set = Command("setClientId", ("username", entry.Username));
                if (clientId is not null) set["clientid"] = clientId;
                changes.Add(new($"client {entry.Username}: client id {client.ClientId ?? "(none)"} -> {clientId ?? "(none)"}", set));
            }
            foreach (var extra in client.Roles.Where(r => r != role))
                changes.Add(new($"client {entry.Username}: removed role {extra}", Command("removeClientRole", ("username", entry.Username), ("rolename", extra))));
            if (!client.Roles.Contains(role))
                changes.Add(new($"client {entry.Username}: added role {role}", Command("addClientRole", ("username", entry.Username), ("rolename", role))));
            if (resetPasswords)
                changes.Add(new($"client {entry.Username}: password set", Command("setClientPassword", ("username", entry.Username), ("password", entry.Secret))));
        }

        // Accounts gone from credentials.json lose their access; only CommsHub's own are touched.
        var wantedClients = entries.Select(e => e.Username).ToHashSet(StringComparer.Ordinal);
        var wantedRoles = entries.Select(MosquittoDynamicSecurity.RoleOf).ToHashSet(StringComparer.Ordinal);
        foreach (var client in state.Clients.Where(c => IsOurs(c) && !wantedClients.Contains(c.Username)))
            changes.Add(new($"deleted client {client.Username} (not in credentials.json)", Command("deleteClient", ("username", client.Username))));
        foreach (var role in state.Roles.Where(r => IsOurRole(r.Name) && !wantedRoles.Contains(r.Name)))
            changes.Add(new($"deleted role {role.Name} (no account of credentials.json has it)", Command("deleteRole", ("rolename", role.Name))));
        return changes;
    }

    /// <summary>
    /// Reads the broker's state through <paramref name="control"/>, applies <see cref="Plan"/>'s changes, and reads it again
    /// to check that nothing is left to change; returns what was changed.
    /// </summary>
    /// <exception cref="InvalidOperationException">the plugin refused a change, or the state still differs after them.</exception>
    public static async Task<IReadOnlyList<DynsecChange>> ApplyAsync(MosquittoDynsecControl control, IReadOnlyList<MqttCredentials.Entry> entries,
        bool resetPasswords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        var changes = Plan(entries, await control.ReadStateAsync(cancellationToken).ConfigureAwait(false), resetPasswords);
        await control.ExecuteAsync([.. changes.Select(c => c.Command)], cancellationToken).ConfigureAwait(false);
        var left = Plan(entries, await control.ReadStateAsync(cancellationToken).ConfigureAwait(false));
        if (left.Count > 0) throw new InvalidOperationException($"the broker still differs after the sync: {left[0].Description} (and {left.Count - 1} more)");
        return changes;
    }

    private static bool IsOurs(DynsecClient client) =>
        client.Username != MosquittoDynsecAdmin.Username && client.TextName is "adapter" or "hub" or "user";

    private static bool IsOurRole(string name) =>
        name == "adapter" || (name.StartsWith("hub-", StringComparison.Ordinal) || name.StartsWith("user-", StringComparison.Ordinal))
            && TopicAuthorization.TryParseContractEui(name[(name.IndexOf('-') + 1)..], out _);

    private static string Text(DynsecAcl acl) => $"{acl.AclType} {acl.Topic}{(acl.Allow ? "" : " (deny)")}";

    private static JsonObject Command(string command, params (string Name, string Value)[] fields)
    {
        var json = new JsonObject { ["command"] = command };
        foreach (var (name, value) in fields) json[name] = value;
        return json;
    }
}
