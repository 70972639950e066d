using System.Security.Cryptography;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// A request signed with a certificate the signer directory holds and that names its originator is still refused (E1,
/// no counter burnt) when that certificate may not sign requests at the intake's clock: expired, not valid yet, or not a
/// DUIS XML-signing certificate (a GBCS signing certificate of the same user).
/// </summary>
public sealed class SignerCertificateTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    public static TheoryData<string, byte, int, string> Unfit => new()
    {
        // The rig's clock is 2025-06-01; organisation certificates are valid for 100 years from notBefore.
        { "expired", SmkiRoles.XmlSign, 1920, "expired at 2020-" },
        { "not valid yet", SmkiRoles.XmlSign, 2030, "is not valid before 2030-" },
        { "a GBCS supplier signing certificate", SmkiRoles.Supplier, 2020, "is not a DUIS XML-signing certificate (OU=02, not OU=87)" },
    };

    [SharedDataTheory]
    [MemberData(nameof(Unfit))]
    public async Task A_request_signed_with_an_unfit_certificate_of_its_originator_is_E1_and_burns_no_counter(string what, byte role, int fromYear, string reason)
    {
        using var rig = new Rig();
        using var signer = Signer(role, new DateTimeOffset(fromYear, 1, 1, 0, 0, 0, TimeSpan.Zero));
        rig.Signers.Add(signer.Certificate);

        var outcome = await rig.Intake.ProcessAsync(rig.Signed(ReadRegisters, 1000, signer), DuisEndpoint.ServiceS);

        Assert.True(outcome.Kind == DuisOutcomeKind.Unauthenticated, $"{what}: {outcome.Kind} {outcome.Reason}");
        Assert.Equal(DuisRejectReason.SignerUnknown, outcome.RejectReason);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("E1", Rig.Field(rig.CheckedResponse(outcome.ResponseBytes!), "ResponseCode"));
        Assert.Empty(rig.Mqtt.Published);
        // The counter was not burnt: the user's own XML-signing certificate sends the same counter.
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(rig.Signed(ReadRegisters, 1000), DuisEndpoint.ServiceS)).Kind);
    }

    // A DS certificate of the rig's supplier in role <role>, from <notBefore>, under a CA of its own.
    private static DuisSigner Signer(byte role, DateTimeOffset notBefore)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = new SmkiIssuer(SmkiCertificates.CreateRoot(rootKey, "Test Root", notBefore.AddYears(-1)),
            ECDsa.Create(rootKey.ExportParameters(includePrivateParameters: true)));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = SmkiCertificates.IssueOrganisation(root, new System.Security.Cryptography.X509Certificates.PublicKey(key), Rig.Supplier,
            role, KeyUsage.DigitalSignature, "unfit", notBefore);
        return new DuisSigner(key, certificate);
    }
}
