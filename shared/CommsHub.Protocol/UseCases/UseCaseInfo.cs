namespace CommsHub.Protocol.UseCases
{
    /// <summary>A GBCS message code with its use-case name and title (GBCS.md §6).</summary>
    public sealed class UseCaseInfo
    {
        /// <summary>Creates an entry.</summary>
        public UseCaseInfo(int code, string name, string title)
        {
            Code = code;
            Name = name;
            Title = title;
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

        /// <summary>"0x0001 CCS01 Add Device to CHF device log".</summary>
        public override string ToString()
        {
            return "0x" + Code.ToString("X4") + " " + Name + " " + Title;
        }
    }
}
