using System.Globalization;
using System.Text;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>One line of an <see cref="ExecutionRecord"/>: a command a simulated device executed.</summary>
/// <param name="Device">The device that executed it.</param>
/// <param name="Originator">The GBCS Business Originator (the user, or the ACB for ACB-originated commands).</param>
/// <param name="Counter">The GBCS originator counter.</param>
/// <param name="User">The Supplementary Remote Party (the user behind an ACB-originated command), or 0.</param>
/// <param name="UserCounter">The Supplementary Remote Party counter (the user's RequestID counter), or 0.</param>
/// <param name="MessageCode">The GBCS message code.</param>
public sealed record ExecutedCommand(ulong Device, ulong Originator, ulong Counter, ulong User, ulong UserCounter, int MessageCode)
{
    /// <summary>
    /// The DUIS RequestID this command carries out, as <c>user:device:counter</c> EUIs: the supplementary remote party and
    /// its counter when the ACB originated the command, else the originator and its counter (the adapter sends a user's
    /// request with the RequestID counter as originator counter, so one request has one key whatever GBCS counter it got).
    /// </summary>
    public (ulong User, ulong Device, ulong Counter) RequestKey =>
        User != 0 ? (User, Device, UserCounter) : (Originator, Device, Counter);

    /// <summary>The line written to the record.</summary>
    public string Format() => string.Join(' ', Eui64.ToText(Device), Eui64.ToText(Originator), Counter.ToString(CultureInfo.InvariantCulture),
        User == 0 ? "-" : Eui64.ToText(User), User == 0 ? "-" : UserCounter.ToString(CultureInfo.InvariantCulture),
        MessageCode.ToString("X4", CultureInfo.InvariantCulture));

    /// <summary>Parses a line written by <see cref="Format"/>; null when it is not one (a line cut short by a kill).</summary>
    public static ExecutedCommand? Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 6 || !TryEui(f[0], out var device) || !TryEui(f[1], out var originator)
            || !ulong.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var counter)
            || !int.TryParse(f[5], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            return null;
        if (f[3] == "-" && f[4] == "-") return new ExecutedCommand(device, originator, counter, 0, 0, code);
        return TryEui(f[3], out var user) && ulong.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var userCounter)
            ? new ExecutedCommand(device, originator, counter, user, userCounter, code)
            : null;
    }

    private static bool TryEui(string text, out ulong eui)
    {
        eui = 0;
        return text.Length == 16 && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out eui);
    }

    /// <summary>The command <paramref name="m"/> as executed by <paramref name="device"/>.</summary>
    public static ExecutedCommand Of(ulong device, GbcsMessage m) => new(device, m.Originator, m.OriginatorCounter,
        m.HasSupplementaryRemotePartyId ? m.SupplementaryRemotePartyId : 0,
        m.HasSupplementaryRemotePartyCounter ? m.SupplementaryRemotePartyCounter : 0, m.MessageCode);
}

/// <summary>
/// <c>commshub-hub --record-executions</c>: appends one line per command a hub's simulated devices execute to
/// <c>&lt;hub data&gt;/executions.log</c> (<see cref="ExecutedCommand.Format"/>), so a fault harness can tell whether a
/// device ran a command more than once, across restarts of the hub too. Each line reaches the operating system before
/// the command runs (written and flushed, not fsynced): a killed process loses no line, a power cut may.
/// </summary>
public sealed class ExecutionRecord : IDisposable
{
    /// <summary>The record's file name inside a hub's data folder.</summary>
    public const string FileName = "executions.log";

    private readonly FileStream _file;
    private readonly object _gate = new();

    /// <summary>Opens (appends to) the record in <paramref name="hubFolder"/>.</summary>
    public ExecutionRecord(string hubFolder)
    {
        Directory.CreateDirectory(hubFolder);
        var path = Path.Combine(hubFolder, FileName);
        bool endsMidLine = EndsMidLine(path);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1);
        // A line cut short by a crash is ended first: the next line would otherwise run into it, and be lost with it.
        if (endsMidLine)
        {
            _file.WriteByte((byte)'\n');
            _file.Flush();
        }
    }

    /// <summary>Records every command <paramref name="meter"/> executes from now on.</summary>
    public void Attach(VirtualMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.Executing += (device, m) => Write(ExecutedCommand.Of(device.Eui, m));
    }

    /// <summary>Reads every complete line of the record in <paramref name="hubFolder"/> (none when there is no record).</summary>
    public static IReadOnlyList<ExecutedCommand> Read(string hubFolder)
    {
        var path = Path.Combine(hubFolder, FileName);
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var list = new List<ExecutedCommand>();
        while (reader.ReadLine() is { } line)
            if (ExecutedCommand.Parse(line) is { } command) list.Add(command);
        return list;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }

    private void Write(ExecutedCommand command)
    {
        var bytes = Encoding.ASCII.GetBytes(command.Format() + "\n");
        lock (_gate)
        {
            // A record closed by a stop still running the loop for a moment: nothing more to write.
            if (!_file.CanWrite) return;
            _file.Write(bytes);
            _file.Flush();
        }
    }

    private static bool EndsMidLine(string path)
    {
        if (!File.Exists(path)) return false;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0) return false;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }
}
