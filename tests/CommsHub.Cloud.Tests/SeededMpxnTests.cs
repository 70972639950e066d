using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The minted MPxNs stay valid and distinct at bench sizes. The 1,000th hub once got a 14-digit MPAN, so its 8.11 was
/// refused by the DUIS schema and a bench of 1,000 hubs or more stopped at set-up.
/// </summary>
public sealed class SeededMpxnTests
{
    [Theory]
    [InlineData(0, "1900000000011")]
    [InlineData(998, "1900000009991")]
    [InlineData(999, "1900000010001")]
    [InlineData(18_999, "1900000190001")]
    [InlineData(int.MaxValue - 1, "1921474836471")]
    public void Minted_MPAN_is_13_digits_for_any_hub_count(int hubIndex, string mpan)
    {
        Assert.Equal(mpan, SeedPlan.MintedMpan(hubIndex));
    }

    [Theory]
    [InlineData(0, "8800000011")]
    [InlineData(9_998, "8800099991")]
    [InlineData(9_999, "8800100001")]
    [InlineData(9_999_998, "8899999991")]
    public void Minted_MPRN_is_10_digits(int hubIndex, string mprn)
    {
        Assert.Equal(mprn, SeedPlan.MintedMprn(hubIndex));
    }

    [Fact]
    public void Minted_MPxNs_of_twenty_thousand_hubs_are_distinct()
    {
        var mpans = Enumerable.Range(0, 20_000).Select(SeedPlan.MintedMpan).ToHashSet();
        var mprns = Enumerable.Range(0, 20_000).Select(SeedPlan.MintedMprn).ToHashSet();
        Assert.Equal(20_000, mpans.Count);
        Assert.Equal(20_000, mprns.Count);
    }

    [Fact]
    public void A_negative_hub_index_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedPlan.MintedMpan(-1));
    }

    [SharedDataTheory]
    [InlineData(999)]
    [InlineData(18_999)]
    public void An_8_11_with_the_minted_MPAN_of_a_large_fleet_is_schema_valid(int hubIndex)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CertificateRequest("CN=test supplier", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var signer = new DuisSigner(key, certificate);
        var request = DemoRequests.AddToDeviceLog(signer, DemoIdentities.Supplier, 0x02C04B10000003A2, 0x02C04B10000003A0,
            DemoHubs.InstallCode, SeedPlan.MintedMpan(hubIndex), 300, 1);

        var errors = DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis")).Collect(SecureXml.Load(request));

        Assert.Empty(errors);
    }
}
