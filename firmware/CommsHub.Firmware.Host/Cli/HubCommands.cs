using System.Globalization;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Cli;

/// <summary>
/// The line commands <c>commshub-hub</c> reads on stdin while it runs, so a test rig can make its simulated devices
/// do what real ones do on their own. Each line gets one answer line (<c>commshub-hub: ...</c>) on the output.
/// </summary>
public sealed class HubCommands
{
    /// <summary>What <c>help</c> prints (and the root command's help repeats).</summary>
    public const string Usage =
        "line commands on stdin: 'alert EUI [CODE]' makes that simulated meter raise a non-critical alert with the hex "
        + "alert CODE (default 810E) to its alert recipient (--supplier); 'fault EUI [step=N] [attribute=N] [code=HEX] [once|always]' "
        + "makes that simulated meter (or the hub's own CHF, by the hub's EUI) fail step N (default -2, the second-to-last; negative counts from the end) of its next "
        + "command (code=: only that message code; always: every one) with a hardware fault and abandon the rest; "
        + "'fault EUI clear' disarms; 'help'";

    private readonly IReadOnlyList<VirtualHub> _hubs;
    private readonly TextWriter _output;

    /// <summary>Commands over <paramref name="hubs"/>, answering on <paramref name="output"/>.</summary>
    public HubCommands(IReadOnlyList<VirtualHub> hubs, TextWriter output)
    {
        _hubs = hubs;
        _output = output;
    }

    private enum Outcome
    {
        NotHere,
        NotJoined,
        NoRecipientKey,
        Raised,
    }

    /// <summary>
    /// Reads lines from <paramref name="input"/> on a background thread until it ends, running each. The thread never
    /// holds the process open: a stdin nobody types into must not stop Ctrl-C from ending it.
    /// </summary>
    public void Listen(TextReader input)
    {
        new Thread(() =>
        {
            while (input.ReadLine() is { } line) Execute(line).GetAwaiter().GetResult();
        }) { IsBackground = true, Name = "commshub-hub stdin" }.Start();
    }

    /// <summary>Runs one line and writes its answer; true when it did what it said.</summary>
    public async Task<bool> Execute(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return true;
        switch (words[0].ToLowerInvariant())
        {
            case "help":
                return Answer(Usage, true);
            case "alert":
                return words.Length is 2 or 3
                    ? await AlertAsync(words[1], words.Length == 3 ? words[2] : null).ConfigureAwait(false)
                    : Answer("alert: expected 'alert EUI [CODE]'", false);
            case "fault":
                return words.Length >= 2
                    ? await FaultAsync(words[1], string.Join(' ', words.Skip(2))).ConfigureAwait(false)
                    : Answer("fault: expected 'fault EUI [step=N] [attribute=N] [code=HEX] [once|always]' or 'fault EUI clear'", false);
            default:
                return Answer($"'{line.Trim()}' is not a command; {Usage}", false);
        }
    }

    private async Task<bool> AlertAsync(string euiText, string? codeText)
    {
        ulong eui;
        int code = VirtualMeter.RtdsNonCriticalAlertCode;
        try
        {
            eui = HostOptionParsers.ParseEui(euiText);
            if (codeText is not null && !int.TryParse(codeText.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? codeText[2..] : codeText,
                    NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code) || code is < 0 or > 0xFFFF)
                throw new FormatException($"alert code '{codeText}' is not 1 to 4 hex digits");
        }
        catch (FormatException e)
        {
            return Answer("alert: " + e.Message, false);
        }
        Outcome[] outcomes;
        try
        {
            // The meters live on their hub's loop: ask every hub at once, the one that has the meter raises it.
            outcomes = await Task.WhenAll(_hubs.Select(hub => hub.InvokeAsync(() => Raise(hub.Han.Find(eui), code)))).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return Answer("alert: the hubs are stopping", false);
        }
        int at = Array.FindIndex(outcomes, o => o != Outcome.NotHere);
        string meter = Eui64.ToText(eui);
        if (at < 0) return Answer($"alert: no simulated device {meter} on these hubs", false);
        string where = $"{meter} (hub {Eui64.ToText(_hubs[at].Eui)})";
        return outcomes[at] switch
        {
            Outcome.Raised => Answer($"alert 0x{code:X4} raised by {where}", true),
            Outcome.NotJoined => Answer($"alert: {where} has not joined the HAN", false),
            _ => Answer($"alert: {where} holds no KA key of its alert recipient", false),
        };
    }

    private async Task<bool> FaultAsync(string euiText, string spec)
    {
        ulong eui;
        CommandFault? fault = null;
        bool clear = spec.Equals("clear", StringComparison.OrdinalIgnoreCase);
        try
        {
            eui = HostOptionParsers.ParseEui(euiText);
            if (!clear) fault = CommandFault.Parse(spec);
        }
        catch (FormatException e)
        {
            return Answer(e.Message.StartsWith("fault:", StringComparison.Ordinal) ? e.Message : "fault: " + e.Message, false);
        }
        bool[] found;
        try
        {
            found = await Task.WhenAll(_hubs.Select(hub => hub.InvokeAsync(() =>
            {
                // The hub's own EUI: the CHF fails its next DLMS command (attribute does not apply).
                if (hub.Eui == eui)
                {
                    if (fault is null) hub.Engine.ClearFault();
                    else hub.Engine.ArmFault(fault.ForChf());
                    return true;
                }
                if (hub.Han.Find(eui) is not { } meter) return false;
                if (fault is null) meter.Faults.Clear();
                else meter.Faults.Arm(fault);
                return true;
            }))).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return Answer("fault: the hubs are stopping", false);
        }
        int at = Array.IndexOf(found, true);
        string meterText = Eui64.ToText(eui);
        if (at < 0) return Answer($"fault: no simulated device {meterText} on these hubs", false);
        string where = $"{meterText} (hub {Eui64.ToText(_hubs[at].Eui)})";
        return Answer(fault is null ? $"faults cleared on {where}" : $"fault armed on {where}: {fault}", true);
    }

    private static Outcome Raise(VirtualMeter? meter, int code)
    {
        if (meter is null) return Outcome.NotHere;
        if (!meter.IsJoined) return Outcome.NotJoined;
        return meter.RaiseAlert(code) ? Outcome.Raised : Outcome.NoRecipientKey;
    }

    private bool Answer(string text, bool ok)
    {
        _output.WriteLine("commshub-hub: " + text);
        return ok;
    }
}
