using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage;

/// <summary>DCC Users (<see cref="DccUser"/>) by User ID.</summary>
public interface IUserStore
{
    /// <summary>The user, or null.</summary>
    DccUser? Find(ulong eui);

    /// <summary>Adds the user or replaces every field of an existing one.</summary>
    void Upsert(DccUser user);

    /// <summary>Changes the status; false when the user is unknown.</summary>
    bool SetStatus(ulong eui, UserStatus status);
}
