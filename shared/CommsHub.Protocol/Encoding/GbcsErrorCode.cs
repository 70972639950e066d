namespace CommsHub.Protocol.Encoding
{
    /// <summary>Why a GBCS frame or payload could not be decoded.</summary>
    public enum GbcsErrorCode
    {
        /// <summary>The input ends before a field it announces.</summary>
        Truncated = 1,
        /// <summary>A tag byte is not the one the layout requires.</summary>
        UnexpectedTag = 2,
        /// <summary>A length field is malformed (reserved form, more than 3 length bytes, or inconsistent).</summary>
        BadLength = 3,
        /// <summary>GBT (General Block Transfer, DD 09) segmented messages are not supported.</summary>
        GbtNotSupported = 4,
        /// <summary>Bytes remain after the end of the message.</summary>
        TrailingBytes = 5,
        /// <summary>The CRA flag is not 01 (command), 02 (response) or 03 (alert).</summary>
        BadCraFlag = 6,
        /// <summary>A field has a length or value the layout forbids.</summary>
        BadField = 7,
        /// <summary>A payload construct is valid but outside the subset this codec decodes.</summary>
        Unsupported = 8,
        /// <summary>A value does not fit the buffer the caller supplied.</summary>
        BufferTooSmall = 9,
    }
}
