namespace CommsHub.Firmware.Host.Cli;

/// <summary>
/// Progress of a fleet's start: <c>commshub-hub: started N of M hub(s)</c>, at most once per interval. Each hub loads or
/// generates its keys and builds its meters before the next, so 2,000 hubs take a minute or more on a busy 2-core
/// machine; without a line a user (or the bench, which waits for the fleet's ready line) cannot tell a slow start from a
/// stuck one. A start quicker than the interval prints nothing, and the last hub prints nothing: the ready line follows.
/// </summary>
internal sealed class StartProgress
{
    private readonly TextWriter _stdout;
    private readonly int _total;
    private readonly TimeSpan _every;
    private readonly Func<DateTime> _now;
    private DateTime _last;

    /// <summary>Reports on <paramref name="stdout"/> the start of <paramref name="total"/> hubs, at most every <paramref name="every"/>.</summary>
    public StartProgress(TextWriter stdout, int total, TimeSpan every, Func<DateTime> now)
    {
        _stdout = stdout;
        _total = total;
        _every = every;
        _now = now;
        _last = now();
    }

    /// <summary>Called after each hub has started, with how many have.</summary>
    public void Started(int started)
    {
        if (started >= _total) return;
        var now = _now();
        if (now - _last < _every) return;
        _last = now;
        _stdout.WriteLine($"commshub-hub: started {started} of {_total} hub(s)");
    }
}
