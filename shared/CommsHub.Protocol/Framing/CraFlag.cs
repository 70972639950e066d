namespace CommsHub.Protocol.Framing
{
    /// <summary>The CRA flag: the first byte of the transaction id (GBCS 7.2.7).</summary>
    public enum CraFlag
    {
        /// <summary>01: a command.</summary>
        Command = 1,
        /// <summary>02: a response; it mirrors the command's originator counter.</summary>
        Response = 2,
        /// <summary>03: an alert.</summary>
        Alert = 3,
    }
}
