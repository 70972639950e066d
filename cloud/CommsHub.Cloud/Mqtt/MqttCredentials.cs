using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// Username/password credentials of the embedded broker: username = the hub's or user's EUI (16 upper-case hex) or
/// <c>adapter</c>, password = a random per-identity secret. Kept in <c>mqtt/credentials.json</c> under the data
/// directory (mode 0600; hand each hub and user its own line). Passwords cross the wire in clear on the plain endpoint,
/// which is why it binds to loopback by default; beyond the machine use the TLS endpoint, optionally with SMKI client
/// certificates instead of passwords (<see cref="PrincipalOf"/>).
/// </summary>
public sealed class MqttCredentials
{
    /// <summary>The username of the adapter principal.</summary>
    public const string AdapterUser = "adapter";

    private readonly Dictionary<string, Entry> _entries;

    private MqttCredentials(string path, Dictionary<string, Entry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The credentials file.</summary>
    public string Path { get; }

    /// <summary>One credential.</summary>
    /// <param name="Username">EUI or "adapter".</param>
    /// <param name="Kind">Adapter, hub or user.</param>
    /// <param name="Secret">The password.</param>
    public sealed record Entry(string Username, MqttPrincipalKind Kind, string Secret)
    {
        /// <summary>The username and kind: never the secret (a record prints every member, and this one may be logged).</summary>
        public override string ToString() => $"{Username} ({Kind})";
    }

    /// <summary>
    /// Loads the file, adding an entry (with a fresh secret) for the adapter and every hub and user not in it yet,
    /// and writes it back only when something was added.
    /// </summary>
    /// <exception cref="InvalidOperationException">the file is not a credentials file (the message names it).</exception>
    public static MqttCredentials LoadOrCreate(string path, IEnumerable<ulong> hubs, IEnumerable<ulong> users)
    {
        var entries = File.Exists(path) ? Read(path) : new Dictionary<string, Entry>(StringComparer.Ordinal);
        var added = false;
        void Ensure(string user, MqttPrincipalKind kind)
        {
            if (entries.ContainsKey(user)) return;
            entries[user] = new Entry(user, kind, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
            added = true;
        }
        Ensure(AdapterUser, MqttPrincipalKind.Adapter);
        foreach (var hub in hubs) Ensure(CommsHub.Protocol.Encoding.Eui64.ToText(hub), MqttPrincipalKind.Hub);
        foreach (var user in users) Ensure(CommsHub.Protocol.Encoding.Eui64.ToText(user), MqttPrincipalKind.User);
        if (added) Save(path, entries.Values.OrderBy(e => e.Kind).ThenBy(e => e.Username, StringComparer.Ordinal).ToList());
        return new MqttCredentials(path, entries);
    }

    // A damaged file stops the start naming it; it is never replaced, as every hub and user holds a secret from it.
    private static Dictionary<string, Entry> Read(string path)
    {
        try
        {
            return (JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path), Json) ?? []).ToDictionary(e => e.Username, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidOperationException($"'{path}' is not a credentials file (a JSON array of username, kind and secret, each username once): {ex.Message}", ex);
        }
    }

    /// <summary>Checks a CONNECT's credentials (constant-time secret comparison). Null when refused.</summary>
    public MqttPrincipal? Authenticate(string? username, string? password)
    {
        if (username is null || password is null || !_entries.TryGetValue(username, out var entry)) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(entry.Secret))) return null;
        if (entry.Kind == MqttPrincipalKind.Adapter) return MqttPrincipal.Adapter;
        return TopicAuthorization.TryParseContractEui(username, out var eui) ? new MqttPrincipal(entry.Kind, eui) : null;
    }

    /// <summary>
    /// The hub or user principal of <paramref name="eui"/> (the party a client certificate names), or null when no hub or
    /// user of that EUI holds credentials: the same principal its username would authenticate as.
    /// </summary>
    public MqttPrincipal? PrincipalOf(ulong eui) =>
        _entries.TryGetValue(CommsHub.Protocol.Encoding.Eui64.ToText(eui), out var entry) && entry.Kind != MqttPrincipalKind.Adapter
            ? new MqttPrincipal(entry.Kind, eui)
            : null;

    /// <summary>
    /// Loads an existing file (written by the service's first start) without adding anything.
    /// </summary>
    /// <exception cref="FileNotFoundException">there is no such file.</exception>
    /// <exception cref="InvalidOperationException">the file is not a credentials file (the message names it).</exception>
    public static MqttCredentials Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: start the adapter once with this data directory (it writes the MQTT credentials)", path);
        return LoadOrCreate(path, [], []);
    }

    /// <summary>Every credential, adapter first, then hubs and users by username.</summary>
    public IReadOnlyList<Entry> Entries => _entries.Values.OrderBy(e => e.Kind).ThenBy(e => e.Username, StringComparer.Ordinal).ToList();

    /// <summary>The secret of a username (for the demo launcher and tests), or null.</summary>
    public string? SecretOf(string username) => _entries.TryGetValue(username, out var e) ? e.Secret : null;

    /// <summary>All hub EUIs that hold credentials.</summary>
    public IEnumerable<ulong> Hubs => _entries.Values.Where(e => e.Kind == MqttPrincipalKind.Hub)
        .Select(e => TopicAuthorization.TryParseContractEui(e.Username, out var eui) ? eui : 0).Where(e => e != 0);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static void Save(string path, List<Entry> entries) =>
        Security.OwnerOnlyFile.Write(path, stream => JsonSerializer.Serialize(stream, entries, Json), overwrite: true);
}
