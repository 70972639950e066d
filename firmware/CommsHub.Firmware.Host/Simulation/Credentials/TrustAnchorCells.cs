using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Host.Simulation.Credentials;

/// <summary>A trust anchor cell's identity (GBCS TrustAnchorCellIdentifier): remote party role, key usage, cell usage.</summary>
/// <param name="Role">Remote party role (2 supplier, 3 network operator, 4 ACB, 5 TransCoS, ...).</param>
/// <param name="Usage">Key usage of the cell.</param>
/// <param name="CellUsage">0 management (the DEFAULT), 1 prepayment top up, ...</param>
public readonly record struct TrustAnchorCellId(int Role, KeyUsage Usage, int CellUsage);

/// <summary>What a trust anchor cell holds: the certificate subject's entity ID, its subject key ID and public key.</summary>
/// <param name="SubjectUniqueId">The subject's entity ID (EUI-64).</param>
/// <param name="SubjectKeyId">The certificate's subject key identifier.</param>
/// <param name="PublicKey">The 65-byte uncompressed P-256 point.</param>
public sealed record TrustAnchor(ulong SubjectUniqueId, byte[] SubjectKeyId, byte[] PublicKey);

/// <summary>
/// A meter's trust anchor cells as state it changes (CS02b/CS02g): anchors installed by a credentials update take
/// precedence over the keys the meter was built with (<see cref="IGbcsKeyStore"/> it wraps), so after an update the
/// replacing key, and only it, verifies that party's next command. Not thread-safe (the hub loop owns the meter).
/// </summary>
public sealed class TrustAnchorCells : IGbcsKeyStore
{
    private readonly IGbcsKeyStore _initial;
    private readonly Dictionary<TrustAnchorCellId, TrustAnchor> _installed = [];
    private readonly List<(TrustAnchorCellId Cell, TrustAnchor Anchor)> _staged = [];

    private readonly Dictionary<int, ulong> _parties;

    /// <summary>Cells initially holding the keys of <paramref name="initial"/> for the parties in <paramref name="parties"/> (role to EUI).</summary>
    public TrustAnchorCells(IGbcsKeyStore initial, IReadOnlyDictionary<int, ulong> parties)
    {
        _initial = initial ?? throw new ArgumentNullException(nameof(initial));
        _parties = new Dictionary<int, ulong>(parties);
    }

    /// <summary>Role number of the access control broker.</summary>
    public const int AccessControlBrokerRole = 4;

    /// <summary>
    /// The cells a role can hold: DS and KA management, and the supplier's prepayment top-up KA cell; the ACB, which
    /// only MACs, has its KA cell alone (as RTDS CS02aMAC's answer shows).
    /// </summary>
    public static IEnumerable<TrustAnchorCellId> CellsOf(int role)
    {
        if (role != AccessControlBrokerRole) yield return new TrustAnchorCellId(role, KeyUsage.DigitalSignature, 0);
        yield return new TrustAnchorCellId(role, KeyUsage.KeyAgreement, 0);
        if (role == SupplierRole) yield return new TrustAnchorCellId(role, KeyUsage.KeyAgreement, PrepaymentCellUsage);
    }

    /// <summary>Role number of the supplier.</summary>
    public const int SupplierRole = 2;

    /// <summary>What each cell of <paramref name="role"/> holds (empty when the meter holds no anchor for that role).</summary>
    public List<(TrustAnchorCellId Cell, TrustAnchor Anchor)> HeldBy(int role)
    {
        var held = new List<(TrustAnchorCellId, TrustAnchor)>();
        foreach (var cell in CellsOf(role))
        {
            ulong eui = _installed.TryGetValue(cell, out var installed) ? installed.SubjectUniqueId : _parties.GetValueOrDefault(role);
            if (eui != 0 && Held(cell, eui) is { } anchor) held.Add((cell, anchor));
        }
        return held;
    }

    /// <summary>Anchors installed by credential updates since the meter was built.</summary>
    public IReadOnlyDictionary<TrustAnchorCellId, TrustAnchor> Installed => _installed;

    /// <summary>
    /// The anchor held in <paramref name="cell"/> for the party <paramref name="eui"/>: the installed one, else the
    /// initial key of that party (null when neither holds one).
    /// </summary>
    public TrustAnchor? Held(TrustAnchorCellId cell, ulong eui)
    {
        if (_installed.TryGetValue(cell, out var anchor)) return anchor;
        var key = _initial.GetPublicKey(eui, cell.Usage, cell.CellUsage == PrepaymentCellUsage);
        return key is null ? null : new TrustAnchor(eui, SubjectKeyIdOf(key), key);
    }

    /// <summary>
    /// Replaces what <paramref name="cell"/> holds once <see cref="ApplyStaged"/> runs: the response to the updating
    /// command is still protected under the anchors that authenticated it (RTDS CS02bACBByACB's response verifies with
    /// the replaced ACB key).
    /// </summary>
    public void Install(TrustAnchorCellId cell, TrustAnchor anchor) => _staged.Add((cell, anchor));

    /// <summary>Drops the staged anchors (the command failed part-way: nothing of it is applied).</summary>
    public void DiscardStaged() => _staged.Clear();

    /// <summary>Puts the anchors staged by <see cref="Install"/> into their cells.</summary>
    public void ApplyStaged()
    {
        foreach (var (cell, anchor) in _staged)
        {
            _installed[cell] = anchor;
            _parties[cell.Role] = anchor.SubjectUniqueId;
        }
        _staged.Clear();
    }

    /// <inheritdoc/>
    public byte[] GetPublicKey(ulong eui, KeyUsage usage, bool prepayment)
    {
        int cellUsage = prepayment ? PrepaymentCellUsage : 0;
        foreach (var (id, anchor) in _installed)
        {
            if (id.Usage == usage && id.CellUsage == cellUsage && anchor.SubjectUniqueId == eui) return anchor.PublicKey;
        }
        // A replaced party's old key must stop verifying: a cell that now holds another key for the same party wins.
        return _initial.GetPublicKey(eui, usage, prepayment);
    }

    /// <inheritdoc/>
    public IGbcsPrivateKey GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment) => _initial.GetPrivateKey(eui, usage, prepayment);

    /// <summary>Cell usage of the prepayment top-up cells.</summary>
    public const int PrepaymentCellUsage = 1;

    /// <summary>
    /// The SMKI subject key identifier of <paramref name="publicKey"/> (RFC 5280 §4.2.1.2 method 2): the 4-bit type
    /// 0100 followed by the least significant 60 bits of the SHA-1 of the key.
    /// </summary>
    public static byte[] SubjectKeyIdOf(byte[] publicKey)
    {
        var hash = SHA1.HashData(publicKey);
        var id = hash[^8..];
        id[0] = (byte)(0x40 | (id[0] & 0x0F));
        return id;
    }
}
