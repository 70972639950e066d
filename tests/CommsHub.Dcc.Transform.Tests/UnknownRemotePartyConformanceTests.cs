using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// Unknown Remote Party reads (4.14 ECS21b/GCS16b, 4.17 GCS61): ACB-originated, the user as Supplementary Remote Party
/// with its KA certificate in the grouping header, against RTDS.
/// </summary>
public sealed class UnknownRemotePartyConformanceTests
{
    private static (byte[] Ours, byte[] Rtds, TransformResult Result) Run(string name, DuisTransformer? transformer = null)
    {
        var parts = name.Split('_');
        var rtds = RtdsCorpus.Bytes($"{parts[1]}_{parts[0]}/{name}_COMMAND_GBCS.HEX");
        var request = TransformData.LoadTemplate($"{name}_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, TransformData.Parse(rtds).OriginatorCounter, parts[0], name);
        var result = (transformer ?? TransformData.Transformer()).Transform(request, context);
        return (result.Command, rtds, result);
    }

    private static byte[] SrpCertificate(byte[] command)
    {
        var m = TransformData.Parse(command);
        Assert.True(m.SupplementaryRemotePartyCertificateOffset >= 0, "no Supplementary Remote Party certificate");
        return command.AsSpan(m.SupplementaryRemotePartyCertificateOffset, m.SupplementaryRemotePartyCertificateLength).ToArray();
    }

    /// <summary>
    /// ECS21b URP: ACB-originated, the user as Supplementary Remote Party with the KA certificate the key store holds
    /// for it, and the user (not the ACB) as the party the ESME protects its response for.
    /// </summary>
    [SharedDataFact]
    public void Ecs21b_unknown_remote_party_read_gives_the_RTDS_command_byte_for_byte()
    {
        const ulong user = 0x90B3D51F30010000UL;
        var (ours, rtds, result) = Run("ECS21b_4.14_URP_SUCCESS");
        Assert.Equal(Convert.ToHexString(rtds), Convert.ToHexString(ours));
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        var m = TransformData.Parse(ours);
        Assert.Equal((RtdsTestIdentities.AccessControlBroker, user), (m.Originator, m.SupplementaryRemotePartyId));
        // The certificate is the user's KA certificate that the key store (the DCC's SMKI view) holds.
        Assert.Equal(TransformData.Keys.Value.GetCertificate(user, KeyUsage.KeyAgreement, false), SrpCertificate(ours));
    }

    /// <summary>
    /// RTDS inconsistency, GCS16b URP: every Get Prepay Snapshot asks from 2014-12-29T23:00:00Z, the start of the KRP
    /// template's ReadLogPeriod, while the URP template's starts 2014-12-30T23:00:00Z; first differing at byte 487. With
    /// that time replaced, the transform's command (header, Supplementary Remote Party certificate and all) is RTDS's.
    /// </summary>
    [SharedDataFact]
    public void Gcs16b_urp_differs_from_RTDS_only_in_the_snapshot_start()
    {
        var (ours, rtds, result) = Run("GCS16b_4.14_URP_SUCCESS");
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        Assert.Equal(TransformData.Keys.Value.GetCertificate(0x90B3D51F30030000UL, KeyUsage.KeyAgreement, false), SrpCertificate(ours));
        Assert.Equal(487, ours.AsSpan().CommonPrefixLength(rtds));
        var template = UtcTimeHex(new DateTimeOffset(2014, 12, 30, 23, 0, 0, TimeSpan.Zero));
        var hex = Convert.ToHexString(ours)[..^24];
        Assert.Equal(31, hex.Split(template).Length - 1); // one per snapshot
        Assert.Equal(Convert.ToHexString(rtds)[..^24], hex.Replace(template, UtcTimeHex(new DateTimeOffset(2014, 12, 29, 23, 0, 0, TimeSpan.Zero)), StringComparison.Ordinal));
    }

    /// <summary>
    /// RTDS inconsistency, GCS61: RTDS's Get Sampled Data asks for 731 daily samples from 2014-12-22T00:00:00Z; the
    /// template's ReadLogPeriod (2014-12-10 to 2014-12-20) spans 11, as RTDS's NOT_FOUND command asks. With those two
    /// fields replaced, the transform's command is RTDS's (the MAC, last 12 bytes, covers them and differs too).
    /// </summary>
    [SharedDataFact]
    public void Gcs61_differs_from_RTDS_only_in_the_sampled_period()
    {
        var (ours, rtds, result) = Run("GCS61_4.17_SUCCESS");
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        Assert.Equal(SrpCertificate(rtds), SrpCertificate(ours));
        // Sample id 1, earliest sample time, sample type 0, number of samples (ZCL, little-endian).
        var asked = "0100" + UtcTimeHex(new DateTimeOffset(2014, 12, 10, 0, 0, 0, TimeSpan.Zero)) + "00" + "0B00";
        var rtdsAsked = "0100" + UtcTimeHex(new DateTimeOffset(2014, 12, 22, 0, 0, 0, TimeSpan.Zero)) + "00" + "DB02";
        var hex = Convert.ToHexString(ours)[..^24];
        Assert.EndsWith(asked + "00", hex, StringComparison.Ordinal); // then the null signature length
        Assert.Equal(Convert.ToHexString(rtds)[..^24], hex[..^(asked.Length + 2)] + rtdsAsked + "00");
    }

    /// <summary>The user's GCS61 without credentials is the known-remote-party form: user-originated, no certificate.</summary>
    [SharedDataFact]
    public void Without_credentials_the_read_is_user_originated()
    {
        var request = TransformData.LoadTemplate("GCS61_4.17_SUCCESS_REQUEST_DUIS.XML");
        var credentials = request.BodyElement.GetElementsByTagName("KAPublicSecurityCredentials", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!;
        credentials.ParentNode!.RemoveChild(credentials);
        var result = TransformData.Transformer().Transform(request, TransformData.Context(request, 1));
        Assert.Equal((CommandOrigin.User, "GCS61"), (result.Origin, result.UseCase));
        var m = TransformData.Parse(result.Command);
        Assert.False(m.HasSupplementaryRemotePartyId);
        Assert.Equal(-1, m.SupplementaryRemotePartyCertificateOffset);
    }

    /// <summary>When the key store holds no certificate for the user, the one the request offers is carried.</summary>
    [SharedDataFact]
    public void Without_a_stored_certificate_the_requests_certificate_is_carried()
    {
        var transformer = new DuisTransformer(new NetGbcsCrypto(), new KeysWithoutCertificates(TransformData.Keys.Value), RtdsTestIdentities.AccessControlBroker);
        var (ours, _, _) = Run("ECS21b_4.14_URP_SUCCESS", transformer);
        var request = TransformData.LoadTemplate("ECS21b_4.14_URP_SUCCESS_REQUEST_DUIS.XML");
        var offered = Convert.FromBase64String(request.BodyElement
            .GetElementsByTagName("KAPublicSecurityCredentials", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText.Trim());
        Assert.Equal(offered, SrpCertificate(ours));
    }

    /// <summary>
    /// A request offering another key's certificate (here the ESME's KA certificate) is refused, not overridden with the
    /// stored one: the read would otherwise be protected for a key the user did not ask for.
    /// </summary>
    [SharedDataFact]
    public void A_certificate_for_another_key_is_an_invalid_body()
    {
        var request = TransformData.LoadTemplate("ECS21b_4.14_URP_SUCCESS_REQUEST_DUIS.XML");
        var other = TransformData.Keys.Value.GetCertificate(RtdsTestIdentities.Esme, KeyUsage.KeyAgreement, false)!;
        request.BodyElement.GetElementsByTagName("KAPublicSecurityCredentials", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText =
            Convert.ToBase64String(other);
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("not the one the DCC holds for user 90B3D51F30010000", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData("not base64!", "is not base64")]
    [InlineData("AAECAwQ=", "is not an X.509 certificate")]
    public void Bad_credentials_are_invalid_bodies(string value, string message)
    {
        var request = TransformData.LoadTemplate("GCS16b_4.14_URP_SUCCESS_REQUEST_DUIS.XML");
        request.BodyElement.GetElementsByTagName("KAPublicSecurityCredentials", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText = value;
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>4.14 and 4.17 may address the GPF and are eligible for the users RTDS sends them as.</summary>
    [SharedDataFact]
    public void Unknown_remote_party_SRVs_are_eligible_and_may_address_the_GPF()
    {
        foreach (var srv in new[] { "4.14", "4.17" })
        {
            Assert.True(Access.EligibilityCheck.IsEligible(Access.UserRole.ImportSupplier, srv), srv);
            Assert.True(Access.EligibilityCheck.IsEligible(Access.UserRole.GasSupplier, srv), srv);
            Assert.True(Access.SrvDeviceTypes.Allows(srv, Protocol.Asn1.DeviceType.Gpf), srv);
        }
    }

    private static string UtcTimeHex(DateTimeOffset t) =>
        Convert.ToHexString(BitConverter.GetBytes((uint)(t - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds));

    /// <summary>A key store that holds keys but no certificates.</summary>
    private sealed class KeysWithoutCertificates(IGbcsKeyStore inner) : IGbcsKeyStore
    {
        public byte[] GetPublicKey(ulong eui, KeyUsage usage, bool prepayment) => inner.GetPublicKey(eui, usage, prepayment);

        public IGbcsPrivateKey GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment) => inner.GetPrivateKey(eui, usage, prepayment);
    }
}
