using System.Data.Common;
using System.Security.Cryptography;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: schema 11 (SQLite's audit and outbox keys without AUTOINCREMENT) keeps what a database at
/// schema 10 holds, and the numbering of the audit trail.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    [StoreFact]
    public void A_database_at_schema_10_keeps_its_audit_trail_and_outbox_through_schema_11()
    {
        BuildAtSchema(10);
        var xml = "<Response>I0</Response>"u8.ToArray();
        var at = T0.UtcTicks;
        Backend.ExecuteRaw($"""
            INSERT INTO audit (at, actor, user_eui, srv, request_id, device_eui, response_code, outcome, reason)
                VALUES ({at}, 'access-control', '90B3D51F30010000', '4.1.1', 'R1', '00DB1234567890A0', 'I99', 'Accepted', 'first');
            INSERT INTO audit (at, actor, user_eui, srv, request_id, device_eui, response_code, outcome, reason)
                VALUES ({at}, 'access-control', '90B3D51F30010000', '4.1.1', 'R2', NULL, 'E1', 'Rejected', 'second');
            INSERT INTO user_outbox (user_eui, kind, delivery_key, xml, digest, created_at, next_attempt_at, attempts)
                VALUES ('90B3D51F30010000', 'Response', 'R1', {Bytes(xml)}, {Bytes(SHA256.HashData(xml))}, {at}, {at}, 1);
            """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        var trail = Store.Audit.Read(limit: 10);
        Assert.Equal([(1L, "R1", "first", (ulong?)DeviceEui), (2L, "R2", "second", null)],
            trail.Select(e => (e.Sequence, e.RequestId, e.Reason, e.DeviceEui)));
        // The numbering goes on from the largest key, as AUTOINCREMENT did on a table that is never deleted from.
        Assert.Equal(3, Store.Audit.Append(new AuditEntry(T0, "access-control", UserEui, "4.1.1", "R3", null, "I99", AccessOutcome.Accepted, "third")));
        Assert.Equal([1L, 3L], Store.Audit.ForRequest("R1").Concat(Store.Audit.ForRequest("R3")).Select(e => e.Sequence));
        // Still append-only after the rebuild.
        Assert.ThrowsAny<DbException>(() => Backend.ExecuteRaw("UPDATE audit SET reason = 'changed'"));
        Assert.ThrowsAny<DbException>(() => Backend.ExecuteRaw("DELETE FROM audit"));
        Assert.Equal(3, Store.Audit.Read(limit: 10).Count);

        var held = Store.Outbox.Find(DuisMessageKind.Response, "R1")!;
        Assert.Equal((UserEui, T0, 1), (held.UserEui, held.CreatedAt, held.Attempts));
        Assert.Equal(xml, held.Xml);
        Assert.False(Store.Outbox.Add(held)); // the (kind, key) uniqueness came through
        Assert.Equal(1, Store.Outbox.RemoveTaken(UserEui, xml)); // found by its digest's index
        Assert.Null(Store.Outbox.Find(DuisMessageKind.Response, "R1"));
        Assert.Equal(LatestSchema, Reopen().SchemaVersion);
    }

    // A byte string literal in the backend's SQL.
    private string Bytes(byte[] value) =>
        this is IPostgresSuite ? $"decode('{Convert.ToHexString(value)}', 'hex')" : $"X'{Convert.ToHexString(value)}'";
}
