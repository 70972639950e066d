using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Finishes a pending request with one DUIS answer, exactly once across instances where possible: the state change is
/// claimed first (<see cref="IPendingRequestStore.TryTransition"/>: of two instances or two duplicate frames exactly
/// one wins), then the answer is delivered; if delivery fails the claim is undone so a later frame or sweep retries.
/// (A crash between claim and delivery loses that one answer; the response bytes are not stored to resend them.)
/// </summary>
public sealed class DuisAsyncResponses(IPendingRequestStore pending, DuisResponseWriter writer, IUserDelivery delivery)
{
    private readonly IPendingRequestStore _pending = pending ?? throw new ArgumentNullException(nameof(pending));
    private readonly DuisResponseWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));
    private readonly IUserDelivery _delivery = delivery ?? throw new ArgumentNullException(nameof(delivery));

    /// <summary>The writer (alerts use it directly).</summary>
    public DuisResponseWriter Writer => _writer;

    /// <summary>The delivery channel.</summary>
    public IUserDelivery Delivery => _delivery;

    /// <summary>
    /// Moves <paramref name="request"/> from <paramref name="from"/> to <paramref name="to"/> with <paramref name="code"/>
    /// and delivers the DUIS response (with <paramref name="gbcs"/> as GBCSPayload for I0). False when another caller
    /// had already moved it (nothing delivered).
    /// </summary>
    public async Task<bool> FinishAsync(PendingRequest request, PendingState from, PendingState to, string code, byte[]? gbcs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_pending.TryTransition(request.RequestId, from, to, code)) return false;
        try
        {
            var id = RequestId.Parse(request.RequestId);
            var sr = SrvCatalogue.Find(request.Srv)?.ServiceReference ?? request.Srv;
            var xml = DuisResponseWriter.Serialize(_writer.DeviceResponse(id, sr, request.Srv, code, gbcs));
            await _delivery.DeliverAsync(new DuisDelivery(request.UserEui, DuisMessageKind.Response, request.RequestId, xml), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch
        {
            _pending.TryTransition(request.RequestId, to, from);
            throw;
        }
    }
}
