using System;

namespace CommsHub.Protocol.Encoding
{
    /// <summary>
    /// The typed error for malformed GBCS input: every decoder in this library fails with this exception
    /// (never an IndexOutOfRange or other runtime exception), carrying a code and the byte offset.
    /// </summary>
    public class GbcsFormatException : Exception
    {
        /// <summary>Creates the error.</summary>
        public GbcsFormatException(GbcsErrorCode code, int offset, string message)
            : base(message + " (at byte " + offset.ToString() + ")")
        {
            Code = code;
            Offset = offset;
        }

        /// <summary>What is wrong.</summary>
        public GbcsErrorCode Code { get; private set; }

        /// <summary>Offset of the offending byte from the start of the decoded input.</summary>
        public int Offset { get; private set; }
    }
}
