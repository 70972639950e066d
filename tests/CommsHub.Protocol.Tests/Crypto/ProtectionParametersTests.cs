using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>
/// The DLMS protection parameters in front of encrypted content, and which source of KDF inputs is authoritative:
/// the grouping header (with its supplementary fields), not the parameters.
/// </summary>
public class ProtectionParametersTests
{
    private readonly GbcsPayloadCipher _cipher = new(new NetGbcsCrypto());

    [SharedDataFact]
    public void Every_dlms_content_has_parameters_that_repeat_the_grouping_header()
    {
        int dlms = 0;
        foreach (var x in EncryptedRtds.Messages)
        {
            foreach (var c in x.Contents.Where(c => c.Kind == EncryptedContentKind.DlmsProtectedAttributes))
            {
                var p = c.Parameters!;
                Assert.Equal(ProtectionParameters.AuthenticationAndEncryption, p.ProtectionType);
                Assert.Equal(GbcsKdf.PayloadEncryption, p.TransactionType);   // 0x04, not the CRA flag
                Assert.Equal(ProtectionParameters.AgreedKey, p.KeyInfoType);
                Assert.Equal(0x02, p.KeyParameters);                         // C(0e, 2s ECC CDH)
                Assert.Equal(0, p.OtherInformationLength);
                Assert.Equal(0, p.KeyCipheredDataLength);
                Assert.True(p.MatchesHeader(x.Message), x.Entry.ToString());
                dlms++;
            }
        }
        Assert.Equal(19, dlms); // 19 DLMS (ECS17b/d/e, ECS19-22b, ECS66, ECS68); the other 44 of the 63 are GBZ
    }

    // ECS21b URP: the response goes to the ACB (Business Target) for the supplier (SRP), with a Supplementary
    // Originator Counter. The parameters name the ACB and the originator counter; only SRP + SOC open the content.
    [SharedDataFact]
    public void Header_supplementary_fields_not_the_parameters_are_the_kdf_inputs()
    {
        var x = EncryptedRtds.Named("ECS21b_4.14_URP_SUCCESS_RESPONSE_GBCS.HEX");
        var m = x.Message;
        var c = x.Contents.Single();
        Assert.True(m.HasSupplementaryRemotePartyId && m.HasSupplementaryOriginatorCounter);
        Assert.Equal(0x90B3D51F30010000UL, m.SupplementaryRemotePartyId);
        Assert.Equal(0x7D2UL, m.SupplementaryOriginatorCounter);
        Assert.Equal(EncryptedRtds.Acb, c.Parameters!.Recipient);
        Assert.Equal(0x516UL, c.Parameters.Counter);
        Assert.Equal(m.SupplementaryRemotePartyId, GbcsPayloadCipher.KeyRecipient(m));
        Assert.Equal(m.SupplementaryOriginatorCounter, GbcsPayloadCipher.KeyCounter(m));

        var keys = EncryptedRtds.Keys;
        var device = keys.GetPublicKey(m.Originator, KeyUsage.KeyAgreement, false)!;
        var pt = new byte[c.CiphertextLength];
        bool Try(ulong recipient, ulong counter) =>
            _cipher.Decrypt(keys.GetPrivateKey(recipient, KeyUsage.KeyAgreement, false)!, device, m.Originator, counter, recipient,
                c.Buffer, c.Offset, c.Length, pt, 0);

        Assert.False(Try(c.Parameters.Recipient, c.Parameters.Counter));                 // parameters as written
        Assert.False(Try(m.SupplementaryRemotePartyId, c.Parameters.Counter));           // SRP, originator counter
        Assert.False(Try(c.Parameters.Recipient, m.SupplementaryOriginatorCounter));     // ACB, SOC
        Assert.True(Try(m.SupplementaryRemotePartyId, m.SupplementaryOriginatorCounter)); // header: SRP + SOC
    }

    // GCS61 has an SRP but no Supplementary Originator Counter: recipient = SRP, counter = originator counter.
    [SharedDataFact]
    public void Srp_without_supplementary_counter_uses_the_originator_counter()
    {
        var m = EncryptedRtds.Named("GCS61_4.17_SUCCESS_RESPONSE_GBCS.HEX").Message;
        Assert.True(m.HasSupplementaryRemotePartyId);
        Assert.False(m.HasSupplementaryOriginatorCounter);
        Assert.Equal(m.OriginatorCounter, GbcsPayloadCipher.KeyCounter(m));
        Assert.Equal(m.SupplementaryRemotePartyId, GbcsPayloadCipher.KeyRecipient(m));
        Assert.NotEqual(m.Target, GbcsPayloadCipher.KeyRecipient(m));
    }

    [SharedDataFact]
    public void Gbz_components_expose_their_headers()
    {
        var x = EncryptedRtds.Named("GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_RESPONSE_GBCS.HEX");
        var c = x.Contents.Single();
        Assert.Equal(EncryptedContentKind.GbzComponent, c.Kind);
        Assert.Null(c.Parameters);
        Assert.Equal(0x03, c.ControlField);          // last | encrypted
        Assert.Equal(0x0702, c.ClusterId);           // Metering
        Assert.Equal(0, c.AdditionalHeaderControl);
        Assert.Equal(0, c.AdditionalHeaderFrameCounter);
        Assert.Equal(0x18, c.ZclFrameControl);
        Assert.Equal(0, c.ZclSequenceNumber);
        Assert.Equal(0x01, c.ZclCommandId);          // Read Attributes Response
        Assert.Equal(46, c.Length);                  // Ciphered Information Length
        Assert.Equal(0u, c.InvocationCounter);

        var alert = EncryptedRtds.Named("GCS53_NA_8F0A_ALERT_GBCS.HEX");
        var a = alert.Contents.Single();
        Assert.Equal(0x06, a.ZclCommandId);          // Publish Snapshot
        Assert.Equal(89, a.Length);

        var four = EncryptedRtds.Named("GCS15b_4.4.2_SUCCESS_RESPONSE_GBCS.HEX");
        Assert.Equal(4, four.Contents.Length);
        Assert.True(four.Contents.Zip(four.Contents.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
    }

    [Fact]
    public void Malformed_protected_bytes_are_format_errors()
    {
        var shortOne = new byte[16];
        shortOne[0] = 0x31;
        Assert.Equal(GbcsErrorCode.BadLength, Assert.Throws<GbcsFormatException>(() => EncryptedContent.FromProtected(shortOne, 0, 16)).Code);
        var authOnly = new byte[20];
        authOnly[0] = 0x11;
        Assert.Equal(GbcsErrorCode.Unsupported, Assert.Throws<GbcsFormatException>(() => EncryptedContent.FromProtected(authOnly, 0, 20)).Code);
        Assert.Throws<GbcsFormatException>(() => EncryptedContent.FromProtected(authOnly, 10, 17));
    }

    [SharedDataFact]
    public void Truncated_and_corrupted_encrypted_payloads_fail_only_with_format_errors()
    {
        // Every truncation of the content and every single-byte change of the GBZ/DLMS headers around the
        // protected bytes: locating ends in contents or a GbcsFormatException, never another exception.
        foreach (var x in EncryptedRtds.Messages)
        {
            var m = x.Message;
            var content = m.Buffer.AsSpan(m.ContentOffset, m.ContentLength).ToArray();
            for (int cut = 0; cut < content.Length; cut += 3)
                LocateSafely(m, content.AsSpan(0, cut).ToArray());
            for (int i = 0; i < Math.Min(content.Length, 96); i++)
            {
                var copy = (byte[])content.Clone();
                copy[i] ^= 0xFF;
                LocateSafely(m, copy);
            }
        }
    }

    private static void LocateSafely(GbcsMessage original, byte[] content)
    {
        var b = GbcsFrameBuilder.FromMessage(original);
        b.SetContent(content);
        b.ContentLengthWidth = 0;
        b.CipheredLengthWidth = 0;
        var m = GbcsFrameParser.Parse(b.Build());
        try { EncryptedContentLocator.Find(m); }
        catch (GbcsFormatException) { }
    }
}
