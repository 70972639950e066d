namespace CommsHub.Cli.Readings;

/// <summary>
/// A meter's answer that <c>read-meter</c> cannot turn into register values: a use case it does not decode, a payload
/// of another shape, a register the meter did not return, or content that does not decrypt for the reader. The message
/// is one line, fit to print after <c>commshub: </c>.
/// </summary>
internal sealed class ReadingException : Exception
{
    /// <summary>An undecodable answer, and why.</summary>
    public ReadingException(string message) : base(message)
    {
    }

    /// <summary>An undecodable answer, and the decoder failure behind it.</summary>
    public ReadingException(string message, Exception inner) : base(message, inner)
    {
    }
}
