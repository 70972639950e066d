namespace CommsHub.Dcc.Access;

/// <summary>
/// The DUIS response codes access control and dispatch answer with, and what each means
/// (SEC-DCC.md §1.3, from the DUIS "DCC Systems Response Codes" [RC] and the XSD ResponseCode enumeration).
/// </summary>
public static class ResponseCodes
{
    /// <summary>Request has had a successful outcome.</summary>
    public const string I0 = "I0";
    /// <summary>Acknowledgement: the request has passed access control (and was accepted for sending to the device).</summary>
    public const string I99 = "I99";
    /// <summary>Failed Authorisation: the User / User Role combination is not a valid SEC party / User Role.</summary>
    public const string E1 = "E1";
    /// <summary>User Role not permitted to send the Service Reference.</summary>
    public const string E2 = "E2";
    /// <summary>User Status not permitted to send the Service Reference.</summary>
    public const string E3 = "E3";
    /// <summary>User Role not authorised for the Device at the required date and time.</summary>
    public const string E4 = "E4";
    /// <summary>Device SMI Status incompatible with the Service Reference.</summary>
    public const string E5 = "E5";
    /// <summary>Service Reference not compatible with the specified device.</summary>
    public const string E11 = "E11";
    /// <summary>Command Variant not applicable to the request type.</summary>
    public const string E12 = "E12";
    /// <summary>Request type not valid for the URL (web service).</summary>
    public const string E13 = "E13";
    /// <summary>Service Request or Signed Pre-Command is not available for Local Command Services.</summary>
    public const string E17 = "E17";
    /// <summary>Device ID invalid (not in the Smart Metering Inventory).</summary>
    public const string E19 = "E19";
    /// <summary>The DCC cannot communicate with the device.</summary>
    public const string E20 = "E20";
    /// <summary>No response received from the device (on-demand or future-dated).</summary>
    public const string E21 = "E21";
}
