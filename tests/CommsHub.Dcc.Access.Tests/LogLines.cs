using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>A logger keeping each line as "Level: message", for tests that assert on what a store logs.</summary>
public sealed class LogLines : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Waits up to <paramref name="timeout"/> for a line containing <paramref name="text"/>; returns it or null.</summary>
    public string? WaitFor(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            if (DateTime.UtcNow > deadline) return null;
            Thread.Sleep(20);
        }
    }

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
