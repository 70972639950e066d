namespace CommsHub.Cloud.Duis;

/// <summary>The DUIS response codes the host itself answers with (meanings in SEC-DCC.md §1.3).</summary>
/// <remarks>TODO(lead): use CommsHub.Dcc.Access.ResponseCodes once it is committed (it is being written).</remarks>
internal static class DuisCodes
{
    /// <summary>Acknowledgement: passed access control.</summary>
    public const string I99 = "I99";
    /// <summary>Failed authorisation: not a valid User / User Role (here: signature, signer or replay).</summary>
    public const string E1 = "E1";
    /// <summary>User Role not permitted to send the Service Reference.</summary>
    public const string E2 = "E2";
    /// <summary>Command Variant not applicable to the request type.</summary>
    public const string E12 = "E12";
    /// <summary>Request type not valid for the URL.</summary>
    public const string E13 = "E13";
}
