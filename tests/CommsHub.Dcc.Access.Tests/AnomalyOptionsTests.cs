using CommsHub.Dcc.Access.Tests.Backends;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The counting settings of <see cref="AnomalyOptions"/>: defaults and the bucket width's bounds.</summary>
public sealed class AnomalyOptionsTests
{
    [Fact]
    public void Counting_is_in_process_by_default_with_buckets_of_a_sixtieth_of_the_window()
    {
        var options = new AnomalyOptions();
        Assert.Equal(AnomalyCounting.InProcess, options.Counting);
        Assert.Null(options.BucketWidth);
        Assert.Equal(TimeSpan.FromMinutes(1), options.EffectiveBucketWidth()); // default window: one hour
        Assert.Equal(TimeSpan.FromSeconds(1), new AnomalyOptions { Window = TimeSpan.FromMinutes(1) }.EffectiveBucketWidth());
        Assert.Equal(TimeSpan.FromTicks(1), new AnomalyOptions { Window = TimeSpan.FromTicks(7) }.EffectiveBucketWidth());
        Assert.Equal(TimeSpan.FromMinutes(5), new AnomalyOptions { BucketWidth = TimeSpan.FromMinutes(5) }.EffectiveBucketWidth());
    }

    [Fact]
    public void A_bucket_width_that_is_not_positive_or_exceeds_the_window_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyOptions { BucketWidth = TimeSpan.Zero }.EffectiveBucketWidth());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyOptions { BucketWidth = TimeSpan.FromHours(2) }.EffectiveBucketWidth());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyOptions { Window = TimeSpan.Zero }.EffectiveBucketWidth());
    }

    [Fact]
    public void Access_control_refuses_shared_counting_with_a_bad_bucket_width_at_construction()
    {
        using var backend = new SqliteBackend();
        using var store = backend.Open();
        var options = new AccessControlOptions
        {
            Anomaly = new AnomalyOptions { Counting = AnomalyCounting.Shared, BucketWidth = TimeSpan.FromHours(2) },
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => new AccessControl(store, options));
        options.Anomaly.Counting = AnomalyCounting.InProcess; // the width is not used in-process
        _ = new AccessControl(store, options);
    }
}
