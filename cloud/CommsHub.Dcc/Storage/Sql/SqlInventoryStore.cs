using System.Data.Common;
using CommsHub.Dcc.Access;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IInventoryStore"/> over <c>devices</c>, <c>device_mpxns</c> and <c>device_status_history</c> (the SMI keeps
/// a device's status history as well as its current status, SEC-DCC.md §8).
/// </summary>
internal sealed class SqlInventoryStore(SqlDatabase db, TimeSpan cacheTtl) : IInventoryStore
{
    // Any inventory write clears both (a device's hub, MPxNs or status may change the answer to either).
    private readonly ReferenceCache<ulong, InventoryDevice?> _devices = new(db, cacheTtl);
    private readonly ReferenceCache<ulong, IReadOnlyList<InventoryDevice>> _onHub = new(db, cacheTtl);

    /// <summary>Drops every cached device.</summary>
    public void ClearCache()
    {
        _devices.Clear();
        _onHub.Clear();
    }

    private const string Select =
        "SELECT eui, device_type, status, status_since, comms_hub, manufacturer, model, firmware_version FROM devices";

    public InventoryDevice? Find(ulong eui) => _devices.Get(eui, Load);

    private InventoryDevice? Load(ulong eui)
    {
        var row = db.First($"{Select} WHERE eui = @eui", Map, ("@eui", SqlValues.Eui(eui)));
        return row is null ? null : row with { Mpxns = MpxnsOf(row.Eui) };
    }

    public IReadOnlyList<InventoryDevice> OnHub(ulong chf) => _onHub.Get(chf, LoadOnHub);

    private IReadOnlyList<InventoryDevice> LoadOnHub(ulong chf) =>
        db.List($"{Select} WHERE comms_hub = @hub ORDER BY eui", Map, ("@hub", SqlValues.Eui(chf)))
            .Select(d => d with { Mpxns = MpxnsOf(d.Eui) })
            .ToList();

    public IReadOnlyList<InventoryDevice> OfType(DeviceType type) =>
        db.List($"{Select} WHERE device_type = @type ORDER BY eui", Map, ("@type", (int)type))
            .Select(d => d with { Mpxns = MpxnsOf(d.Eui) })
            .ToList();

    public void Upsert(InventoryDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var eui = SqlValues.Eui(device.Eui);
        Invalidate();
        db.InTransaction(s =>
        {
            var (c, tx) = (s.Connection, s.Transaction!);
            var previous = Scalar(c, tx, "SELECT status FROM devices WHERE eui = @eui", ("@eui", eui));
            Run(c, tx, """
                INSERT INTO devices (eui, device_type, status, status_since, comms_hub, manufacturer, model, firmware_version)
                VALUES (@eui, @type, @status, @since, @hub, @manufacturer, @model, @firmware)
                ON CONFLICT (eui) DO UPDATE SET device_type = excluded.device_type, status = excluded.status,
                    status_since = excluded.status_since, comms_hub = excluded.comms_hub, manufacturer = excluded.manufacturer,
                    model = excluded.model, firmware_version = excluded.firmware_version
                """,
                ("@eui", eui), ("@type", (int)device.Type), ("@status", device.Status.ToString()),
                ("@since", SqlValues.Time(device.StatusSince)), ("@hub", SqlValues.Eui(device.CommsHub)),
                ("@manufacturer", SqlValues.OrNull(device.Manufacturer)), ("@model", SqlValues.OrNull(device.Model)),
                ("@firmware", SqlValues.OrNull(device.FirmwareVersion)));
            Run(c, tx, "DELETE FROM device_mpxns WHERE eui = @eui", ("@eui", eui));
            for (var i = 0; i < device.Mpxns.Count; i++)
                Run(c, tx, "INSERT INTO device_mpxns (eui, position, mpxn) VALUES (@eui, @pos, @mpxn)",
                    ("@eui", eui), ("@pos", i), ("@mpxn", device.Mpxns[i]));
            if (previous as string != device.Status.ToString()) History(c, tx, eui, device.Status, device.StatusSince);
            return 0;
        });
    }

    public bool SetStatus(ulong eui, SmiStatus status, DateTimeOffset since)
    {
        var key = SqlValues.Eui(eui);
        Invalidate();
        return db.InTransaction(s =>
        {
            var (c, tx) = (s.Connection, s.Transaction!);
            var changed = Run(c, tx, "UPDATE devices SET status = @status, status_since = @since WHERE eui = @eui",
                ("@status", status.ToString()), ("@since", SqlValues.Time(since)), ("@eui", key)) == 1;
            if (changed) History(c, tx, key, status, since);
            return changed;
        });
    }

    private void Invalidate()
    {
        _devices.ClearForWrite();
        _onHub.ClearForWrite();
    }

    private List<string> MpxnsOf(ulong eui) =>
        db.List("SELECT mpxn FROM device_mpxns WHERE eui = @eui ORDER BY position", r => r.GetString(0), ("@eui", SqlValues.Eui(eui)));

    private static void History(DbConnection c, DbTransaction tx, string eui, SmiStatus status, DateTimeOffset since) =>
        Run(c, tx, "INSERT INTO device_status_history (eui, status, since) VALUES (@eui, @status, @since)",
            ("@eui", eui), ("@status", status.ToString()), ("@since", SqlValues.Time(since)));

    private static int Run(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] args)
    {
        using var command = SqlDatabase.Command(c, tx, sql, args);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] args)
    {
        using var command = SqlDatabase.Command(c, tx, sql, args);
        return command.ExecuteScalar();
    }

    private static InventoryDevice Map(DbDataReader r) => new(
        SqlValues.ParseEui(r.GetString(0)),
        (DeviceType)Convert.ToInt32(r.GetValue(1)),
        Enum.Parse<SmiStatus>(r.GetString(2)),
        SqlValues.ParseTime(r.GetInt64(3)),
        [],
        r.IsDBNull(4) ? null : SqlValues.ParseEui(r.GetString(4)),
        NullableText(r, 5),
        NullableText(r, 6),
        NullableText(r, 7));

    private static string? NullableText(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
