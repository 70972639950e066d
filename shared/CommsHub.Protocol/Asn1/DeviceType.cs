namespace CommsHub.Protocol.Asn1
{
    /// <summary>GBCS device type (ASN.1 INTEGER in joins and CS07; gbcs-parser asn1.ts parseDeviceType).</summary>
    public enum DeviceType
    {
        /// <summary>Gas smart meter.</summary>
        Gsme = 0,
        /// <summary>Electricity smart meter.</summary>
        Esme = 1,
        /// <summary>Communications Hub Function.</summary>
        Chf = 2,
        /// <summary>Gas Proxy Function.</summary>
        Gpf = 3,
        /// <summary>HAN-connected auxiliary load control switch.</summary>
        Hcalcs = 4,
        /// <summary>Prepayment meter interface device.</summary>
        Ppmid = 5,
        /// <summary>Type 2 device (e.g. IHD).</summary>
        Type2 = 6,
    }
}
