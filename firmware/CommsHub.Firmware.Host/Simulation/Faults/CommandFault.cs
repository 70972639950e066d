using System.Globalization;
using CommsHub.Firmware.Core.Engine;

namespace CommsHub.Firmware.Host.Simulation.Faults;

/// <summary>
/// A fault a test rig arms on a virtual device (<see cref="DeviceFaults"/>): the device fails one step of a command
/// with a hardware fault and abandons every step after it, as GBCS devices answer a command they could not complete
/// (docs/VIRTUAL-DEVICE-FAULTS.md). A step is one DLMS access-request-specification (ESME) or one GBZ component
/// (GSME). The steps before the failing one run against the device's state as usual; the failing one and the ones
/// after change nothing.
/// </summary>
public sealed record CommandFault
{
    /// <summary>
    /// The failing step, 0 for the first; a negative value counts from the end (-1 the last, -2 the second-to-last:
    /// the step RTDS's own failing devices pick most often). A step beyond the command is clamped to its first or last.
    /// </summary>
    public int Step { get; init; } = -2;

    /// <summary>
    /// When the failing step is a ZCL Read or Write Attributes command: which of its attribute records fails (0 the
    /// first, negative from the end); the command's other records are answered normally, as RTDS's GSME does.
    /// </summary>
    public int Attribute { get; init; }

    /// <summary>Only commands with this GBCS message code trip the fault (null: the next command, whatever it is).</summary>
    public int? MessageCode { get; init; }

    /// <summary>False (default): the fault is spent by the first command it trips. True: it stays until cleared.</summary>
    public bool Persistent { get; init; }

    /// <summary>Where the fault falls in a command of <paramref name="steps"/> steps.</summary>
    public FaultPlan Plan(int steps) => new(Resolve(Step, steps), this);

    /// <summary>
    /// The same fault for the CHF (<see cref="HubEngine.ArmFault"/>): its step, message code and persistence; the CHF's
    /// commands are DLMS, so <see cref="Attribute"/> does not apply.
    /// </summary>
    public ChfStepFault ForChf() => new(Step, MessageCode ?? ChfStepFault.AnyMessageCode, Persistent);

    /// <summary>Resolves a from-the-end index (<paramref name="index"/> &lt; 0) in <paramref name="count"/> items, clamped.</summary>
    public static int Resolve(int index, int count)
    {
        if (count <= 0) return 0;
        int at = index < 0 ? count + index : index;
        return Math.Clamp(at, 0, count - 1);
    }

    /// <summary>
    /// Parses the text form a rig types (<c>commshub-hub</c>'s <c>fault</c> line command): space-separated
    /// <c>step=N</c> (negative from the end), <c>attribute=N</c>, <c>code=HEX</c> (message code) and <c>always</c>; an
    /// empty text is the default fault (second-to-last step of the next command).
    /// </summary>
    /// <exception cref="FormatException">an unknown word or a bad number.</exception>
    public static CommandFault Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fault = new CommandFault();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            string name = (eq < 0 ? word : word[..eq]).ToLowerInvariant(), value = eq < 0 ? "" : word[(eq + 1)..];
            fault = name switch
            {
                "always" when eq < 0 => fault with { Persistent = true },
                "once" when eq < 0 => fault with { Persistent = false },
                "step" => fault with { Step = Number(name, value) },
                "attribute" => fault with { Attribute = Number(name, value) },
                "code" => fault with { MessageCode = MessageCodeOf(value) },
                _ => throw new FormatException($"fault: '{word}' is not step=N, attribute=N, code=HEX, once or always"),
            };
        }
        return fault;
    }

    /// <summary>The text form <see cref="Parse"/> reads back.</summary>
    public override string ToString() =>
        $"step={Step.ToString(CultureInfo.InvariantCulture)} attribute={Attribute.ToString(CultureInfo.InvariantCulture)}"
        + (MessageCode is { } code ? $" code={code:X4}" : "") + (Persistent ? " always" : " once");

    private static int Number(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n is > -10_000 and < 10_000
            ? n
            : throw new FormatException($"fault: {name} must be a whole number, got '{value}'");

    private static int MessageCodeOf(string value)
    {
        string hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return hex.Length is > 0 and <= 4 && int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            ? code
            : throw new FormatException($"fault: code must be a message code of 1 to 4 hex digits, got '{value}'");
    }
}
