using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CommsHub.Cloud.Adapter;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A metric tag is a key a metrics exporter keeps a time series for, forever: no tag may take whatever a request
/// carries, or each new value grows the exporter's (and the scraper's) memory. The DUIS decision counter's tags are
/// bounded to the SRV catalogue and the response code shape.
/// </summary>
public sealed class MetricTagBoundTests
{
    [Fact]
    public void Decisions_of_srvs_and_codes_outside_the_known_sets_share_one_other_tag()
    {
        using var metrics = new AdapterMetrics();
        var tags = new ConcurrentBag<(string Srv, string Code)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "commshub.duis.decisions") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, measured, _) =>
        {
            string? srv = null, code = null;
            foreach (var tag in measured)
            {
                if (tag.Key == "srv") srv = (string?)tag.Value;
                if (tag.Key == "code") code = (string?)tag.Value;
            }
            tags.Add((srv!, code!));
        });
        listener.Start();

        metrics.Decided("4.1.1", "I99");
        metrics.Decided("8.2", "409");
        for (var i = 0; i < 100; i++) metrics.Decided($"99.{i}", $"X{i}\n");

        Assert.Equal([("4.1.1", "I99"), ("8.2", "409"), ("other", "other")], tags.Distinct().Order());
    }
}
