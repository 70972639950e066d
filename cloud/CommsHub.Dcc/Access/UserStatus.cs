namespace CommsHub.Dcc.Access;

/// <summary>
/// A DCC User's standing (checked for E3, "User Status not permitted to send Service Reference").
/// SEC-DCC.md §1.3 names the check but not the status list; these are the states the adapter needs.
/// </summary>
public enum UserStatus
{
    /// <summary>Completed User Entry; may send every Service Request its roles allow.</summary>
    Active,
    /// <summary>Suspended by the operator (e.g. a security incident or a Code breach): all requests get E3.</summary>
    Suspended,
    /// <summary>Has not yet completed User Entry for its roles: known to the DCC, but may not send yet (E3).</summary>
    PendingEntry,
    /// <summary>Ceased to be a User: kept for the audit trail, every request gets E3.</summary>
    Withdrawn,
}
