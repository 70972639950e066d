namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The GSME attributes GBCS treats as sensitive data (GBCS.md §1.5: the responses of GCS13a/b/c and GCS14): the
/// consumption registers (Metering Current Summation Delivered, the tier and the no-tier block registers) and the
/// meter balance (Prepayment credit, emergency credit, accumulated debt and the debt registers). In a use case whose
/// response GBCS encrypts (<see cref="EncryptsReads"/>), a Read Attributes Response that carries one of them travels
/// encrypted for the reader; prices, units and configuration travel plain. Other use cases (GCS60 Read Meter Balance)
/// read the same attributes in clear.
/// </summary>
public static class ZclSensitiveAttributes
{
    /// <summary>
    /// True for the GSME read use cases whose responses GBCS encrypts: GCS13c (0x00B6), GCS13b (0x00B8), GCS14
    /// (0x0075), the consumption logs GCS17 (0x0078), GCS18 (0x0079) and GCS61 (0x00A0), and the snapshot reads GCS15b
    /// (0x00C3), GCS15c (0x0076), GCS16a (0x0077) and GCS16b (0x0096).
    /// </summary>
    public static bool EncryptsReads(int messageCode) =>
        messageCode is 0x00B6 or 0x00B8 or 0x0075 or 0x0078 or 0x0079 or 0x00A0 or 0x00C3 or 0x0076 or 0x0077 or 0x0096;

    /// <summary>True when cluster-specific response <paramref name="commandId"/> of <paramref name="cluster"/> carries
    /// consumption or balances (Metering GetSampledDataResponse and PublishSnapshot, Prepayment PublishPrepaySnapshot),
    /// so it travels encrypted where the use case encrypts.</summary>
    public static bool IsSensitiveResponse(int cluster, int commandId) => (cluster, commandId) is (Metering, 0x07) or (Metering, 0x06) or (Prepayment, 0x01);

    private const int Metering = 0x0702, Prepayment = 0x0705;

    /// <summary>True when attribute <paramref name="attribute"/> of <paramref name="cluster"/> is sensitive.</summary>
    public static bool Contains(int cluster, int attribute) => cluster switch
    {
        Metering => attribute == 0x0000 || (attribute >= 0x0100 && attribute <= 0x01FF) || (attribute >= 0x0700 && attribute <= 0x07FF),
        Prepayment => attribute is 0x0001 or 0x0002 or 0x0005 or 0x0211 or 0x0221 or 0x0231,
        _ => false,
    };
}
