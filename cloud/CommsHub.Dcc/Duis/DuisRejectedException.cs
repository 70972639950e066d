namespace CommsHub.Dcc.Duis;

/// <summary>
/// Why a DUIS document was refused at intake, before access control. The host maps these to an HTTP 4xx
/// or a DUIS response; the audit trail records the code and the message.
/// </summary>
public enum DuisRejectReason
{
    /// <summary>The document is larger than the configured limit.</summary>
    Oversized,
    /// <summary>Empty input or not well-formed XML.</summary>
    Malformed,
    /// <summary>The document carries a DOCTYPE; DTDs are never processed for incoming documents.</summary>
    DtdProhibited,
    /// <summary>The DOCTYPE declares internal entities (entity expansion, e.g. "billion laughs").</summary>
    EntityExpansion,
    /// <summary>The DOCTYPE declares or references an external entity (XXE).</summary>
    ExternalEntity,
    /// <summary>The root element is not a DUIS Request/Response in the DUIS namespace.</summary>
    WrongRoot,
    /// <summary>The document is not valid against the DUIS 5.4 schema.</summary>
    SchemaInvalid,
    /// <summary>No XML signature where one is required.</summary>
    SignatureMissing,
    /// <summary>The signature's shape is not the DUIS one (algorithms, reference, placement, count).</summary>
    SignatureMalformed,
    /// <summary>The signature does not verify against the signer's certificate.</summary>
    SignatureInvalid,
    /// <summary>No certificate is known for the signature's issuer and serial number.</summary>
    SignerUnknown,
    /// <summary>The header (RequestID, CommandVariant, ...) cannot be interpreted.</summary>
    BadHeader,
    /// <summary>The RequestID counter is not greater than the last one accepted from that user.</summary>
    Replay,
    /// <summary>Elements nest deeper than the limit (<see cref="SecureXmlOptions.MaxDepth"/>); refused while reading.</summary>
    TooDeep,
    /// <summary>An element carries more attributes than the limit (<see cref="SecureXmlOptions.MaxAttributes"/>); refused while reading.</summary>
    TooManyAttributes,
}

/// <summary>
/// A DUIS document was refused at intake. This is the only exception type the intake pieces throw for bad
/// input, so callers can catch it and answer without guessing.
/// </summary>
public sealed class DuisRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuisRejectedException(DuisRejectReason reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>The machine-readable reason.</summary>
    public DuisRejectReason Reason { get; }
}
