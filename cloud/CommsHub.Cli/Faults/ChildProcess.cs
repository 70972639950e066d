using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CommsHub.Cli.Faults;

/// <summary>
/// A .NET program the harness runs as a child process (<c>dotnet X.dll args</c>): its stdout and stderr go, line by line
/// and prefixed with its name, to a log file shared by every start of it, and the harness can wait for a line, kill it
/// with SIGKILL (the fault) or stop it with SIGTERM (the clean end of a run).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly string _name;
    private readonly TextWriter _log;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private volatile bool _ending;

    private ChildProcess(Process process, string name, TextWriter log)
    {
        _process = process;
        _name = name;
        _log = log;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    // Called (with the exit code) when the process ends by itself, not through KillAsync or StopAsync: a crash to report.
    private Action<int>? _exitedByItself;

    /// <summary>The last lines it wrote (stdout and stderr), for an error message.</summary>
    public string Tail
    {
        get
        {
            lock (_gate) return string.Join(" | ", _lines.Skip(Math.Max(0, _lines.Count - 5)));
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/> with
    /// <paramref name="environment"/> added; its output is appended to <paramref name="log"/> (a synchronised writer), and
    /// <paramref name="exitedByItself"/> is called with the exit code if it ends other than by <see cref="KillAsync"/> or
    /// <see cref="StopAsync"/>.
    /// </summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, TextWriter log, Action<int>? exitedByItself = null) =>
        StartProgram(name, DotnetHost(), [dll, .. args], environment, workingDirectory, log, exitedByItself);

    /// <summary>As <see cref="Start"/>, for a native program (<paramref name="program"/>, e.g. Mosquitto) instead of a .NET dll.</summary>
    public static ChildProcess StartProgram(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, TextWriter log, Action<int>? exitedByItself = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Kept open and never written: the hub reads line commands from stdin, and must not share the harness's.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name, log) { _exitedByItself = exitedByItself };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.OnExited();
        if (!process.Start()) throw new InvalidOperationException($"{name}: could not start {info.FileName}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Write($"started: pid {process.Id}");
        return child;
    }

    /// <summary>How many lines it has written so far (a mark for <see cref="WaitForLineAsync"/>).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate) return _lines.Count;
        }
    }

    /// <summary>
    /// Waits until the process writes a line matching <paramref name="match"/>, counting lines from index
    /// <paramref name="from"/> on (so a line written before the call is not missed); false on timeout or exit.
    /// </summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> match, int from, TimeSpan timeout, CancellationToken ct)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Skip(from).Any(match)) return true;
            _waiters.Add((match, seen));
        }
        var done = await Task.WhenAny(seen.Task, Exited, Task.Delay(timeout, ct)).ConfigureAwait(false);
        lock (_gate) _waiters.RemoveAll(w => w.Seen == seen);
        ct.ThrowIfCancellationRequested();
        return done == seen.Task;
    }

    /// <summary>
    /// Waits until the process writes a line matching <paramref name="ready"/> for as long as it keeps writing: false once
    /// it has written nothing for <paramref name="stall"/>, or has exited. For a start whose length grows with its size
    /// (thousands of hubs), where a fixed deadline either fails a slow machine or waits long on a stuck process. Each line
    /// matching <paramref name="progress"/> is passed to <paramref name="report"/>.
    /// </summary>
    public async Task<bool> WaitForLineWhileProgressingAsync(Func<string, bool> ready, Func<string, bool> progress, Action<string> report,
        TimeSpan stall, CancellationToken ct)
    {
        var seen = 0;
        var lastLine = DateTime.UtcNow;
        var slice = stall < TimeSpan.FromSeconds(1) ? stall : TimeSpan.FromSeconds(1);
        while (true)
        {
            if (await WaitForLineAsync(ready, 0, slice, ct).ConfigureAwait(false)) return true;
            if (Exited.IsCompleted) return false;
            string[] fresh;
            lock (_gate) fresh = _lines.Skip(seen).ToArray();
            seen += fresh.Length;
            foreach (var line in fresh.Where(progress)) report(line);
            if (fresh.Length > 0) lastLine = DateTime.UtcNow;
            else if (DateTime.UtcNow - lastLine >= stall) return false;
        }
    }

    /// <summary>SIGKILL: the process ends at once, without running any shutdown code. Waits until it has gone.</summary>
    public async Task KillAsync()
    {
        _ending = true;
        if (!_exited.Task.IsCompleted)
        {
            try { _process.Kill(entireProcessTree: false); } // SIGKILL on Linux
            catch (InvalidOperationException) { } // already gone
        }
        await Exited.ConfigureAwait(false);
        _process.WaitForExit(); // drains the redirected output
        Write("killed (SIGKILL)");
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>. Waits until it has gone.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _ending = true;
        if (!_exited.Task.IsCompleted && Kill(_process.Id, SigTerm) == 0)
            await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
        if (!_exited.Task.IsCompleted)
        {
            await KillAsync().ConfigureAwait(false);
            return;
        }
        _process.WaitForExit();
        Write($"exited ({_process.ExitCode})");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ending = true;
        if (!_exited.Task.IsCompleted)
        {
            try { _process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
        }
        _process.Dispose();
    }

    // Under `dotnet test` or `dotnet commshub.dll` this process is the dotnet host; as an apphost it is not.
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private void OnExited()
    {
        _exited.TrySetResult();
        if (_ending) return;
        _process.WaitForExit(); // the rest of its output first
        Write($"exited by itself ({_process.ExitCode})");
        _exitedByItself?.Invoke(_process.ExitCode);
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        Write(line);
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var w in _waiters)
                if (w.Match(line)) w.Seen.TrySetResult();
        }
    }

    private void Write(string line)
    {
        lock (_log) _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{_name}] {line}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
