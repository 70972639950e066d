using System.Formats.Asn1;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Simulation.Credentials;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>CS02b Update Security Credentials and CS02a Provide Security Credential Details on the virtual ESME: the trust anchor cells change, and only the new anchors verify.</summary>
public class VirtualMeterCredentialsTests
{
    private const string Immediate = "6.15.1_CS02bSupplierBySupplier/CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX";
    private const string FutureDated = "6.15.1_CS02bSupplierBySupplier/CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_COMMAND_GBCS.HEX";
    private const string Cancellation = "6.15.1_CS02bSupplierBySupplier/CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS_COMMAND_GBCS.HEX";
    private const string Details = "6.24.1_CS02aMAC/CS02aMAC_6.24.1_SUCCESS_COMMAND_GBCS.HEX";
    private const string SignedCommand = "11.3_CS06/CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX";

    [SharedDataFact]
    public void An_immediate_update_replaces_the_supplier_anchors_and_the_signed_answer_names_old_and_new_key_ids()
    {
        var esme = TestMeters.Esme();
        var oldDs = Rtds.Public(Rtds.Supplier, KeyUsage.DigitalSignature);

        var answer = Handle(esme, Immediate)!;

        Assert.Equal(SignatureKind.Ecdsa, answer.Signature);
        Assert.True(new NetGbcsCrypto().EcdsaVerify(esme.Keys.DigitalSignature.PublicKey, answer.Buffer, answer.SignedDataOffset,
            answer.SignedDataLength, answer.Buffer, answer.SignatureOffset));
        var outcomes = Outcomes(answer);
        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(UpdateSecurityCredentials.Success, o.Status));
        // The existing ID is the SMKI key identifier of the key the meter held: RTDS's response names the same one.
        Assert.Equal("44899792D196F4B8", Convert.ToHexString(outcomes[0].ExistingKeyId));
        Assert.Equal(Convert.ToHexString(TrustAnchorCells.SubjectKeyIdOf(oldDs)), Convert.ToHexString(outcomes[0].ExistingKeyId));
        var cell = new TrustAnchorCellId(2, KeyUsage.DigitalSignature, 0);
        var installed = esme.TrustAnchors.Installed[cell];
        Assert.Equal(Rtds.Supplier, installed.SubjectUniqueId);
        Assert.Equal(Convert.ToHexString(installed.SubjectKeyId), Convert.ToHexString(outcomes[0].ReplacingKeyId));
        Assert.NotEqual(Convert.ToHexString(oldDs), Convert.ToHexString(esme.Keys.RemoteParties.GetPublicKey(Rtds.Supplier, KeyUsage.DigitalSignature, false)));
    }

    [SharedDataFact]
    public void After_an_immediate_update_a_command_signed_with_the_replaced_key_is_dropped()
    {
        var control = TestMeters.Esme();
        var updated = TestMeters.Esme();
        Handle(updated, Immediate);

        Assert.NotNull(Handle(control, SignedCommand));
        Assert.Null(Handle(updated, SignedCommand));
        Assert.Equal(MeterRejection.BadSignature, updated.LastRejection);
    }

    [SharedDataFact]
    public void A_future_dated_update_is_acknowledged_held_pending_and_withdrawn_by_the_cancellation()
    {
        var esme = TestMeters.Esme();

        var answer = Handle(esme, FutureDated)!;

        Assert.Equal("3002" + "0500", Convert.ToHexString(answer.Buffer, answer.ContentOffset, answer.ContentLength));
        Assert.True(esme.Credentials.HasPending);
        Assert.Empty(esme.TrustAnchors.Installed);
        Handle(esme, Cancellation);
        Assert.False(esme.Credentials.HasPending);
    }

    [SharedDataFact]
    public void Credential_details_report_the_held_anchors_and_after_an_update_the_replacing_ones()
    {
        // Two meters: the same RTDS command twice to one would be a replay.
        string before = SupplierDsKeyId(Handle(TestMeters.Esme(), Details)!);
        var esme = TestMeters.Esme();

        Handle(esme, Immediate);
        string after = SupplierDsKeyId(Handle(esme, Details)!);

        Assert.Equal("44899792D196F4B8", before);
        Assert.Equal(Convert.ToHexString(esme.TrustAnchors.Installed[new TrustAnchorCellId(2, KeyUsage.DigitalSignature, 0)].SubjectKeyId), after);
        Assert.NotEqual(before, after);
    }

    // SEQUENCE OF { role, status, currentSeq, SEQUENCE OF { keyUsage, [cellUsage], subjectUniqueID, subjectKeyID } }: the first
    // party is the supplier, its first cell the DS one.
    private static string SupplierDsKeyId(GbcsMessage m)
    {
        var parties = new AsnReader(m.Buffer.AsMemory(m.ContentOffset, m.ContentLength), AsnEncodingRules.DER).ReadSequence();
        var supplier = parties.ReadSequence();
        Assert.Equal(2, (int)supplier.ReadInteger());
        Assert.Equal(0, supplier.ReadEnumeratedBytes().Span[0]);
        supplier.ReadInteger();
        var ds = supplier.ReadSequence().ReadSequence();
        Assert.Equal([0x80], ds.ReadBitString(out _));
        Assert.Equal(Rtds.Supplier, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ds.ReadOctetString()));
        return Convert.ToHexString(ds.ReadOctetString());
    }

    private static GbcsMessage? Handle(VirtualMeter meter, string file)
    {
        var frame = HubSetup.Remac(Rtds.Message(file), meter.Keys.KeyAgreement.PublicKey);
        return meter.Handle(frame, 0, frame.Length) is { } answer ? GbcsFrameParser.Parse(answer) : null;
    }

    private sealed record Outcome(int Status, byte[] ExistingKeyId, byte[] ReplacingKeyId);

    // SEQUENCE { NULL, SEQUENCE { seq, mode, changes, SEQUENCE OF { cell, status, existing UID/key ID, replacing UID/key ID } } }.
    private static List<Outcome> Outcomes(GbcsMessage m)
    {
        var r = new AsnReader(m.Buffer.AsMemory(m.ContentOffset, m.ContentLength), AsnEncodingRules.DER).ReadSequence();
        r.ReadNull();
        var outcome = r.ReadSequence();
        outcome.ReadInteger();
        outcome.ReadInteger();
        outcome.ReadSequence();
        var list = outcome.ReadSequence();
        var result = new List<Outcome>();
        while (list.HasData)
        {
            var o = list.ReadSequence();
            o.ReadSequence();
            int status = (int)o.ReadEnumeratedBytes().Span[0];
            o.ReadOctetString();
            var existing = o.ReadOctetString();
            o.ReadOctetString();
            result.Add(new Outcome(status, existing, o.ReadOctetString()));
        }
        return result;
    }
}
