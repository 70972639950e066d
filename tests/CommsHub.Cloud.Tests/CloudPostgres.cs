namespace CommsHub.Cloud.Tests;

/// <summary>
/// The PostgreSQL server the Cloud tests that need one use (<c>COMMSHUB_POSTGRES</c>). Outside CI its absence skips them
/// with the reason; CI sets it up (<c>.ci/run</c>, <c>.ci/postgres-setup.sh</c>), so there its absence fails them rather
/// than letting them pass as skipped.
/// </summary>
internal static class CloudPostgres
{
    /// <summary>The environment variable holding the administrative Npgsql connection string.</summary>
    public const string EnvironmentVariable = "COMMSHUB_POSTGRES";

    /// <summary>The connection string, or null when it is not set.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>Why a test that needs PostgreSQL is skipped: null when it is configured, or when CI demands it.</summary>
    public static string? SkipReason(string what) =>
        ConnectionString is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? $"PostgreSQL not configured: export {EnvironmentVariable}=\"$(bash .ci/postgres-setup.sh)\" to run {what}"
            : null;

    /// <summary>The connection string of a test that runs.</summary>
    /// <exception cref="InvalidOperationException">It is not set (under CI: <see cref="SkipReason"/> did not skip).</exception>
    public static string Required => ConnectionString ?? throw new InvalidOperationException(
        $"{EnvironmentVariable} is not set but CI is: PostgreSQL must be available in CI. "
        + $"Run `export {EnvironmentVariable}=\"$(bash .ci/postgres-setup.sh)\"` first.");
}
