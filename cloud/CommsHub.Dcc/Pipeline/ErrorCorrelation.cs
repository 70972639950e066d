using System.Security.Cryptography;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// Correlation ids for failures the client is told about only in fixed words: the client gets the id, the server log
/// gets the id with the whole error, so an operator can find one from the other without the error's text (which can
/// name database hosts, users, tables) ever leaving the server.
/// </summary>
public static class ErrorCorrelation
{
    /// <summary>A new id: 16 lower-case hex digits, random (so it says nothing about the server or the request).</summary>
    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
