namespace CommsHub.Protocol.Dlms
{
    /// <summary>The DLMS APDU tags a GBCS payload can start with (GBCS.md §1.4).</summary>
    public static class DlmsApdu
    {
        /// <summary>DATA-NOTIFICATION (alerts).</summary>
        public const int DataNotification = 0x0F;
        /// <summary>ACCESS.request (commands).</summary>
        public const int AccessRequest = 0xD9;
        /// <summary>ACCESS.response (responses).</summary>
        public const int AccessResponse = 0xDA;

        /// <summary>True when <paramref name="firstByte"/> starts an APDU this library decodes.</summary>
        public static bool IsDlms(int firstByte)
        {
            return firstByte == DataNotification || firstByte == AccessRequest || firstByte == AccessResponse;
        }
    }
}
