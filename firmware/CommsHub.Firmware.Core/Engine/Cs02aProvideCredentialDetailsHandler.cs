using CommsHub.Firmware.Core.Security;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CS02a Provide Security Credential Details (0x0008) addressed to the CHF: for each remote party role asked for,
    /// what the hub's trust anchor cells hold (key usage, subject unique ID, subject key identifier), or the status
    /// Trust Anchor Not Found. The CHF keeps no sequence-number floors of its own: it reports the initial 0.
    /// </summary>
    internal sealed class Cs02aProvideCredentialDetailsHandler : ChfCommandHandler
    {
        /// <summary>Message code of CS02a.</summary>
        internal const int MessageCode = 0x0008;

        // RemotePartyRolesCredentialsRequired: at most one entry per role GBCS defines.
        private const int MaxRoles = 16;
        private const int TrustAnchorNotFound = 25;
        // KeyUsage BIT STRINGs: digitalSignature (bit 0), keyAgreement (bit 4).
        private static readonly byte[] DigitalSignatureUsage = new byte[] { 0x03, 0x02, 0x07, 0x80 };
        private static readonly byte[] KeyAgreementUsage = new byte[] { 0x03, 0x02, 0x03, 0x08 };
        // Kept as read (up to 8 bytes): narrowing to int would answer a role nobody asked for with another role's cell.
        private readonly long[] _roles = new long[MaxRoles];
        private int _count;

        // SEQUENCE { authorisingRemotePartyTACellIdentifier SEQUENCE, remotePartyRolesCredentialsRequired SEQUENCE OF INTEGER }.
        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            DerReader body = outer.ReadSequence("provide security credential details command");
            outer.ExpectEnd("provide security credential details command");
            body.ReadSequence("authorising remote party TA cell identifier");
            DerReader roles = body.ReadSequence("remote party roles credentials required");
            body.ExpectEnd("provide security credential details command");
            _count = 0;
            while (!roles.AtEnd)
            {
                if (_count == MaxRoles) throw new GbcsFormatException(GbcsErrorCode.BadLength, offset, "more than 16 remote party roles");
                _roles[_count++] = roles.ReadInteger("remote party role");
            }
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            DerWriter w = new DerWriter(response);
            w.BeginSequence();
            for (int i = 0; i < _count; i++)
            {
                long role = _roles[i];
                TrustAnchorCell cell = role >= 0 && role < 256 ? context.TrustAnchors.Get((RemotePartyRole)role) : null;
                bool held = cell != null && (cell.DsPublicKey != null || cell.KaPublicKey != null);
                w.BeginSequence();
                w.WriteInteger(role);
                w.WriteEnumerated(held ? 0 : TrustAnchorNotFound);
                if (held)
                {
                    w.WriteInteger(0);
                    w.BeginSequence();
                    if (cell.DsPublicKey != null) WriteCell(w, DigitalSignatureUsage, cell.Eui, cell.DsPublicKey);
                    if (cell.KaPublicKey != null) WriteCell(w, KeyAgreementUsage, cell.Eui, cell.KaPublicKey);
                    w.EndSequence();
                }
                w.EndSequence();
            }
            w.EndSequence();
            return ChfCommandEffects.None;
        }

        // TrustAnchorCellContents ::= SEQUENCE { keyUsage BIT STRING, cellUsage DEFAULT management, subjectUniqueID, subjectKeyIdentifier }.
        private static void WriteCell(DerWriter w, byte[] usage, ulong eui, byte[] publicKey)
        {
            w.BeginSequence();
            w.Output.WriteBytes(usage);
            w.WriteEui64(eui);
            w.WriteOctetString(SubjectKeyId.Of(publicKey));
            w.EndSequence();
        }
    }
}
