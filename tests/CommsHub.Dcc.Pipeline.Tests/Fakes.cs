using System.Collections.Concurrent;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>A clock the test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Records what would go to the broker.</summary>
public sealed class RecordingPublisher : IMqttPublisher
{
    public ConcurrentQueue<(string Topic, byte[] Payload)> Published { get; } = new();

    public List<(string Topic, byte[] Payload)> On(string topic) => Published.Where(p => p.Topic == topic).ToList();

    /// <summary>While set, a publish is recorded when it starts and completes only with this task (a busy broker).</summary>
    public Task? Hold { get; set; }

    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        Published.Enqueue((topic, payload));
        return Hold ?? Task.CompletedTask;
    }
}

/// <summary>Records deliveries and confirms them as taken (as a callback's 2xx would); can be told to fail.</summary>
public sealed class RecordingDelivery : IUserDelivery
{
    public ConcurrentQueue<DuisDelivery> Delivered { get; } = new();

    public bool Fail { get; set; }

    /// <summary>While set, a delivery is recorded when it starts and is taken only with this task (a callback that hangs).</summary>
    public Task? Hold { get; set; }

    public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        if (Fail) throw new HttpRequestException("callback unreachable");
        Delivered.Enqueue(delivery);
        return Hold is { } hold ? hold.ContinueWith(_ => DeliveryReceipt.Taken, TaskScheduler.Default) : Task.FromResult(DeliveryReceipt.Taken);
    }
}

/// <summary>An HTTP handler that records POSTs (the user's callback endpoint) and answers <see cref="Status"/>.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public System.Net.HttpStatusCode Status { get; set; } = System.Net.HttpStatusCode.OK;

    public ConcurrentQueue<(Uri Url, string ContentType, byte[] Body)> Posts { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        Posts.Enqueue((request.RequestUri!, request.Content.Headers.ContentType!.MediaType!, body));
        return new HttpResponseMessage(Status);
    }
}

/// <summary>An outbox store passed through to <c>inner</c>, for test wrappers that change one of its statements.</summary>
public class DelegatingOutboxStore(IUserOutboxStore inner) : IUserOutboxStore
{
    public virtual bool Add(OutboxMessage message) => inner.Add(message);
    public virtual OutboxMessage? Find(DuisMessageKind kind, string key) => inner.Find(kind, key);
    public virtual IReadOnlyList<OutboxMessage> ClaimDue(DateTimeOffset now, DateTimeOffset leaseUntil, int limit) => inner.ClaimDue(now, leaseUntil, limit);
    public virtual bool Postpone(DuisMessageKind kind, string key, DateTimeOffset nextAttemptAt) => inner.Postpone(kind, key, nextAttemptAt);
    public virtual bool Remove(DuisMessageKind kind, string key) => inner.Remove(kind, key);
    public virtual int RemoveAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages) => inner.RemoveAll(messages);
    public virtual int RemoveTaken(ulong user, ReadOnlySpan<byte> xml) => inner.RemoveTaken(user, xml);
    public virtual int HandOverAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, DateTimeOffset at) => inner.HandOverAll(messages, at);
    public virtual int ResendHandedOver(DateTimeOffset since, DateTimeOffset now, int limit) => inner.ResendHandedOver(since, now, limit);
    public virtual int PurgeHandedOver(DateTimeOffset before, int limit) => inner.PurgeHandedOver(before, limit);
    public virtual int MakeDue(ulong user, DateTimeOffset now) => inner.MakeDue(user, now);
    public virtual IReadOnlyList<(ulong UserEui, DuisMessageKind Kind, string Key)> PurgeExpired(DateTimeOffset createdBefore, int limit) =>
        inner.PurgeExpired(createdBefore, limit);
    public virtual IReadOnlyList<OutboxBacklog> Backlog(int limit = 100) => inner.Backlog(limit);
}

/// <summary>A store passed through to <see cref="Inner"/>, for test wrappers that change one part of it (disposing it
/// leaves the inner store open).</summary>
public class DelegatingStore(IDccStore inner) : IDccStore
{
    protected IDccStore Inner { get; } = inner;
    public virtual IUserStore Users => Inner.Users;
    public virtual IRegistrationStore Registration => Inner.Registration;
    public virtual IInventoryStore Inventory => Inner.Inventory;
    public virtual IConsentStore Consents => Inner.Consents;
    public virtual ICounterStore Counters => Inner.Counters;
    public virtual IAuditTrail Audit => Inner.Audit;
    public virtual IPendingRequestStore PendingRequests => Inner.PendingRequests;
    public virtual IQuarantineStore Quarantines => Inner.Quarantines;
    public virtual IAnomalyCountStore AnomalyCounts => Inner.AnomalyCounts;
    public virtual IPreCommandStore PreCommands => Inner.PreCommands;
    public virtual IUserOutboxStore Outbox => Inner.Outbox;
    public virtual CommsHub.Dcc.Schedules.IScheduleStore Schedules => Inner.Schedules;
    public virtual int SchemaVersion => Inner.SchemaVersion;
    public virtual int CheckSchema() => Inner.CheckSchema();
    public virtual IDccUnitOfWork BeginUnitOfWork() => Inner.BeginUnitOfWork();
    public virtual IDccUnitOfWork BeginBatch() => Inner.BeginBatch();
    public virtual IDccUnitOfWork BeginExclusiveUnitOfWork() => Inner.BeginExclusiveUnitOfWork();
    public void Dispose() => GC.SuppressFinalize(this);
}
