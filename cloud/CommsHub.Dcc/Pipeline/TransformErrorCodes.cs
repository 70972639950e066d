using CommsHub.Dcc.Access;
using CommsHub.Dcc.Transforms;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// The DUIS code a request gets when access control accepted it but the transform cannot build its command. DUIS has
/// no code for "the adapter does not implement this"; the nearest documented meanings are used:
/// </summary>
/// <remarks>
/// UnsupportedService, UnsupportedRequest -> E11 (Service Reference not compatible with the specified device);
/// WrongCommandVariant -> E12; MissingContext -> E19 (the inventory lacks what the device needs); InvalidBody -> E12
/// (schema-valid but unusable for that variant); MissingKey -> E20 (no key to protect traffic to the device, so the DCC
/// cannot communicate with it); PreCommandMalformed, PreCommandMismatch, PreCommandSignatureInvalid -> E1 (the signed
/// pre-command does not prove the user's authorisation of exactly the command issued).
/// </remarks>
public static class TransformErrorCodes
{
    /// <summary>The DUIS response code for <paramref name="error"/>.</summary>
    public static string For(TransformError error) => error switch
    {
        TransformError.UnsupportedService or TransformError.UnsupportedRequest => ResponseCodes.E11,
        TransformError.WrongCommandVariant or TransformError.InvalidBody => ResponseCodes.E12,
        TransformError.MissingContext => ResponseCodes.E19,
        TransformError.MissingKey => ResponseCodes.E20,
        _ => ResponseCodes.E1,
    };
}
