using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage;

/// <summary>Registration Data rows (<see cref="RegistrationPeriod"/>). The rules are in <see cref="RegistrationData"/>.</summary>
public interface IRegistrationStore
{
    /// <summary>Adds a period.</summary>
    void Add(RegistrationPeriod period);

    /// <summary>Every period of every role for <paramref name="mpxn"/>.</summary>
    IReadOnlyList<RegistrationPeriod> ForMpxn(string mpxn);

    /// <summary>
    /// Ends the open period of <paramref name="role"/> for <paramref name="mpxn"/> at <paramref name="at"/> (exclusive),
    /// if one is open and started before <paramref name="at"/>. Returns the number of periods ended (0 or 1).
    /// </summary>
    int EndOpenPeriod(string mpxn, UserRole role, DateTimeOffset at);
}
