using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Framing
{
    /// <summary>
    /// The one build, re-parse, then MAC or sign step for every frame a party originates (the CHF's responses and
    /// alerts, a virtual meter's, the DCC adapter's commands): the builder writes the frame into a reused buffer, the
    /// parser finds its fields there, and the MAC (KA x KA, GBCS.md §3.1) or the ECDSA signature (DS key) is written in
    /// place. A signed frame goes out without a MAC header (a device's critical response or alert); a signed command
    /// that also gets the MAC (a completed pre-command) keeps its signature and is only MAC'd.
    /// <para>
    /// The buffer and the parsed message are reused, so a frame costs no allocation beyond a larger buffer once: the
    /// frame is valid in <see cref="Buffer"/> (0 .. <see cref="Length"/>-1) until the next one is built. Not thread-safe:
    /// one instance per thread.
    /// </para>
    /// </summary>
    public sealed class GbcsProtector
    {
        private readonly IGbcsCrypto _crypto;
        private readonly GbcsMac _mac;
        private readonly GbcsMessage _message = new GbcsMessage();
        private byte[] _out;
        private int _length;

        /// <summary>A protector with a small initial buffer (grows to the largest frame).</summary>
        public GbcsProtector(IGbcsCrypto crypto) : this(crypto, 256)
        {
        }

        /// <summary>A protector whose buffer starts at <paramref name="initialCapacity"/> bytes (a device sizes it once).</summary>
        public GbcsProtector(IGbcsCrypto crypto, int initialCapacity)
        {
            if (crypto == null) throw new System.ArgumentNullException("crypto");
            _crypto = crypto;
            _mac = new GbcsMac(crypto);
            _out = new byte[initialCapacity < 64 ? 64 : initialCapacity];
        }

        /// <summary>The buffer holding the last frame built (from offset 0).</summary>
        public byte[] Buffer { get { return _out; } }

        /// <summary>Length of the last frame built.</summary>
        public int Length { get { return _length; } }

        /// <summary>The last frame, parsed (valid until the next one is built).</summary>
        public GbcsMessage Last { get { return _message; } }

        /// <summary>
        /// Builds <paramref name="builder"/> (which must have a MAC header) and applies the MAC of
        /// <paramref name="own"/> KA x <paramref name="peerPublic"/> KA. False when the peer key is not a valid P-256 point
        /// (the frame is then not protected and must not be sent).
        /// </summary>
        /// <exception cref="Encoding.GbcsFormatException">inconsistent builder fields.</exception>
        public bool BuildMac(GbcsFrameBuilder builder, IGbcsPrivateKey own, byte[] peerPublic)
        {
            Build(builder);
            return _mac.Apply(_message, own, peerPublic);
        }

        /// <summary>
        /// Builds <paramref name="builder"/> as a signed frame (no MAC header, ECDSA signature field: the builder's
        /// <see cref="GbcsFrameBuilder.WithMacHeader"/> and <see cref="GbcsFrameBuilder.Signature"/> are set so) and signs
        /// it with <paramref name="digitalSignature"/>.
        /// </summary>
        /// <exception cref="Encoding.GbcsFormatException">inconsistent builder fields.</exception>
        public void BuildSigned(GbcsFrameBuilder builder, IGbcsPrivateKey digitalSignature)
        {
            builder.WithMacHeader = false;
            builder.Signature = SignatureKind.Ecdsa;
            Build(builder);
            GbcsSigner.Sign(_crypto, digitalSignature, _message);
        }

        /// <summary>
        /// Builds <paramref name="builder"/> (which must have a MAC header) with an ECDSA signature field, signs it with
        /// <paramref name="digitalSignature"/>, then applies the MAC of <paramref name="own"/> KA x
        /// <paramref name="peerPublic"/> KA over it (the MAC covers the signature): a non-critical command the
        /// originator also signs (the ACB's non-critical joins to a PPMID/HCALCS). False when the peer key is not a valid
        /// P-256 point (the frame must then not be sent).
        /// </summary>
        /// <exception cref="Encoding.GbcsFormatException">inconsistent builder fields.</exception>
        public bool BuildSignedMac(GbcsFrameBuilder builder, IGbcsPrivateKey digitalSignature, IGbcsPrivateKey own, byte[] peerPublic)
        {
            if (builder == null) throw new System.ArgumentNullException("builder");
            builder.Signature = SignatureKind.Ecdsa;
            Build(builder);
            GbcsSigner.Sign(_crypto, digitalSignature, _message);
            return _mac.Apply(_message, own, peerPublic);
        }

        /// <summary>A copy of the last frame (for callers that keep frames: the adapter, the virtual meters).</summary>
        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            System.Array.Copy(_out, 0, copy, 0, _length);
            return copy;
        }

        private void Build(GbcsFrameBuilder builder)
        {
            if (builder == null) throw new System.ArgumentNullException("builder");
            int n = builder.Measure();
            if (n > _out.Length) _out = new byte[n + 256];
            builder.WriteTo(_out, 0);
            GbcsFrameParser.ParseInto(_message, _out, 0, n);
            _length = n;
        }
    }
}
