using System;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// A GBCS message code with its use-case name and title (GBCS.md §6), and what a hub or adapter needs to know of
    /// it: command or alert, critical or not, and which device types a command goes to.
    /// </summary>
    public sealed class UseCaseInfo
    {
        private const string TargetLetters = "GECPHM";
        private readonly string _targets;

        /// <summary>Creates an entry whose kind and targets are not known.</summary>
        public UseCaseInfo(int code, string name, string title)
            : this(code, name, title, MessageKind.Unknown, "?")
        {
        }

        /// <summary>
        /// Creates an entry. <paramref name="targets"/> are the device-type letters of a command's targets (E ESME,
        /// G GSME, C CHF, P GPF, M PPMID, H HCALCS, L auxiliary load controller), "-" for none, "?" when not known.
        /// </summary>
        public UseCaseInfo(int code, string name, string title, MessageKind kind, string targets)
        {
            Code = code;
            Name = name;
            Title = title;
            Kind = kind;
            _targets = targets == null ? "?" : targets;
        }

        /// <summary>Message code (other-information bytes 0..1), e.g. 0x0001.</summary>
        public int Code { get; private set; }

        /// <summary>
        /// Use-case name, e.g. "CCS01". Codes that GBCS defines without a use-case number (future-dated and
        /// firmware alerts, generic alerts) get the acronym RTDS uses for their folder (FDRA, MIIWA, GCA, GNCA) or,
        /// where RTDS has none, an acronym of the title (FDFAA, FDUSCA, FDEIA-DLMS, FDEIA-GBZ, FDRPMA).
        /// </summary>
        public string Name { get; private set; }

        /// <summary>Use-case title, e.g. "Add Device to CHF device log".</summary>
        public string Title { get; private set; }

        /// <summary>Command (critical or not), alert, or not known.</summary>
        public MessageKind Kind { get; private set; }

        /// <summary>True for a critical command: the user signs it (a CV4 pre-command) and the device signs its response.</summary>
        public bool IsCritical { get { return Kind == MessageKind.CriticalCommand; } }

        /// <summary>True for a command, critical or not.</summary>
        public bool IsCommand { get { return Kind == MessageKind.NonCriticalCommand || Kind == MessageKind.CriticalCommand; } }

        /// <summary>True when the device types a command goes to are known (<see cref="Targets"/> answers).</summary>
        public bool TargetsKnown { get { return _targets != "?"; } }

        /// <summary>The target letters as the catalogue row has them ("EGCP", "-" for none, "?" when not known).</summary>
        public string TargetLetterList { get { return _targets; } }

        /// <summary>True when a command of this code goes to a <paramref name="type"/> device.</summary>
        public bool Targets(DeviceType type)
        {
            int t = (int)type;
            if (t < 0 || t >= TargetLetters.Length) return false;
            return _targets.IndexOf(TargetLetters[t]) >= 0;
        }

        /// <summary>True when the CHF executes this command itself (a command to the CHF, not forwarded to the HAN).</summary>
        public bool ExecutedByChf { get { return IsCommand && Targets(DeviceType.Chf); } }

        /// <summary>"0x0001 CCS01 Add Device to CHF device log".</summary>
        public override string ToString()
        {
            return "0x" + Code.ToString("X4") + " " + Name + " " + Title;
        }

        /// <summary>The entry of a catalogue row "CODE NAME KIND TARGETS TITLE" (see <see cref="MessageCodes"/>).</summary>
        internal static UseCaseInfo Parse(string row)
        {
            int name = row.IndexOf(' ') + 1;
            int kind = row.IndexOf(' ', name) + 1;
            int targets = kind + 2;
            int title = row.IndexOf(' ', targets) + 1;
            return new UseCaseInfo(CodeOf(row), row.Substring(name, kind - 1 - name), row.Substring(title),
                KindOf(row[kind]), row.Substring(targets, title - 1 - targets));
        }

        /// <summary>The code of a catalogue row (its first 4 hex digits), without building the entry.</summary>
        internal static int CodeOf(string row)
        {
            int code = 0;
            for (int i = 0; i < 4; i++) code = (code << 4) | HexDigit(row[i]);
            return code;
        }

        /// <summary>The name of a catalogue row, without building the entry.</summary>
        internal static string NameOf(string row)
        {
            int name = row.IndexOf(' ') + 1;
            return row.Substring(name, row.IndexOf(' ', name) - name);
        }

        private static MessageKind KindOf(char c)
        {
            switch (c)
            {
                case 'N': return MessageKind.NonCriticalCommand;
                case 'X': return MessageKind.CriticalCommand;
                case 'A': return MessageKind.Alert;
                default: return MessageKind.Unknown;
            }
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            throw new ArgumentException("catalogue row code is not hex");
        }
    }
}
