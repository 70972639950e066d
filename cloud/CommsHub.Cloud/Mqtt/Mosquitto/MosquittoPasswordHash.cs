using System.Security.Cryptography;
using System.Text;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>
/// Mosquitto's own password-file hash, as <c>mosquitto_passwd</c> 2.x writes it: <c>$7$101$&lt;salt&gt;$&lt;hash&gt;</c>,
/// PBKDF2-HMAC-SHA512 over the UTF-8 password with 101 iterations, a 12-byte random salt and a 64-byte result, both
/// base64. Used when <c>mosquitto_passwd</c> is not installed, and (as separate salt, hash and iteration fields) for the
/// dynamic security plugin's clients, whose 2.0 code hashes passwords the same way (<see cref="MosquittoDynamicSecurity"/>).
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>The iteration count <c>mosquitto_passwd</c> uses.</summary>
    public const int Iterations = 101;

    /// <summary>The hash of <paramref name="password"/> with a fresh salt.</summary>
    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(12), Iterations);

    /// <summary>The hash of <paramref name="password"/> with <paramref name="salt"/> and <paramref name="iterations"/>.</summary>
    public static string Hash(string password, byte[] salt, int iterations) =>
        $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(Derive(password, salt, iterations))}";

    /// <summary>A fresh 12-byte salt and the 64-byte PBKDF2-SHA512 hash of <paramref name="password"/> with <see cref="Iterations"/>.</summary>
    public static (byte[] Salt, byte[] Hash) Derive(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(12);
        return (salt, Derive(password, salt, Iterations));
    }

    /// <summary>The 64-byte PBKDF2-SHA512 hash of <paramref name="password"/> (UTF-8) with <paramref name="salt"/> and <paramref name="iterations"/>.</summary>
    public static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 64);

    /// <summary>Does <paramref name="encoded"/> (a <c>$7$</c> hash) match <paramref name="password"/>? Constant time.</summary>
    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "7" || !int.TryParse(parts[2], out var iterations) || iterations < 1) return false;
        try
        {
            var salt = Convert.FromBase64String(parts[3]);
            var expected = Convert.FromBase64String(parts[4]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
