using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Security;

namespace CommsHub.Cli.Faults;

/// <summary>
/// The adapter's broker accounts file (<c>mqtt/credentials.json</c>, the <see cref="MqttCredentials"/> format) written
/// before the adapter first starts, so that a Mosquitto configured from it can run before the adapter (which, in External
/// mode, connects at start); the adapter adds what it misses and keeps the rest.
/// </summary>
internal static class BrokerAccounts
{
    /// <summary>A fresh random secret (32 hex digits).</summary>
    public static string Fresh() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> (owner-only), replacing it.</summary>
    public static void Write(string path, IEnumerable<MqttCredentials.Entry> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        var list = entries.ToList();
        OwnerOnlyFile.Write(path, stream => JsonSerializer.Serialize(stream, list, json), overwrite: true);
    }
}
