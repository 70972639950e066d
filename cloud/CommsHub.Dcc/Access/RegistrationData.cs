using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Access;

/// <summary>
/// Registration Data per MPxN (SEC-DCC.md §5): who is the registered supplier, network operator or supplier agent
/// for a metering point at a point in time. The rules live here; the rows live in an <see cref="IRegistrationStore"/>.
/// </summary>
public sealed class RegistrationData(IRegistrationStore store)
{
    private readonly IRegistrationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// True for the roles Registration Data names a party in. Other User is not registered against a metering point:
    /// it is eligible for any device, subject to consent (<see cref="ConsentRules"/>). Registered Supplier Agent is
    /// kept here as well: its SEC definition was not found (SEC-DCC.md §2), and "Registered" in its name says the
    /// agent is tied to the MPxN the way the supplier is, so E4 checks it the same way.
    /// </summary>
    public static bool IsRegistrable(UserRole role) => role != UserRole.OtherUser;

    /// <summary>The party registered in <paramref name="role"/> for <paramref name="mpxn"/> at <paramref name="at"/>, or null.</summary>
    /// <remarks>Periods are half-open (<see cref="RegistrationPeriod"/>). If imported data overlaps, the period that
    /// started last wins: a later registration supersedes an earlier one that was not closed.</remarks>
    public ulong? Who(string mpxn, UserRole role, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(mpxn);
        RegistrationPeriod? best = null;
        foreach (var p in _store.ForMpxn(mpxn))
        {
            if (p.Role != role || !p.Covers(at)) continue;
            if (best is null || p.EffectiveFrom > best.EffectiveFrom) best = p;
        }
        return best?.PartyEui;
    }

    /// <summary>True when <paramref name="user"/> is registered in <paramref name="role"/> for any of <paramref name="mpxns"/> at <paramref name="at"/>.</summary>
    public bool IsRegistered(ulong user, UserRole role, IEnumerable<string> mpxns, DateTimeOffset at) =>
        mpxns.Any(m => Who(m, role, at) == user);

    /// <summary>Records a party from <paramref name="from"/> on, ending the open period (if any) at the same instant.</summary>
    public void Change(string mpxn, UserRole role, ulong newParty, DateTimeOffset from)
    {
        if (!IsRegistrable(role)) throw new ArgumentException($"{role} is not held in Registration Data", nameof(role));
        _store.EndOpenPeriod(mpxn, role, from.ToUniversalTime());
        _store.Add(new RegistrationPeriod(mpxn, role, newParty, from.ToUniversalTime(), null));
    }
}
