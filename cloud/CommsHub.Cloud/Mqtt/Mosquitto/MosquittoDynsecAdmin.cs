using System.Security.Cryptography;
using System.Text;
using CommsHub.Cloud.Security;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>
/// The one account that may administer the dynamic security plugin over MQTT (its control topic
/// <c>$CONTROL/dynamic-security/v1</c>), which <c>commshub broker mosquitto-sync</c> uses to apply accounts added to
/// <c>credentials.json</c> after the broker started: Mosquitto 2.0's plugin reads its file only at start, not on SIGHUP.
/// Its secret is random, kept owner-only (0600) in the broker's folder next to <c>dynamic-security.json</c> (which holds
/// only its hash), reused when <c>mosquitto-config</c> runs again, and never printed. The account is tied to its
/// username as client id and may only send commands and read their answers: no adapter, hub or user topic.
/// </summary>
public static class MosquittoDynsecAdmin
{
    /// <summary>The admin account's username (not an EUI and not <c>adapter</c>, so no credentials entry can be it).</summary>
    public const string Username = "commshub-admin";

    /// <summary>The admin account's role.</summary>
    public const string Role = "commshub-admin";

    /// <summary>The plugin's command topic.</summary>
    public const string ControlTopic = "$CONTROL/dynamic-security/v1";

    /// <summary>Where the plugin publishes its answers.</summary>
    public const string ResponseTopic = ControlTopic + "/response";

    /// <summary>The secret's file name in the broker's folder.</summary>
    public const string SecretFileName = "dynsec-admin.secret";

    /// <summary>The admin role's ACL entries (acltype, topic), each an allow.</summary>
    public static IReadOnlyList<(string AclType, string Topic)> Acls =>
        [("publishClientSend", ControlTopic), ("subscribeLiteral", ResponseTopic), ("publishClientReceive", ResponseTopic)];

    /// <summary>The secret in <paramref name="outDirectory"/>, created (random, 0600) when there is none yet.</summary>
    public static string LoadOrCreateSecret(string outDirectory)
    {
        var path = Path.Combine(outDirectory, SecretFileName);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            // Not overwriting: a concurrent run that got there first wins, and both use its secret.
            OwnerOnlyFile.Write(path, s => s.Write(Encoding.ASCII.GetBytes(fresh + "\n")), overwrite: false);
        }
        return LoadSecret(outDirectory);
    }

    /// <summary>The secret in <paramref name="outDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">there is none (the folder predates the admin account), it is empty,
    /// or others may read it.</exception>
    public static string LoadSecret(string outDirectory)
    {
        var path = Path.Combine(outDirectory, SecretFileName);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} does not exist: run `commshub broker mosquitto-config` on this folder and restart Mosquitto once, "
                + "so that the broker has the admin account");
        if (OwnerOnlyFile.IsWiderThanOwner(path)) throw new InvalidOperationException($"{path} may be read by others: make it 0600 (chmod 600)");
        var secret = File.ReadAllText(path).Trim();
        if (secret.Length == 0) throw new InvalidOperationException($"{path} is empty");
        return secret;
    }
}
