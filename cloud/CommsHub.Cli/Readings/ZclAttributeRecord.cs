namespace CommsHub.Cli.Readings;

/// <summary>One record of a ZCL Read Attributes Response.</summary>
/// <param name="Id">Attribute id.</param>
/// <param name="Status">ZCL status: 0 success (then <paramref name="DataType"/> and <paramref name="Value"/> hold the value).</param>
/// <param name="DataType">ZCL data type of the value (0 when the status is not success).</param>
/// <param name="Value">The value of an integer, enumeration or bitmap type, little-endian as on the air (0 for strings).</param>
internal sealed record ZclAttributeRecord(int Id, int Status, int DataType, ulong Value)
{
    /// <summary>ZCL status SUCCESS.</summary>
    public const int Success = 0x00;

    /// <summary>True when the attribute was read.</summary>
    public bool IsSuccess => Status == Success;
}
