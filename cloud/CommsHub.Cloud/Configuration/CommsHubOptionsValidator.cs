using System.Net;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Configuration;

/// <summary>Checks <see cref="CommsHubOptions"/> so a bad setting stops the start with a message naming it.</summary>
public sealed class CommsHubOptionsValidator : IValidateOptions<CommsHubOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CommsHubOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) errors.Add("CommsHub:DataDirectory must not be empty");
        if (!Uri.TryCreate(options.Http.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors.Add($"CommsHub:Http:Url '{options.Http.Url}' is not an http(s) URL");
        // Kestrel refuses a path base only once the host starts, after the data directory is made, with a stack trace.
        else if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0)
            errors.Add($"CommsHub:Http:Url '{options.Http.Url}' must not have a path, query or fragment (the endpoints are /api/v1/..., /health)");
        if (options.Http.MaxRequestBodyBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"CommsHub:Http:MaxRequestBodyBytes {options.Http.MaxRequestBodyBytes} is outside 1 KiB..64 MiB");
        if (options.Mqtt.Port is < 0 or > 65535) errors.Add($"CommsHub:Mqtt:Port {options.Mqtt.Port} is not a TCP port");
        if (!IPAddress.TryParse(options.Mqtt.Address, out _)) errors.Add($"CommsHub:Mqtt:Address '{options.Mqtt.Address}' is not an IP address");
        if (options.Mqtt.MaxHubPacketBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"CommsHub:Mqtt:MaxHubPacketBytes {options.Mqtt.MaxHubPacketBytes} is outside 1 KiB..64 MiB");
        if (options.Mqtt.MaxPacketBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"CommsHub:Mqtt:MaxPacketBytes {options.Mqtt.MaxPacketBytes} is outside 1 KiB..64 MiB");
        if (options.Mqtt.ReadBlockBytes is < 1024 or > 1024 * 1024)
            errors.Add($"CommsHub:Mqtt:ReadBlockBytes {options.Mqtt.ReadBlockBytes} is outside 1 KiB..1 MiB");
        if (options.Mqtt.HubSessionExpirySeconds is < 0 or > 7 * 86_400)
            errors.Add($"CommsHub:Mqtt:HubSessionExpirySeconds {options.Mqtt.HubSessionExpirySeconds} is outside 0..604800");
        ValidateTls(options.Mqtt, errors);
        ExternalBrokerValidation.Validate(options.Mqtt, errors);
        if (options.Mqtt.InboxCapacity is < 1 or > 1_000_000)
            errors.Add($"CommsHub:Mqtt:InboxCapacity {options.Mqtt.InboxCapacity} is outside 1..1000000");
        if (options.Mqtt.InboxThreads is < 1 or > Adapter.MqttInboxReader.MaxThreads)
            errors.Add($"CommsHub:Mqtt:InboxThreads {options.Mqtt.InboxThreads} is outside 1..{Adapter.MqttInboxReader.MaxThreads}");
        if (options.Mqtt.IntakeThreads is < 1 or > Adapter.MqttInboxReader.MaxIntakeThreads)
            errors.Add($"CommsHub:Mqtt:IntakeThreads {options.Mqtt.IntakeThreads} is outside 1..{Adapter.MqttInboxReader.MaxIntakeThreads}");
        ValidateSqlite(options.Storage.Sqlite, errors);
        ValidatePostgres(options.Storage.PostgresConnectionString, errors);
        if (options.Storage.SchemaCheckSeconds is < 1 or > 3600)
            errors.Add($"CommsHub:Storage:SchemaCheckSeconds {options.Storage.SchemaCheckSeconds} is outside 1..3600");
        if (!Enum.IsDefined(options.Identity.Mode)) errors.Add($"CommsHub:Identity:Mode '{options.Identity.Mode}' is not minted or rtds");
        if (options.Dispatch.OfflinePolicy is not { } policy
            || !(policy.Equals("E20", StringComparison.OrdinalIgnoreCase) || policy.Equals("queue", StringComparison.OrdinalIgnoreCase)))
            errors.Add($"CommsHub:Dispatch:OfflinePolicy '{options.Dispatch.OfflinePolicy}' is not E20 or queue");
        if (options.Dispatch.ResponseTimeoutSeconds is < 1 or > 86_400)
            errors.Add($"CommsHub:Dispatch:ResponseTimeoutSeconds {options.Dispatch.ResponseTimeoutSeconds} is outside 1..86400");
        if (options.Dispatch.MaxQueueSeconds is < 0 or > 7 * 86_400)
            errors.Add($"CommsHub:Dispatch:MaxQueueSeconds {options.Dispatch.MaxQueueSeconds} is outside 0..604800");
        if (options.Dispatch.FinishedRetentionHours is < 0 or > 87_600)
            errors.Add($"CommsHub:Dispatch:FinishedRetentionHours {options.Dispatch.FinishedRetentionHours} is outside 0..87600 (ten years)");
        if (options.Dispatch.MaxDecisionBatch is < 1 or > 1024)
            errors.Add($"CommsHub:Dispatch:MaxDecisionBatch {options.Dispatch.MaxDecisionBatch} is outside 1..1024");
        if (options.Dispatch.HubReconnectGraceSeconds is < 0 or > 3600)
            errors.Add($"CommsHub:Dispatch:HubReconnectGraceSeconds {options.Dispatch.HubReconnectGraceSeconds} is outside 0..3600");
        if (options.Dispatch.SweepIntervalMilliseconds is < 50 or > 600_000)
            errors.Add($"CommsHub:Dispatch:SweepIntervalMilliseconds {options.Dispatch.SweepIntervalMilliseconds} is outside 50..600000");
        if (options.Dispatch.OutboxFirstRetrySeconds is < 1 or > 3600)
            errors.Add($"CommsHub:Dispatch:OutboxFirstRetrySeconds {options.Dispatch.OutboxFirstRetrySeconds} is outside 1..3600");
        if (options.Dispatch.OutboxMaxRetrySeconds < options.Dispatch.OutboxFirstRetrySeconds || options.Dispatch.OutboxMaxRetrySeconds > 86_400)
            errors.Add($"CommsHub:Dispatch:OutboxMaxRetrySeconds {options.Dispatch.OutboxMaxRetrySeconds} is outside OutboxFirstRetrySeconds..86400");
        if (options.Dispatch.OutboxRetentionHours is < 1 or > 8_760)
            errors.Add($"CommsHub:Dispatch:OutboxRetentionHours {options.Dispatch.OutboxRetentionHours} is outside 1..8760 (a year)");
        if (options.Dispatch.OutboxIntervalMilliseconds is < 50 or > 600_000)
            errors.Add($"CommsHub:Dispatch:OutboxIntervalMilliseconds {options.Dispatch.OutboxIntervalMilliseconds} is outside 50..600000");
        if (options.Dispatch.OutboxWarnAfterSeconds is < 1 or > 8_760 * 3600)
            errors.Add($"CommsHub:Dispatch:OutboxWarnAfterSeconds {options.Dispatch.OutboxWarnAfterSeconds} is not positive or beyond a year");
        if (options.Dispatch.OutboxAwaitedMegabytes is < 1 or > 65_536)
            errors.Add($"CommsHub:Dispatch:OutboxAwaitedMegabytes {options.Dispatch.OutboxAwaitedMegabytes} is outside 1..65536");
        if (options.Demo.OutboxCapacity < 1)
            errors.Add($"CommsHub:Demo:OutboxCapacity {options.Demo.OutboxCapacity} must be at least 1");
        if (options.Demo.Hubs is < 1 or > 2)
            errors.Add($"CommsHub:Demo:Hubs {options.Demo.Hubs} is outside 1..2 (the minted demo hubs)");
        if (options.Demo.Enabled && options.Identity.Mode != IdentityMode.Minted)
            errors.Add("CommsHub:Demo:Enabled needs CommsHub:Identity:Mode minted (the demo hubs' device keys come from the minted SMKI)");
        if (options.Demo.Enabled && options.Mqtt.Mode == MqttMode.External && options.Mqtt.External.Tls.Enabled)
            errors.Add("CommsHub:Demo:Enabled with CommsHub:Mqtt:Mode External needs a plain listener (CommsHub:Mqtt:External:Tls:Enabled false): the demo hubs log in with username and password over TCP");
        if (options.Demo.Enabled && options.Mqtt.Mode == MqttMode.Embedded && !options.Mqtt.Enabled)
            errors.Add("CommsHub:Demo:Enabled needs the embedded broker (CommsHub:Mqtt:Enabled)");
        if (options.Demo.Enabled && options.Mqtt.Mode == MqttMode.Embedded && !options.Mqtt.PlainEndpoint)
            errors.Add("CommsHub:Demo:Enabled needs the plain MQTT endpoint (CommsHub:Mqtt:PlainEndpoint): the demo hubs log in with username and password");
        if (options.Anomaly.Window <= TimeSpan.Zero || options.Anomaly.Window > TimeSpan.FromDays(31))
            errors.Add($"CommsHub:Anomaly:Window {options.Anomaly.Window} is outside 00:00:01..31 days");
        if (options.Anomaly.BucketWidth is { } width && (width <= TimeSpan.Zero || width > options.Anomaly.Window))
            errors.Add($"CommsHub:Anomaly:BucketWidth {width} must be positive and at most CommsHub:Anomaly:Window ({options.Anomaly.Window})");
        if (options.Anomaly.DefaultMaxRequests < 1)
            errors.Add($"CommsHub:Anomaly:DefaultMaxRequests {options.Anomaly.DefaultMaxRequests} is not positive");
        for (var i = 0; i < options.Anomaly.Thresholds.Count; i++)
        {
            var t = options.Anomaly.Thresholds[i];
            if (t.MaxRequests < 1)
                errors.Add($"CommsHub:Anomaly:Thresholds:{i}:MaxRequests {t.MaxRequests} is not positive");
            if (!string.IsNullOrEmpty(t.UserEui) && !Mqtt.TopicAuthorization.TryParseContractEui(t.UserEui, out _))
                errors.Add($"CommsHub:Anomaly:Thresholds:{i}:UserEui '{t.UserEui}' is not a User ID (16 upper-case hex digits)");
            if (string.IsNullOrEmpty(t.UserEui) && string.IsNullOrEmpty(t.Srv))
                errors.Add($"CommsHub:Anomaly:Thresholds:{i} names neither UserEui nor Srv (use DefaultMaxRequests)");
        }
        if (!string.IsNullOrEmpty(options.Operator.Token)
            && (options.Operator.Token.Length < Security.OperatorToken.MinimumLength || options.Operator.Token.Any(c => c <= ' ' || c > '~')))
            // Printable ASCII without spaces: anything else does not survive an HTTP header intact.
            errors.Add($"CommsHub:Operator:Token must be at least {Security.OperatorToken.MinimumLength} printable ASCII characters without spaces");
        foreach (var (user, callback) in options.Callbacks)
        {
            if (!Mqtt.TopicAuthorization.TryParseContractEui(user.ToUpperInvariant(), out _))
                errors.Add($"CommsHub:Callbacks:{user} is not a User ID (16 hex digits)");
            // The URL is not repeated: it may carry a password.
            var refusal = Uri.TryCreate(callback, UriKind.Absolute, out var cb)
                ? Dcc.Dispatch.HttpCallbackDelivery.Refusal(cb)
                : "is not an absolute http(s) URL";
            if (refusal is not null) errors.Add($"CommsHub:Callbacks:{user} {refusal}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePostgres(string? connectionString, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return;
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The parser's message names the keyword or the position, never a value: the string may carry a password.
            // But an unknown "keyword" may be the tail of a password holding an unquoted ';', so only a keyword Npgsql
            // knows is repeated.
            var reason = ex.ParamName is { } keyword && !new Npgsql.NpgsqlConnectionStringBuilder().ContainsKey(keyword)
                ? "an unknown keyword, not repeated here as it may be part of a password: quote a value that holds ';'"
                : ex.Message;
            errors.Add($"CommsHub:Storage:PostgresConnectionString is not an Npgsql connection string ({reason})");
        }
    }

    private static void ValidateSqlite(CommsHub.Dcc.Storage.Sql.SqliteStoreOptions sqlite, List<string> errors)
    {
        const string Prefix = "CommsHub:Storage:Sqlite:";
        if (sqlite.MaxGroupCommit is < 1 or > 4096) errors.Add($"{Prefix}MaxGroupCommit {sqlite.MaxGroupCommit} is outside 1..4096");
        if (sqlite.BusyTimeout <= TimeSpan.Zero || sqlite.BusyTimeout > TimeSpan.FromMinutes(10))
            errors.Add($"{Prefix}BusyTimeout {sqlite.BusyTimeout} is outside 00:00:00.001..00:10:00");
        if (!CommsHub.Dcc.Storage.Sql.SqliteStoreOptions.IsValidPageSize(sqlite.PageSize))
            errors.Add($"{Prefix}PageSize {sqlite.PageSize} is not a power of two from 512 to 65536");
        if (sqlite.CheckpointAfterCommits < 0) errors.Add($"{Prefix}CheckpointAfterCommits {sqlite.CheckpointAfterCommits} is negative");
        if (sqlite.CheckpointInterval < TimeSpan.Zero) errors.Add($"{Prefix}CheckpointInterval {sqlite.CheckpointInterval} is negative");
        if (sqlite.WalAutoCheckpointPages < 1) errors.Add($"{Prefix}WalAutoCheckpointPages {sqlite.WalAutoCheckpointPages} is below 1");
        if (sqlite.ReferenceCacheTtl < TimeSpan.Zero) errors.Add($"{Prefix}ReferenceCacheTtl {sqlite.ReferenceCacheTtl} is negative");
        // "." and ".." name the data directory and its parent, not a file in it.
        if (string.IsNullOrWhiteSpace(sqlite.FileName) || sqlite.FileName.IndexOfAny(['/', '\\']) >= 0 || sqlite.FileName is "." or "..")
            errors.Add($"{Prefix}FileName '{sqlite.FileName}' must be a plain file name");
    }

    private static void ValidateTls(MqttSettings mqtt, List<string> errors)
    {
        var tls = mqtt.Tls;
        if (tls.Port is < 0 or > 65535) errors.Add($"CommsHub:Mqtt:Tls:Port {tls.Port} is not a TCP port");
        if (tls.Address is not null && !IPAddress.TryParse(tls.Address, out _))
            errors.Add($"CommsHub:Mqtt:Tls:Address '{tls.Address}' is not an IP address");
        if (mqtt.Enabled && !mqtt.PlainEndpoint && !tls.Enabled)
            errors.Add("CommsHub:Mqtt:PlainEndpoint is off and CommsHub:Mqtt:Tls:Enabled too: the broker would listen nowhere");
        // Checked here so the start names the setting, not only the path the file system could not find.
        if (tls.ClientCaFile is { } clientCa && !File.Exists(clientCa))
            errors.Add($"CommsHub:Mqtt:Tls:ClientCaFile '{clientCa}' does not exist");
        if (tls.RequireClientCertificate && !tls.Enabled)
            errors.Add("CommsHub:Mqtt:Tls:RequireClientCertificate needs CommsHub:Mqtt:Tls:Enabled");
        if (tls.Enabled && mqtt.PlainEndpoint && tls.Port != 0 && tls.Port == mqtt.Port && (tls.Address ?? mqtt.Address) == mqtt.Address)
            errors.Add($"CommsHub:Mqtt:Tls:Port {tls.Port} is the plain endpoint's port on the same address");
        if (tls.HostNames.Any(string.IsNullOrWhiteSpace)) errors.Add("CommsHub:Mqtt:Tls:HostNames has an empty entry");
    }
}
