namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// The GSME's gas network data log. GCS31 (14.1 Record Network Data) starts it as a sampling session of 41 six-minute
/// samples, so it never holds more than four hours; GCS18 (4.10 Read Network Data) reads it whole.
/// </summary>
internal static class GasNetworkDataLog
{
    /// <summary>The Get Sampled Data sample id of the network data.</summary>
    public const int SampleId = 2;

    /// <summary>Seconds between two samples (six minutes).</summary>
    public const int IntervalSeconds = 360;

    /// <summary>The samples one session holds (four hours and the sample that closes them).</summary>
    public const int Samples = 41;

    /// <summary>
    /// The Earliest Sample Time that takes the log from its first sample: one second after the ZigBee epoch
    /// (2000-01-01T00:00:01Z), earlier than any sample a GSME can hold.
    /// </summary>
    public const uint FromFirstSample = 1;
}
