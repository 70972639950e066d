namespace CommsHub.Protocol.Crypto
{
    /// <summary>Outcome of checking a MAC or signature (the CLI prints these names in lower case).</summary>
    public enum CheckResult
    {
        /// <summary>The field is not there (no MAC header; no signature field).</summary>
        Absent = 0,
        /// <summary>The field is the null signature (00).</summary>
        Null = 1,
        /// <summary>Checked and correct.</summary>
        Valid = 2,
        /// <summary>Checked and wrong.</summary>
        Invalid = 3,
        /// <summary>Could not be checked: the key needed is not held.</summary>
        NoKey = 4,
    }
}
