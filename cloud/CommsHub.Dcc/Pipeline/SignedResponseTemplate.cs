using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// One shape of DSP-signed DUIS response (the answer without payload, the device response with a GBCS payload), written
/// without building a DOM: the bytes <see cref="DuisResponseWriter"/>'s DOM path writes are cut once, when the template is
/// made, around the fields that vary (text the writer puts in: RequestID, code, time, SRV, payload...), and so is the
/// canonical form of the unsigned document, which the reference digest covers. A response is then signed as
/// <see cref="DuisSignature.Sign"/> signs it: the SHA-256 of the canonical document with the fields put in, that digest in
/// SignedInfo (<see cref="DuisSignature.SignatureValue"/>), the ECDSA P-256 signature over SignedInfo.
/// </summary>
/// <remarks>
/// A field is put in verbatim, so only values that the canonicaliser and the serialiser both copy unchanged are taken:
/// printable ASCII without <c>&amp; &lt; &gt; "</c> (<see cref="IsPlain"/>). <see cref="TryRender"/> returns null for
/// anything else and the writer takes its DOM path. Tests compare the two paths byte for byte (signature value aside:
/// ECDSA is randomised) and verify the template's output with <see cref="System.Security.Cryptography.Xml.SignedXml"/>.
/// </remarks>
internal sealed class SignedResponseTemplate
{
    private readonly Layout _canonical, _written;
    private readonly int _fields;

    private SignedResponseTemplate(Layout canonical, Layout written, int fields)
    {
        _canonical = canonical;
        _written = written;
        _fields = fields;
    }

    /// <summary>
    /// Cuts a template from the DOM path: <paramref name="build"/> makes the unsigned document with the given field values,
    /// <paramref name="sign"/> signs it in place.
    /// </summary>
    /// <exception cref="InvalidOperationException">the document cannot be cut (a field is not found exactly once).</exception>
    public static SignedResponseTemplate Create(int fields, Func<string[], XmlDocument> build, Action<XmlDocument> sign)
    {
        var markers = new string[fields + 2];
        for (var i = 0; i < fields; i++) markers[i] = $"RESPONSETEMPLATEFIELD{i}X";
        var document = build(markers[..fields]);
        var canonical = DomCanonicalizer.TryCanonicalize(document, null, exclusive: false)
            ?? throw new InvalidOperationException("the response has no canonical form from the DOM");
        sign(document);
        markers[fields] = DsText(document, "DigestValue");
        markers[fields + 1] = DsText(document, "SignatureValue");
        return new SignedResponseTemplate(Layout.Cut(canonical, markers[..fields]), Layout.Cut(DuisResponseWriter.Serialize(document), markers), fields);
    }

    /// <summary>True when <paramref name="value"/> is written unchanged by canonicalisation and serialisation alike.</summary>
    public static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '&' or '<' or '>' or '"') return false;
        }
        return true;
    }

    /// <summary>
    /// The signed response with <paramref name="values"/> (one per field, in the order of <see cref="Create"/>), as sent;
    /// null when a value is not <see cref="IsPlain"/>.
    /// </summary>
    /// <param name="values">The fields' text.</param>
    /// <param name="signer">The DSP's signing identity (the one the template was cut with: its KeyInfo is in the template).</param>
    /// <param name="signLock">Held while the key signs.</param>
    public byte[]? TryRender(string[] values, DuisSigner signer, Lock signLock)
    {
        if (values.Length != _fields) throw new ArgumentException($"the template has {_fields} fields, not {values.Length}", nameof(values));
        foreach (var v in values)
        {
            if (!IsPlain(v)) return null;
        }
        Span<byte> digest = stackalloc byte[32];
        var length = _canonical.Length(values);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _canonical.Write(values, buffer);
            SHA256.HashData(buffer.AsSpan(0, length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var all = new string[_fields + 2];
        values.CopyTo(all, 0);
        all[_fields] = Convert.ToBase64String(digest);
        byte[] raw;
        lock (signLock) raw = DuisSignature.SignatureValue(signer, all[_fields]);
        all[_fields + 1] = Convert.ToBase64String(raw);
        var written = new byte[_written.Length(all)];
        _written.Write(all, written);
        return written;
    }

    private static string DsText(XmlDocument document, string localName) =>
        document.GetElementsByTagName(localName, DuisNamespaces.XmlDsig)[0]?.InnerText
        ?? throw new InvalidOperationException($"the signed response has no ds:{localName}");

    // Fixed bytes around slots: _literals[0], value of slot _order[0], _literals[1], ... , _literals[^1].
    private sealed class Layout
    {
        private readonly byte[][] _literals;
        private readonly int[] _order;
        private readonly int _fixed;

        private Layout(byte[][] literals, int[] order)
        {
            _literals = literals;
            _order = order;
            _fixed = literals.Sum(l => l.Length);
        }

        // Each marker must be found exactly once; the slots are then taken in the order they occur.
        public static Layout Cut(byte[] whole, string[] markers)
        {
            var at = new (int Position, int Slot, int Length)[markers.Length];
            for (var i = 0; i < markers.Length; i++)
            {
                var marker = Encoding.ASCII.GetBytes(markers[i]);
                var p = whole.AsSpan().IndexOf(marker);
                if (p < 0 || whole.AsSpan(p + 1).IndexOf(marker) >= 0)
                    throw new InvalidOperationException($"the response template cannot place field {i} (absent, or present twice)");
                at[i] = (p, i, marker.Length);
            }
            Array.Sort(at, (a, b) => a.Position.CompareTo(b.Position));
            var literals = new byte[markers.Length + 1][];
            var from = 0;
            for (var i = 0; i < at.Length; i++)
            {
                if (at[i].Position < from) throw new InvalidOperationException("the response template's fields overlap");
                literals[i] = whole[from..at[i].Position];
                from = at[i].Position + at[i].Length;
            }
            literals[^1] = whole[from..];
            return new Layout(literals, at.Select(a => a.Slot).ToArray());
        }

        public int Length(string[] values)
        {
            var n = _fixed;
            foreach (var slot in _order) n += values[slot].Length;
            return n;
        }

        // Values are ASCII (IsPlain), one byte a character.
        public void Write(string[] values, Span<byte> into)
        {
            var at = 0;
            for (var i = 0; i < _order.Length; i++)
            {
                _literals[i].CopyTo(into[at..]);
                at += _literals[i].Length;
                at += Encoding.ASCII.GetBytes(values[_order[i]], into[at..]);
            }
            _literals[^1].CopyTo(into[at..]);
        }
    }
}
