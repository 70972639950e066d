namespace CommsHub.Dcc.Dispatch;

/// <summary>What <see cref="DuisAsyncResponses.FinishAsync(Storage.PendingRequest, IReadOnlyCollection{Storage.PendingState}, Storage.PendingState, string, byte[], Func{bool}, CancellationToken)"/> came to.</summary>
public enum FinishResult
{
    /// <summary>The request was finished (and its claim kept); its answer is stored and was handed to delivery.</summary>
    Finished,

    /// <summary>Another caller had already moved the request; nothing was stored (the claim was rolled back).</summary>
    AlreadyFinished,

    /// <summary>The claim was refused (e.g. the alert's counter was already seen); nothing was stored.</summary>
    ClaimRefused,
}
