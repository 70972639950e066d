using System;
using System.Collections;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Time;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// The CHF Device Log (DLMS class 104 on 0-0:30.3.0.255, <see cref="DeviceLogObject"/>): the whitelist of HAN
    /// devices allowed to join, the CHF Historic Device Log of removed devices' TC link keys, the extended PAN id
    /// and the join settings, with the GBCS rules of CCS01/02/03/06/07 and CS14.
    /// <para>
    /// Every change is persisted as one full-state snapshot record through a <see cref="RecordLog"/> before the
    /// call returns, so a power cut at any point leaves the state before or after the operation. Then
    /// <see cref="Changed"/> fires (the engine raises CS14 from it for a join that changed the backup; a change a
    /// command makes is announced by the engine after the command's response).
    /// A <see cref="BlockStoreException"/> other than power loss rolls the in-memory state back to the last
    /// persisted snapshot and is rethrown; after a <see cref="PowerLossException"/> the instance is dead: reopen.
    /// </para>
    /// </summary>
    public sealed class ChfDeviceLog
    {
        private static readonly ulong[] NoDevices = new ulong[0];
        private readonly RecordLog _records;
        private readonly IAes128 _aes;
        private readonly IClock _clock;
        private readonly int _capacity;
        private DeviceLogState _state;
        // The last persisted snapshot (for rollback and to skip writes that change nothing) and a scratch buffer;
        // both sized once for the largest snapshot so operations do not allocate buffers.
        private byte[] _persisted;
        private int _persistedLength;
        private byte[] _scratch;
        private DeviceLogChange _lastChange;
        private bool _communicationDirty;
        private long _persistCount;
        private long _bytesProgrammed;
        private long _erases;

        private ChfDeviceLog(RecordLog records, IAes128 aes, IClock clock, int capacity, DeviceLogState state, int maxLength)
        {
            _records = records;
            _aes = aes;
            _clock = clock;
            _capacity = capacity;
            _state = state;
            _persisted = new byte[maxLength];
            _scratch = new byte[maxLength];
            _persistedLength = DeviceLogCodec.Encode(state, _persisted);
        }

        /// <summary>
        /// Mounts the record log on <paramref name="store"/> and restores the last persisted state (an empty log with
        /// the default extended PAN id on blank flash).
        /// </summary>
        /// <exception cref="ArgumentException">bad options, or sectors too small for a full snapshot.</exception>
        /// <exception cref="DeviceLogFormatException">the stored snapshot has an unknown format.</exception>
        public static ChfDeviceLog Open(IBlockStore store, IAes128 aes, IClock clock, DeviceLogOptions options)
        {
            if (aes == null) throw new ArgumentNullException("aes");
            if (clock == null) throw new ArgumentNullException("clock");
            if (options == null) options = new DeviceLogOptions();
            if (options.Capacity < 1 || options.Capacity > 64) throw new ArgumentException("capacity must be 1..64");
            RecordLog records = RecordLog.Mount(store);
            int maxLength = DeviceLogCodec.MaxLength(options.Capacity);
            if (maxLength > records.MaxBodyLength)
                throw new ArgumentException("a full device log snapshot (" + maxLength.ToString() + " bytes) does not fit in a sector");
            DeviceLogState state;
            if (records.HasRecord)
            {
                if (records.LatestKind != DeviceLogCodec.RecordKind) throw new DeviceLogFormatException("not a device log record");
                byte[] body = new byte[records.LatestLength];
                records.ReadLatest(body, 0);
                // A log stored under a larger capacity still loads; it simply reports full until devices leave. Its
                // snapshots are larger than this capacity's, so the buffers are sized for the entries it holds.
                state = DeviceLogCodec.Decode(body, body.Length);
                if (state.Entries.Count > options.Capacity) maxLength = DeviceLogCodec.MaxLength(state.Entries.Count);
            }
            else
            {
                state = new DeviceLogState();
                state.ExtendedPanId = options.DefaultExtendedPanId;
            }
            return new ChfDeviceLog(records, aes, clock, options.Capacity, state, maxLength);
        }

        /// <summary>Raised after every persisted change.</summary>
        public event DeviceLogChangedHandler Changed;

        /// <summary>Maximum number of devices.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Number of devices in the log.</summary>
        public int Count { get { return _state.Entries.Count; } }

        /// <summary>Number of devices in the historic log (at most 15).</summary>
        public int HistoricCount { get { return _state.Historic.Count; } }

        /// <summary>The HAN's extended PAN id.</summary>
        public ulong ExtendedPanId { get { return _state.ExtendedPanId; } }

        /// <summary>join_timeout (attribute 3), seconds.</summary>
        public int JoinTimeout { get { return _state.JoinTimeout; } }

        /// <summary>
        /// enable_disable_joining (attribute 2): true while joining is enabled and the clock is inside the join window
        /// opened by enabling it. Expiry is derived from the clock, so it costs no write; the window's start counts too,
        /// so a clock put back before it (an unauthenticated time sync, an RTC that lost its battery) does not reopen a
        /// window that closed.
        /// </summary>
        public bool JoiningEnabled
        {
            get
            {
                if (!_state.JoiningEnabled) return false;
                uint now = HubTime.ToSeconds(_clock.UtcNow);
                return now >= _state.JoinWindowStart && now < _state.JoinWindowEnd;
            }
        }

        /// <summary>When the current join window closes, in <see cref="HubTime"/> seconds (0 when joining is disabled).</summary>
        public uint JoinWindowEnd { get { return _state.JoinWindowEnd; } }

        /// <summary>When the current join window opened, in <see cref="HubTime"/> seconds (0 when joining is disabled).</summary>
        public uint JoinWindowStart { get { return _state.JoinWindowStart; } }

        /// <summary>The last persisted change (null before the first).</summary>
        public DeviceLogChange LastChange { get { return _lastChange; } }

        /// <summary>Snapshots persisted by this instance.</summary>
        public long PersistCount { get { return _persistCount; } }

        /// <summary>Flash bytes programmed by this instance.</summary>
        public long BytesProgrammed { get { return _bytesProgrammed; } }

        /// <summary>Sector erases caused by this instance.</summary>
        public long Erases { get { return _erases; } }

        /// <summary>The device at <paramref name="index"/> (registration order): the active_devices list (attribute 4).</summary>
        public DeviceLogEntry GetEntry(int index) { return (DeviceLogEntry)_state.Entries[index]; }

        /// <summary>The device with this EUI, or null.</summary>
        public DeviceLogEntry Find(ulong eui)
        {
            int i = _state.IndexOf(eui);
            return i < 0 ? null : (DeviceLogEntry)_state.Entries[i];
        }

        /// <summary>The historic entry at <paramref name="index"/>, oldest first.</summary>
        public HistoricLogEntry GetHistoricEntry(int index) { return (HistoricLogEntry)_state.Historic[index]; }

        /// <summary>The historic entry for this EUI, or null (CCS01 checks it to offer the old TC link key first).</summary>
        public HistoricLogEntry FindHistoric(ulong eui)
        {
            int i = _state.HistoricIndexOf(eui);
            return i < 0 ? null : (HistoricLogEntry)_state.Historic[i];
        }

        /// <summary>True when <paramref name="eui"/> is whitelisted and the join window is open.</summary>
        public bool MayJoin(ulong eui)
        {
            return JoiningEnabled && _state.IndexOf(eui) >= 0;
        }

        /// <summary>
        /// register_device (CCS01). A device already in the log keeps its entry and key: the new key is discarded
        /// unprocessed and the result is <see cref="DeviceLogResult.AlreadyRegistered"/> (a GBCS success). A GPF or an
        /// HHT is never recorded (<see cref="DeviceLogResult.NotRecorded"/>). Otherwise the install code (with or without its CRC) is turned into the link key and the
        /// device is added as <see cref="JoinState.Pending"/>.
        /// </summary>
        public DeviceLogResult Register(ulong eui, DeviceType type, byte[] installCode)
        {
            if (eui == 0 || eui == 0xFFFFFFFFFFFFFFFFUL) return DeviceLogResult.InvalidArgument;
            // GBCS: the GPF is part of the hub and handheld terminals are never recorded in the device log.
            if (type == DeviceType.Gpf || type == LocalDeviceType.Hht) return DeviceLogResult.NotRecorded;
            if (_state.IndexOf(eui) >= 0) return DeviceLogResult.AlreadyRegistered;
            if (_state.Entries.Count >= _capacity) return DeviceLogResult.DeviceLogFull;
            byte[] key = InstallCode.DeriveLinkKey(_aes, installCode);
            if (key == null) return DeviceLogResult.InvalidInstallCode;
            DeviceLogEntry e = new DeviceLogEntry(eui, type);
            e.JoinState = JoinState.Pending;
            e.LinkKeyBytes = key;
            _state.Entries.Add(e);
            Persist(DeviceLogChangeKind.Registered, eui, true);
            return DeviceLogResult.Success;
        }

        /// <summary>
        /// unregister_device (CCS02). A device with an established TC link key is first recorded in the historic log
        /// (updating its record if present, else overwriting the oldest of 15), unless it is an HHT.
        /// </summary>
        public DeviceLogResult Unregister(ulong eui)
        {
            int i = _state.IndexOf(eui);
            if (i < 0) return DeviceLogResult.NotFound;
            RecordHistoric((DeviceLogEntry)_state.Entries[i]);
            _state.Entries.RemoveAt(i);
            Persist(DeviceLogChangeKind.Unregistered, eui, true);
            return DeviceLogResult.Success;
        }

        /// <summary>unregister_all_devices: every device as by <see cref="Unregister"/>, in one persisted change.</summary>
        public DeviceLogResult UnregisterAll()
        {
            if (_state.Entries.Count == 0) return DeviceLogResult.Success;
            ulong[] dropped = new ulong[_state.Entries.Count];
            for (int i = 0; i < _state.Entries.Count; i++)
            {
                dropped[i] = ((DeviceLogEntry)_state.Entries[i]).Eui;
                RecordHistoric((DeviceLogEntry)_state.Entries[i]);
            }
            _state.Entries.Clear();
            Persist(DeviceLogChangeKind.UnregisteredAll, 0, true, dropped);
            return DeviceLogResult.Success;
        }

        /// <summary>
        /// restore_PAN (CCS03): replaces the log with <paramref name="entries"/> (type unknown, pending, hashed TC link
        /// key as given) and sets the extended PAN id. All or nothing: too many entries give
        /// <see cref="DeviceLogResult.DeviceLogFull"/>, duplicates or bad hashes <see cref="DeviceLogResult.InvalidArgument"/>.
        /// The historic log and join settings are kept.
        /// </summary>
        public DeviceLogResult Restore(ulong extendedPanId, BackupEntry[] entries)
        {
            if (entries == null) return DeviceLogResult.InvalidArgument;
            for (int i = 0; i < entries.Length; i++)
            {
                BackupEntry r = entries[i];
                if (r == null || r.Eui == 0 || r.Eui == 0xFFFFFFFFFFFFFFFFUL) return DeviceLogResult.InvalidArgument;
                if (r.HashedTcLinkKey.Length != 0 && r.HashedTcLinkKey.Length != InstallCode.KeyLength) return DeviceLogResult.InvalidArgument;
                for (int j = 0; j < i; j++)
                {
                    if (entries[j].Eui == r.Eui) return DeviceLogResult.InvalidArgument;
                }
            }
            if (entries.Length > _capacity) return DeviceLogResult.DeviceLogFull;
            ArrayList restored = new ArrayList();
            for (int i = 0; i < entries.Length; i++)
            {
                DeviceLogEntry e = new DeviceLogEntry(entries[i].Eui, LocalDeviceType.Unknown);
                e.JoinState = JoinState.Pending;
                if (entries[i].HashedTcLinkKey.Length != 0) e.HashedTcLinkKeyBytes = DeviceLogEntry.Copy(entries[i].HashedTcLinkKey);
                restored.Add(e);
            }
            ulong[] dropped = Dropped(entries);
            _state.Entries = restored;
            _state.ExtendedPanId = extendedPanId;
            Persist(DeviceLogChangeKind.Restored, 0, true, dropped);
            return DeviceLogResult.Success;
        }

        /// <summary>backup_PAN on the device log (CCS07, and the CS14 body): EUIs with hashed TC link keys.</summary>
        public DeviceLogBackup Backup()
        {
            BackupEntry[] r = new BackupEntry[_state.Entries.Count];
            for (int i = 0; i < r.Length; i++)
            {
                DeviceLogEntry e = (DeviceLogEntry)_state.Entries[i];
                r[i] = new BackupEntry(e.Eui, e.GetHashedTcLinkKey());
            }
            return new DeviceLogBackup(HubTime.ToSeconds(_clock.UtcNow), _state.ExtendedPanId, r);
        }

        /// <summary>backup_PAN on the historic log (0-0:30.3.1.255, CCS07), oldest first.</summary>
        public DeviceLogBackup BackupHistoric()
        {
            BackupEntry[] r = new BackupEntry[_state.Historic.Count];
            for (int i = 0; i < r.Length; i++)
            {
                HistoricLogEntry h = (HistoricLogEntry)_state.Historic[i];
                r[i] = new BackupEntry(h.Eui, DeviceLogEntry.Copy(HistoricHash(i)));
            }
            return new DeviceLogBackup(HubTime.ToSeconds(_clock.UtcNow), _state.ExtendedPanId, r);
        }

        /// <summary>
        /// The hashed TC link key of historic entry <paramref name="index"/> (the log's own 16-byte array: callers must
        /// not change it). Hashed once per entry and cached, so repeated CCS07 reads do not allocate.
        /// </summary>
        internal byte[] HistoricHash(int index)
        {
            HistoricLogEntry h = (HistoricLogEntry)_state.Historic[index];
            if (h.HashedTcLinkKeyBytes == null) h.HashedTcLinkKeyBytes = AesMmo.Hash(_aes, h.TcLinkKeyBytes, 0, h.TcLinkKeyBytes.Length);
            return h.HashedTcLinkKeyBytes;
        }

        /// <summary>join_timeout (attribute 3): 0..65535 seconds; applies to the next enabling of joining.</summary>
        public DeviceLogResult SetJoinTimeout(int seconds)
        {
            if (seconds < 0 || seconds > 0xFFFF) return DeviceLogResult.InvalidArgument;
            _state.JoinTimeout = seconds;
            Persist(DeviceLogChangeKind.JoinSettings, 0, false);
            return DeviceLogResult.Success;
        }

        /// <summary>
        /// enable_disable_joining (attribute 2): enabling opens the join window for <see cref="JoinTimeout"/> seconds
        /// from now (persisted, so a reboot inside the window keeps it open until the same moment); disabling closes it.
        /// </summary>
        public DeviceLogResult SetJoiningEnabled(bool enabled)
        {
            uint now = HubTime.ToSeconds(_clock.UtcNow);
            _state.JoiningEnabled = enabled;
            _state.JoinWindowStart = enabled ? now : 0;
            _state.JoinWindowEnd = enabled ? now + (uint)_state.JoinTimeout : 0;
            Persist(DeviceLogChangeKind.JoinSettings, 0, false);
            return DeviceLogResult.Success;
        }

        /// <summary>
        /// The HAN reports that a whitelisted device joined with <paramref name="tcLinkKey"/> (16 bytes): the entry
        /// becomes <see cref="JoinState.Joined"/> and keeps the key and its AES-MMO hash (a new hash is a CS14 change).
        /// </summary>
        public DeviceLogResult DeviceJoined(ulong eui, byte[] tcLinkKey)
        {
            if (tcLinkKey == null || tcLinkKey.Length != InstallCode.KeyLength) return DeviceLogResult.InvalidArgument;
            int i = _state.IndexOf(eui);
            if (i < 0) return DeviceLogResult.NotFound;
            DeviceLogEntry e = (DeviceLogEntry)_state.Entries[i];
            byte[] hash = AesMmo.Hash(_aes, tcLinkKey, 0, tcLinkKey.Length);
            bool hashChanged = e.HashedTcLinkKeyBytes == null || !BigEndian.RangeEquals(hash, 0, e.HashedTcLinkKeyBytes, 0, hash.Length);
            e.TcLinkKeyBytes = DeviceLogEntry.Copy(tcLinkKey);
            e.HashedTcLinkKeyBytes = hash;
            e.JoinState = JoinState.Joined;
            e.LastCommunication = HubTime.ToSeconds(_clock.UtcNow);
            Persist(DeviceLogChangeKind.Joined, eui, hashChanged);
            return DeviceLogResult.Success;
        }

        /// <summary>The HAN reports that a device left: it stays whitelisted as <see cref="JoinState.Left"/>.</summary>
        public DeviceLogResult DeviceLeft(ulong eui)
        {
            int i = _state.IndexOf(eui);
            if (i < 0) return DeviceLogResult.NotFound;
            ((DeviceLogEntry)_state.Entries[i]).JoinState = JoinState.Left;
            Persist(DeviceLogChangeKind.Left, eui, false);
            return DeviceLogResult.Success;
        }

        /// <summary>Records that the hub communicated with the device now (the CCS06 last-communication field).</summary>
        public DeviceLogResult RecordCommunication(ulong eui)
        {
            int i = _state.IndexOf(eui);
            if (i < 0) return DeviceLogResult.NotFound;
            ((DeviceLogEntry)_state.Entries[i]).LastCommunication = HubTime.ToSeconds(_clock.UtcNow);
            Persist(DeviceLogChangeKind.Communication, eui, false);
            return DeviceLogResult.Success;
        }

        /// <summary>
        /// Notes a communication with <paramref name="eui"/> in RAM only: last-communication times change on every HAN
        /// frame, and a snapshot write per frame would wear the flash out. <see cref="FlushCommunication"/> persists them
        /// (the engine does so periodically); any other persisted change carries them along too.
        /// </summary>
        public DeviceLogResult NoteCommunication(ulong eui)
        {
            int i = _state.IndexOf(eui);
            if (i < 0) return DeviceLogResult.NotFound;
            ((DeviceLogEntry)_state.Entries[i]).LastCommunication = HubTime.ToSeconds(_clock.UtcNow);
            _communicationDirty = true;
            return DeviceLogResult.Success;
        }

        /// <summary>True when <see cref="NoteCommunication"/> changed times that are not persisted yet.</summary>
        public bool HasUnpersistedCommunication { get { return _communicationDirty; } }

        /// <summary>Persists communication times noted in RAM (no write when nothing changed).</summary>
        public void FlushCommunication()
        {
            if (!_communicationDirty) return;
            Persist(DeviceLogChangeKind.Communication, 0, false);
        }

        /// <summary>A copy of the persisted snapshot encoding of the current state (equal states, equal bytes).</summary>
        public byte[] ExportSnapshot()
        {
            return BigEndian.Slice(_persisted, 0, _persistedLength);
        }

        private void RecordHistoric(DeviceLogEntry e)
        {
            // CCS02: only a device with an established TC link key, never an HHT; a GPF never has one (and is never
            // in the log). An existing record is updated and becomes the newest; a full log loses its oldest.
            if (e.TcLinkKeyBytes == null || e.DeviceType == LocalDeviceType.Hht || e.DeviceType == DeviceType.Gpf) return;
            int h = _state.HistoricIndexOf(e.Eui);
            if (h >= 0) _state.Historic.RemoveAt(h);
            else if (_state.Historic.Count >= DeviceLogOptions.HistoricCapacity) _state.Historic.RemoveAt(0);
            _state.Historic.Add(new HistoricLogEntry(e.Eui, DeviceLogEntry.Copy(e.TcLinkKeyBytes)));
        }

        // The devices in the log now that are not among the entries restored.
        private ulong[] Dropped(BackupEntry[] entries)
        {
            int n = 0;
            ulong[] dropped = new ulong[_state.Entries.Count];
            for (int i = 0; i < _state.Entries.Count; i++)
            {
                ulong eui = ((DeviceLogEntry)_state.Entries[i]).Eui;
                bool kept = false;
                for (int j = 0; j < entries.Length && !kept; j++) kept = entries[j].Eui == eui;
                if (!kept) dropped[n++] = eui;
            }
            if (n == dropped.Length) return dropped;
            ulong[] r = new ulong[n];
            Array.Copy(dropped, r, n);
            return r;
        }

        private void Persist(DeviceLogChangeKind kind, ulong eui, bool backupChanged)
        {
            Persist(kind, eui, backupChanged, NoDevices);
        }

        private void Persist(DeviceLogChangeKind kind, ulong eui, bool backupChanged, ulong[] dropped)
        {
            int n = DeviceLogCodec.Encode(_state, _scratch);
            // Every snapshot carries the RAM-only communication times noted so far.
            _communicationDirty = false;
            // Same bytes as the last snapshot: nothing changed (e.g. a second communication in the same second), so
            // no flash wear and no notification.
            if (n == _persistedLength && BigEndian.RangeEquals(_scratch, 0, _persisted, 0, n)) return;
            WriteReport write;
            try
            {
                write = _records.Append(DeviceLogCodec.RecordKind, _scratch, 0, n);
            }
            catch (Exception e) when (!(e is PowerLossException))
            {
                // Not persisted: the visible state must stay the persisted one. (After a power loss there is no
                // state to keep: the instance is dead and the filter lets the exception through untouched.)
                _state = DeviceLogCodec.Decode(_persisted, _persistedLength);
                throw;
            }
            byte[] t = _persisted;
            _persisted = _scratch;
            _scratch = t;
            _persistedLength = n;
            _persistCount++;
            _bytesProgrammed += write.BytesProgrammed;
            _erases += write.Erases;
            _lastChange = new DeviceLogChange(kind, eui, backupChanged, write, dropped);
            DeviceLogChangedHandler handler = Changed;
            if (handler != null) handler(this, _lastChange);
        }
    }
}
