namespace CommsHub.Dcc.Transforms;

/// <summary>Why a DUIS request could not be transformed into GBCS (machine-readable; the message says the details).</summary>
public enum TransformError
{
    /// <summary>The Service Reference Variant has no transform here (the message lists the supported ones).</summary>
    UnsupportedService,
    /// <summary>The SRV is supported but not for this body / target device type combination.</summary>
    UnsupportedRequest,
    /// <summary>The request body lacks an element the transform needs, or a value cannot be read.</summary>
    InvalidBody,
    /// <summary>The Command Variant does not fit the request (CV4 for a non-critical SRV, CV1 for a critical one...).</summary>
    WrongCommandVariant,
    /// <summary>Something only the inventory knows is missing: a device's type, the user's role, a CHF device log record.</summary>
    MissingContext,
    /// <summary>A key the transform needs (ACB KA private, device KA public, user DS public) is not in the key store.</summary>
    MissingKey,
    /// <summary>The signed pre-command is not a GBCS general-signing message with a 64-byte signature.</summary>
    PreCommandMalformed,
    /// <summary>The signed bytes are not the pre-command that was issued.</summary>
    PreCommandMismatch,
    /// <summary>The pre-command's signature does not verify with the user's DS public key.</summary>
    PreCommandSignatureInvalid,
}

/// <summary>A DUIS request or signed pre-command was refused by the transform. The only exception type it throws for bad input.</summary>
public sealed class DuisTransformException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuisTransformException(TransformError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>The machine-readable reason.</summary>
    public TransformError Error { get; }
}
