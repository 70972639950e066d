namespace CommsHub.Dcc.Storage.Sql;

/// <summary>PostgreSQL schema, step by step; same tables and columns as <see cref="SqliteMigrations"/>.</summary>
internal static class PostgresMigrations
{
    /// <summary>All steps in order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "users, registration, inventory, consents, request counters", """
            CREATE TABLE users (
                eui TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, status TEXT NOT NULL,
                xmlsign_issuer TEXT, xmlsign_serial TEXT);
            CREATE TABLE registration (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, mpxn TEXT NOT NULL, role TEXT NOT NULL,
                party_eui TEXT NOT NULL, effective_from BIGINT NOT NULL, effective_to BIGINT,
                CHECK (effective_to IS NULL OR effective_to > effective_from));
            CREATE INDEX registration_mpxn ON registration (mpxn, role);
            CREATE TABLE devices (
                eui TEXT PRIMARY KEY, device_type INTEGER NOT NULL, status TEXT NOT NULL, status_since BIGINT NOT NULL,
                comms_hub TEXT);
            CREATE INDEX devices_hub ON devices (comms_hub);
            CREATE TABLE device_mpxns (
                eui TEXT NOT NULL REFERENCES devices (eui) ON DELETE CASCADE, position INTEGER NOT NULL, mpxn TEXT NOT NULL,
                PRIMARY KEY (eui, position));
            CREATE INDEX device_mpxns_mpxn ON device_mpxns (mpxn);
            CREATE TABLE device_status_history (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, eui TEXT NOT NULL, status TEXT NOT NULL, since BIGINT NOT NULL);
            CREATE INDEX device_status_history_eui ON device_status_history (eui, id);
            CREATE TABLE consents (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_eui TEXT NOT NULL, mpxn TEXT NOT NULL,
                purpose TEXT NOT NULL, valid_from BIGINT NOT NULL, valid_to BIGINT);
            CREATE INDEX consents_user_mpxn ON consents (user_eui, mpxn);
            CREATE TABLE request_counters (user_eui TEXT PRIMARY KEY, counter BIGINT NOT NULL);
            """),
        new(2, "append-only audit trail", """
            CREATE TABLE audit (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,
                user_eui TEXT NOT NULL, srv TEXT NOT NULL, request_id TEXT NOT NULL, device_eui TEXT,
                response_code TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL);
            CREATE INDEX audit_user ON audit (user_eui, seq);
            CREATE INDEX audit_request ON audit (request_id, seq);
            CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP;
            END $$;
            CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION audit_append_only();
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
            """),
        new(3, "pending requests and anomaly quarantines", """
            CREATE TABLE pending_requests (
                request_id TEXT PRIMARY KEY, user_eui TEXT NOT NULL, device_eui TEXT NOT NULL,
                originator_counter BIGINT NOT NULL, srv TEXT NOT NULL, state TEXT NOT NULL, created_at BIGINT NOT NULL,
                deadline BIGINT NOT NULL, gbcs BYTEA NOT NULL, response_code TEXT,
                UNIQUE (device_eui, originator_counter));
            CREATE INDEX pending_requests_state ON pending_requests (state, deadline);
            CREATE TABLE quarantines (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_eui TEXT NOT NULL, srv TEXT NOT NULL,
                opened_at BIGINT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL, resolved_at BIGINT, resolved_by TEXT);
            CREATE UNIQUE INDEX quarantines_one_open ON quarantines (user_eui, srv) WHERE state = 'Open';
            CREATE TABLE quarantine_holds (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quarantine_id BIGINT NOT NULL REFERENCES quarantines (id),
                request_id TEXT NOT NULL, held_at BIGINT NOT NULL, UNIQUE (quarantine_id, request_id));
            """),
        new(4, "issued CV4 pre-commands awaiting their signed CV5-7", """
            CREATE TABLE pre_commands (
                device_eui TEXT NOT NULL, originator_counter BIGINT NOT NULL, user_eui TEXT NOT NULL, srv TEXT NOT NULL,
                pre_command BYTEA NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (device_eui, originator_counter));
            CREATE INDEX pre_commands_expiry ON pre_commands (expires_at);
            """),
        // Nullable: devices already in the inventory have no known manufacturer, model or firmware (NULL), not invented ones.
        new(5, "device manufacturer, model and firmware version (DUIS DSPInventory)", """
            ALTER TABLE devices ADD COLUMN manufacturer TEXT;
            ALTER TABLE devices ADD COLUMN model TEXT;
            ALTER TABLE devices ADD COLUMN firmware_version TEXT;
            """),
        // One row per user, SRV and bucket (named by its end, UTC ticks): the increment is a single-row upsert and the window
        // total a primary-key range read; the bucket_end index finds expired rows for the bounded purge.
        new(6, "anomaly-detection request counts shared by every instance", """
            CREATE TABLE anomaly_counts (
                user_eui TEXT NOT NULL, srv TEXT NOT NULL, bucket_end BIGINT NOT NULL, hits INTEGER NOT NULL,
                PRIMARY KEY (user_eui, srv, bucket_end));
            CREATE INDEX anomaly_counts_expiry ON anomaly_counts (bucket_end);
            """),
        // GBCS counters are per originator: two users may send the same counter to one device, and the response names
        // its target, so the correlation key takes the command's originator too. Rows from before have no recorded
        // originator (NULL): they correlate by device and counter alone, as they did. (The dropped constraint carries
        // PostgreSQL's default name for migration 3's UNIQUE (device_eui, originator_counter).)
        new(7, "pending requests correlated by device, command originator and counter", """
            ALTER TABLE pending_requests ADD COLUMN originator_eui TEXT;
            ALTER TABLE pending_requests DROP CONSTRAINT pending_requests_device_eui_originator_counter_key;
            CREATE UNIQUE INDEX pending_requests_correlation ON pending_requests (device_eui, originator_eui, originator_counter);
            """),
        // Every signed outcome (response or alert) is kept here, written in the same transaction as the state change it
        // reports, until the user's side has taken it: a crash between finishing a request and delivering its answer then
        // loses nothing. digest (SHA-256 of xml) finds the row an MQTT PUBACK acknowledges; next_attempt_at orders the
        // (re)delivery claims; created_at the retention purge.
        new(8, "durable outbox of user outcomes", """
            CREATE TABLE user_outbox (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_eui TEXT NOT NULL, kind TEXT NOT NULL, delivery_key TEXT NOT NULL,
                xml BYTEA NOT NULL, digest BYTEA NOT NULL, created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL, UNIQUE (kind, delivery_key));
            CREATE INDEX user_outbox_due ON user_outbox (next_attempt_at);
            CREATE INDEX user_outbox_user ON user_outbox (user_eui, digest);
            CREATE INDEX user_outbox_created ON user_outbox (created_at);
            """),
        // DUIS 5.1 Create Schedule: one row per DCC schedule. next_run_at (UTC ticks; NULL once past the end date) orders
        // the due scan and is the compare-and-set that lets one instance claim each run.
        new(9, "DCC schedules (DUIS section 5)", """
            CREATE TABLE dcc_schedules (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_eui TEXT NOT NULL, device_eui TEXT NOT NULL, srv TEXT NOT NULL,
                frequency TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT, details TEXT NOT NULL, created_at BIGINT NOT NULL,
                next_run_at BIGINT);
            CREATE INDEX dcc_schedules_due ON dcc_schedules (next_run_at);
            CREATE INDEX dcc_schedules_user ON dcc_schedules (user_eui);
            """),
        // Which RequestID each run of a DCC schedule was sent with, so the device's answer to it is delivered as a
        // DSPScheduledMessage naming its DSPScheduleID.
        new(10, "DCC schedule runs", """
            CREATE TABLE dcc_schedule_runs (
                request_id TEXT PRIMARY KEY, schedule_id BIGINT NOT NULL, run_at BIGINT NOT NULL);
            CREATE INDEX dcc_schedule_runs_schedule ON dcc_schedule_runs (schedule_id);
            """),
        // SQLite's step 11 drops AUTOINCREMENT from audit and user_outbox. Identity columns have no such per-insert
        // bookkeeping table, so PostgreSQL keeps its tables; the step exists to keep both schemas at one version number.
        new(11, "audit and outbox keys without AUTOINCREMENT (SQLite only; nothing to change here)", "SELECT 1;"),
        // Device alerts may be handled out of order (two instances, or a resend after a failed attempt): beside the highest
        // counter, a bitmap of the 64 counters below it that were seen (CounterWindow). Rows already here get -1, every
        // counter below the highest seen: exactly what they refused before, so no replay is let in by the upgrade.
        new(12, "per-originator window of counters seen below the highest", """
            ALTER TABLE request_counters ADD COLUMN seen_below BIGINT NOT NULL DEFAULT -1;
            """),
        // An external broker's PUBACK of a user's outcome (Mosquitto) is not yet durable: it saves what it holds only every
        // autosave_interval. handed_at marks an outcome such a broker has acknowledged; the row is kept, never due, for that
        // long, so the adapter can send it again when it reconnects to a broker that may have lost it (UserOutbox
        // BrokerUnsavedWindow). NULL: not handed over (every row before this step, and every row with the embedded broker).
        new(13, "outbox rows an external broker has acknowledged, kept while it may still lose them", """
            ALTER TABLE user_outbox ADD COLUMN handed_at BIGINT;
            CREATE INDEX user_outbox_handed ON user_outbox (handed_at) WHERE handed_at IS NOT NULL;
            """),
        // The sweeper reads page after page (TimeoutSweeper); each page must come from an index in its order, not from a
        // sort of every row it might hold.
        // - Pending requests, in arrival order: with only (state, deadline) each page sorted every Pending row; under
        //   OfflineHubPolicy.Queue, 100,000 held for offline hubs made a page cost about 260 ms on SQLite. The new index is
        //   partial, so it holds only the requests waiting to be sent: a request adds one entry and drops it when sent.
        // - Overdue requests, by deadline then RequestID: (state, deadline) left the RequestID order of equal deadlines to
        //   a sort, and requests created together share a deadline. The index is rebuilt with RequestID, in its place.
        new(14, "sweeper reads in index order: Pending by arrival, every state by deadline and RequestID", """
            CREATE INDEX pending_requests_queue ON pending_requests (created_at, request_id) WHERE state = 'Pending';
            DROP INDEX pending_requests_state;
            CREATE INDEX pending_requests_state ON pending_requests (state, deadline, request_id);
            """),
    ];
}
