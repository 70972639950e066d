using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommsHub.Cloud.Tests;

/// <summary>Keeps every log line the service writes at or above the configured level, for tests that assert on them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Line, Exception? Error)> _lines = new();

    /// <summary>The lines so far, as "Level Category: message".</summary>
    public IReadOnlyList<string> Lines => _lines.Select(l => l.Line).ToArray();

    /// <summary>The lines so far, each followed by the exception logged with it (as a console logger writes it), if any.</summary>
    public IReadOnlyList<string> LinesWithErrors => _lines.Select(l => l.Error is null ? l.Line : $"{l.Line}\n{l.Error}").ToArray();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue(($"{logLevel} {category}: {formatter(state, exception)}", exception));
    }
}
