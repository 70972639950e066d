using System;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// The hub's trust anchor cells, one per <see cref="RemotePartyRole"/> (GBCS.md §3.2, §3.5): who may originate
    /// commands, whose KA key MACs them (the ACB's), whose DS key signs critical ones (supplier, network operator).
    /// Persisted as one snapshot record in a <see cref="RecordLog"/> on its own sectors, so a replaced anchor survives
    /// power loss atomically (old or new cell, never a mix).
    /// </summary>
    public sealed class TrustAnchors
    {
        /// <summary>Record kind of a trust anchor snapshot.</summary>
        public const int RecordKind = 0x54;
        private const int RoleCount = 7;
        // Per cell: role(1) flags(1) EUI(8) DS(65) KA(65).
        private const int CellLength = 2 + 8 + 2 * TrustAnchorCell.PublicKeyLength;
        private const int FlagDs = 1;
        private const int FlagKa = 2;

        private readonly TrustAnchorCell[] _cells = new TrustAnchorCell[RoleCount];
        private readonly RecordLog _records;

        /// <summary>Anchors held in RAM only (loaded from configuration); <see cref="Set"/> does not persist.</summary>
        public TrustAnchors()
        {
        }

        private TrustAnchors(RecordLog records)
        {
            _records = records;
        }

        /// <summary>
        /// Mounts the anchors' record log on <paramref name="store"/> (its own sectors) and loads the last snapshot;
        /// blank flash gives no anchors. Later <see cref="Set"/> calls persist.
        /// </summary>
        public static TrustAnchors Open(IBlockStore store)
        {
            RecordLog log = RecordLog.Mount(store);
            TrustAnchors t = new TrustAnchors(log);
            if (log.HasRecord && log.LatestKind == RecordKind)
            {
                byte[] body = new byte[log.LatestLength];
                log.ReadLatest(body, 0);
                t.Decode(body, body.Length);
            }
            return t;
        }

        /// <summary>True when the anchors are persisted (opened over a block store).</summary>
        public bool IsPersisted { get { return _records != null; } }

        /// <summary>The cell of <paramref name="role"/>, or null.</summary>
        public TrustAnchorCell Get(RemotePartyRole role)
        {
            int i = (int)role;
            return i >= 0 && i < RoleCount ? _cells[i] : null;
        }

        /// <summary>The Access Control Broker's cell (its KA key MACs every command), or null.</summary>
        public TrustAnchorCell AccessControlBroker { get { return _cells[(int)RemotePartyRole.AccessControlBroker]; } }

        /// <summary>
        /// The cell of the party with this EUI, or null: only parties in the cells may originate commands. Allocation
        /// free (a linear scan of seven cells).
        /// </summary>
        public TrustAnchorCell FindByEui(ulong eui)
        {
            for (int i = 0; i < RoleCount; i++)
            {
                if (_cells[i] != null && _cells[i].Eui == eui) return _cells[i];
            }
            return null;
        }

        /// <summary>Installs or replaces the cell of <paramref name="cell"/>'s role; persisted before it returns.</summary>
        /// <exception cref="BlockStoreException">flash failure: the previous cell stays in force.</exception>
        public void Set(TrustAnchorCell cell)
        {
            if (cell == null) throw new ArgumentNullException("cell");
            int i = (int)cell.Role;
            if (i < 0 || i >= RoleCount) throw new ArgumentException("role without a trust anchor cell");
            TrustAnchorCell old = _cells[i];
            _cells[i] = cell;
            if (_records == null) return;
            try
            {
                byte[] body = Encode();
                _records.Append(RecordKind, body, 0, body.Length);
            }
            catch (BlockStoreException)
            {
                // Not persisted: keep RAM equal to flash, so a reboot does not change which anchors apply.
                _cells[i] = old;
                throw;
            }
        }

        private byte[] Encode()
        {
            int n = 0;
            for (int i = 0; i < RoleCount; i++) if (_cells[i] != null) n++;
            byte[] b = new byte[1 + n * CellLength];
            b[0] = (byte)n;
            int p = 1;
            for (int i = 0; i < RoleCount; i++)
            {
                TrustAnchorCell c = _cells[i];
                if (c == null) continue;
                b[p] = (byte)c.Role;
                b[p + 1] = (byte)((c.DsPublicKey != null ? FlagDs : 0) | (c.KaPublicKey != null ? FlagKa : 0));
                BigEndian.WriteUInt64(b, p + 2, c.Eui);
                if (c.DsPublicKey != null) Array.Copy(c.DsPublicKey, 0, b, p + 10, TrustAnchorCell.PublicKeyLength);
                if (c.KaPublicKey != null) Array.Copy(c.KaPublicKey, 0, b, p + 10 + TrustAnchorCell.PublicKeyLength, TrustAnchorCell.PublicKeyLength);
                p += CellLength;
            }
            return b;
        }

        private void Decode(byte[] b, int length)
        {
            if (length < 1 || length != 1 + b[0] * CellLength) return; // unknown layout: start without anchors
            int p = 1;
            for (int k = 0; k < b[0]; k++)
            {
                int role = b[p];
                int flags = b[p + 1];
                if (role < RoleCount)
                {
                    _cells[role] = new TrustAnchorCell((RemotePartyRole)role, BigEndian.ReadUInt64(b, p + 2),
                        (flags & FlagDs) != 0 ? BigEndian.Slice(b, p + 10, TrustAnchorCell.PublicKeyLength) : null,
                        (flags & FlagKa) != 0 ? BigEndian.Slice(b, p + 10 + TrustAnchorCell.PublicKeyLength, TrustAnchorCell.PublicKeyLength) : null);
                }
                p += CellLength;
            }
        }
    }
}
