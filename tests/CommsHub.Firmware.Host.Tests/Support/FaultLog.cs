using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Keeps what hubs log at Error (or from another level on), with the exception logged with each line.</summary>
public sealed class FaultLog(LogLevel from = LogLevel.Error) : ILoggerProvider, ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Message, Exception? Exception)> _errors = new();

    public IReadOnlyList<(string Message, Exception? Exception)> Errors => _errors.ToArray();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= from;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) _errors.Enqueue((formatter(state, exception), exception));
    }

    public void Dispose()
    {
    }
}
