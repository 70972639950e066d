using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Buffers of the single-element ESME's GBCS profiles and logs (Profile Generic, attribute 2), as compact-arrays
/// whose row type GBCS fixes per object; every row starts with its capture time (double-long-unsigned UTC seconds
/// since 2000). They start empty: a new meter has captured nothing, but a reader still learns the columns; the
/// consumption profiles then fill as the meter's clock runs (<see cref="EsmeProfileCapture"/>).
/// </summary>
public static class EsmeProfileTypes
{
    /// <summary>Time-of-use import registers an ESME keeps (GBCS: 48 TOU rates).</summary>
    public const int TouRegisters = 48;

    /// <summary>Block tariff register arrays (4 blocks), each over <see cref="BlockRegisters"/> rates.</summary>
    public const int BlockArrays = 4;

    /// <summary>Entries of one block tariff register array.</summary>
    public const int BlockRegisters = 8;

    /// <summary>Prepayment values in a billing or daily snapshot (credit, debts, accumulated charges: 6, signed).</summary>
    public const int PrepaymentValues = 6;

    private static readonly DlmsTypeDescription Dlu = new(DlmsType.DoubleLongUnsigned);
    private static readonly DlmsTypeDescription Dl = new(DlmsType.DoubleLong);

    /// <summary>The empty buffer of profile <paramref name="obis"/>, or null when GBCS defines no such ESME profile.</summary>
    public static DlmsData? EmptyBuffer(ulong obis) => Row(obis) is { } row ? DlmsData.CompactArray(DlmsTypeDescription.Structure(row), []) : null;

    private static DlmsTypeDescription[]? Row(ulong obis) => obis switch
    {
        0x0000620100FFUL => EnergySnapshot(), // 0-0:98.1.0.255 billing data log (TOU and block registers)
        0x0000620101FFUL => PrepaymentSnapshot(), // 0-0:98.1.1.255 billing data log (prepayment)
        0x0000620102FFUL => [.. EnergySnapshot(), .. Repeat(Dl, PrepaymentValues)], // 0-0:98.1.2.255 billing data log
        0x0000620108FFUL => PrepaymentSnapshot(), // 0-0:98.1.8.255 daily read log (prepayment)
        0x0000620109FFUL => EnergySnapshot(), // 0-0:98.1.9.255 daily read log (registers)
        0x0000630100FFUL or 0x0000630103FFUL => [Dlu, Dlu], // 0-0:99.1.0.255 profile data log, 0-0:99.1.3.255 daily consumption log
        _ => null,
    };

    // Capture time, total active import, the TOU registers, then the block registers.
    private static DlmsTypeDescription[] EnergySnapshot() =>
        [Dlu, Dlu, DlmsTypeDescription.Array(TouRegisters, Dlu), .. Repeat(DlmsTypeDescription.Array(BlockRegisters, Dlu), BlockArrays)];

    private static DlmsTypeDescription[] PrepaymentSnapshot() => [Dlu, .. Repeat(Dl, PrepaymentValues)];

    private static DlmsTypeDescription[] Repeat(DlmsTypeDescription d, int n) => Enumerable.Repeat(d, n).ToArray();
}
