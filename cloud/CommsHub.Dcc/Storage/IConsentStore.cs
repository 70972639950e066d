using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage;

/// <summary>Other User consents (<see cref="ConsentRecord"/>).</summary>
public interface IConsentStore
{
    /// <summary>Records a consent.</summary>
    void Add(ConsentRecord consent);

    /// <summary>Every consent, past and present, that <paramref name="userEui"/> holds for <paramref name="mpxn"/>.</summary>
    IReadOnlyList<ConsentRecord> For(ulong userEui, string mpxn);

    /// <summary>Ends (withdraws) the open consents of that user, MPxN and purpose at <paramref name="at"/>; returns how many.</summary>
    int Withdraw(ulong userEui, string mpxn, ConsentPurpose purpose, DateTimeOffset at);
}
