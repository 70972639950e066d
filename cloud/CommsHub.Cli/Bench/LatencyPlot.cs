namespace CommsHub.Cli.Bench;

/// <summary>
/// The latency plot of a run with ScottPlot 5: each completed request as a point (seconds into the load, latency in ms),
/// one colour per request class, and the overall p99 as a line. PNG through SkiaSharp's self-contained Linux native
/// library; if that cannot load here, the same plot as SVG, and the note says why.
/// </summary>
internal static class LatencyPlot
{
    /// <summary>Writes latency.png (or latency.svg) into <paramref name="folder"/>; returns what was written.</summary>
    public static string Write(string folder, IReadOnlyList<(double At, double Ms, string Class)> samples, double p99Ms)
    {
        var plot = new ScottPlot.Plot();
        foreach (var group in samples.GroupBy(s => s.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = plot.Add.ScatterPoints(group.Select(s => s.At).ToArray(), group.Select(s => s.Ms).ToArray());
            points.LegendText = group.Key;
            points.MarkerSize = 2;
        }
        if (p99Ms > 0)
        {
            var line = plot.Add.HorizontalLine(p99Ms);
            line.LegendText = $"p99 {p99Ms:0.#} ms";
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title("commshub bench: latency per request (due to verified outcome)");
        plot.XLabel("seconds into the load");
        plot.YLabel("latency, ms");
        plot.ShowLegend();
        var png = Path.Combine(folder, "latency.png");
        try
        {
            plot.SavePng(png, 1200, 600);
            return "latency.png";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // No usable native SkiaSharp on this machine: the vector form needs none.
            var svg = Path.Combine(folder, "latency.svg");
            plot.SaveSvg(svg, 1200, 600);
            return $"latency.svg (PNG rendering failed: {e.GetBaseException().Message})";
        }
    }
}
