namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// GBCS device types (values as in the CS07/join ASN.1, GBCS.md §4), plus two local values the wire list lacks.
    /// </summary>
    public enum DeviceType
    {
        /// <summary>Gas smart metering equipment.</summary>
        Gsme = 0,
        /// <summary>Electricity smart metering equipment.</summary>
        Esme = 1,
        /// <summary>Communications hub function.</summary>
        Chf = 2,
        /// <summary>Gas proxy function: part of the comms hub itself, never recorded in the device log.</summary>
        Gpf = 3,
        /// <summary>HAN connected auxiliary load control switch.</summary>
        Hcalcs = 4,
        /// <summary>Prepayment interface device.</summary>
        Ppmid = 5,
        /// <summary>Type 2 device (e.g. an IHD).</summary>
        Type2 = 6,
        /// <summary>Hand held terminal (local value, not a GBCS wire value): never recorded in the historic log.</summary>
        Hht = 7,
        /// <summary>Not known: entries restored by CCS03, whose records carry no type.</summary>
        Unknown = 0xFF,
    }
}
