namespace CommsHub.Cli.Inspection;

/// <summary>
/// What <c>gbcs inspect</c> reports for one message; field names and values are the CLI contract in DESIGN.md.
/// Fields that could not be decoded are null, and <see cref="Error"/> says why.
/// </summary>
internal sealed class InspectionResult
{
    public required string Source { get; init; }
    public string? Form { get; set; }
    public string? Cra { get; set; }
    public string? MessageCode { get; set; }
    public string? UseCase { get; set; }
    public string? Originator { get; set; }
    public string? Target { get; set; }
    public string? Counter { get; set; }
    public int? OtherInfoLength { get; set; }
    public string? SupplementaryRemotePartyId { get; set; }
    public string? SupplementaryRemotePartyCounter { get; set; }
    public int? ContentLength { get; set; }
    public string? Signature { get; set; }
    public string? Mac { get; set; }
    public string? Error { get; set; }
}
