using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Schedules;

/// <summary>Why a DUIS section 5 request (or a schedule handed to the store) was refused.</summary>
public enum ScheduleError
{
    /// <summary>No schedule has that DSPScheduleID.</summary>
    UnknownSchedule,
    /// <summary>The schedule belongs to another user.</summary>
    NotOwner,
    /// <summary>The ScheduleFrequency is not one DUIS defines.</summary>
    BadFrequency,
    /// <summary>The end date is before the start date, or a date is missing.</summary>
    BadPeriod,
    /// <summary>The scheduled SRV is not one that may be DCC-scheduled, or its body does not match it.</summary>
    NotSchedulable,
    /// <summary>The user's role may not send the scheduled SRV.</summary>
    RoleNotEligible,
}

/// <summary>A refused schedule request, with the reason as a <see cref="ScheduleError"/>.</summary>
public sealed class ScheduleException(ScheduleError error, string message) : Exception(message)
{
    /// <summary>Why.</summary>
    public ScheduleError Error { get; } = error;

    /// <summary>
    /// The DUIS response code answered for <see cref="Error"/>. DUIS has SRV-specific codes for these that the project's
    /// spec does not list, so the nearest generic DCC Systems code is used: an unknown ID is "ID invalid" (E19), another
    /// user's schedule is "not authorised" (E4), a role that may not send the scheduled SRV E2, anything else about the
    /// scheduled SRV "not compatible" (E11).
    /// </summary>
    public string ResponseCode => Error switch
    {
        ScheduleError.UnknownSchedule => ResponseCodes.E19,
        ScheduleError.NotOwner => ResponseCodes.E4,
        ScheduleError.RoleNotEligible => ResponseCodes.E2,
        _ => ResponseCodes.E11,
    };
}
