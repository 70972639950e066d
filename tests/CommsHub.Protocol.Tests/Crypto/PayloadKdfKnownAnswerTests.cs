using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>
/// Known answers for <see cref="GbcsKdf"/> itself (the portable OtherInfo layout and derivation): the three KDF rows
/// of GBCS.md §3.2 (gbcs-parser crypto.test.ts) with ECDH over the RTDS keystore, and the GBCS 18.4 OtherInfo / K.
/// The GCM/GMAC rows of §3.2, the 18.4 Z from the key files and the 18.4 MAC are covered on the primitives in
/// tests/CommsHub.Protocol.Net.Tests/GbcsKnownAnswerTests.cs and are not repeated here.
/// </summary>
public class PayloadKdfKnownAnswerTests
{
    private const ulong Device = 0x00DB1234567890A0;
    private const ulong Supplier = 0x90B3D51F30010000;
    private const ulong Acb = 0x90B3D51F30000002;

    private readonly NetGbcsCrypto _crypto = new();

    [SharedDataTheory]
    // command: ACB KA private x device KA; originator = the supplier (Business Originator), TT 01
    [InlineData(Acb, Supplier, 1, 0x0000000100000000UL, Device, "6A93E360717394015DF93E031218C9A6")]
    // response: supplier KA private x device KA; originator = the device, TT 02
    [InlineData(Supplier, Device, 2, 0x0000000100000000UL, Supplier, "03FD30815577C49EB7E3834B63EF8302")]
    // alert: same keys, counter 2001, TT 03
    [InlineData(Supplier, Device, 3, 0x00000000000007D1UL, Supplier, "558FB1FA6660AF0D9E8365C47804B8FA")]
    public void Section_3_2_kdf_rows(ulong privateParty, ulong originator, int tt, ulong counter, ulong recipient, string expected)
    {
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var own = keys.GetPrivateKey(privateParty, KeyUsage.KeyAgreement, false)!;
        var device = keys.GetPublicKey(Device, KeyUsage.KeyAgreement, false)!;
        var z = new byte[32];
        Assert.True(_crypto.EcdhSharedSecret(own, device, z, 0));
        var key = new byte[GbcsKdf.KeyLength + 2];
        var scratch = Enumerable.Repeat((byte)0x5A, GbcsKdf.ScratchLength).ToArray();
        GbcsKdf.DeriveKey(_crypto, z, 0, originator, tt, counter, recipient, key, 1, scratch);
        Assert.Equal(expected, Convert.ToHexString(key, 1, GbcsKdf.KeyLength));
        Assert.All(scratch, b => Assert.Equal(0, b)); // Z and the digest do not survive in the reusable scratch
    }

    [Fact]
    public void Gbcs_18_4_other_info_and_key()
    {
        var otherInfo = new byte[GbcsKdf.OtherInfoLength + 1];
        GbcsKdf.WriteOtherInfo(otherInfo, 1, 0x123456789ABCDEF0, 1, 1, 0xFFFFFFFFFFFFFFFE);
        Assert.Equal("60857406080300123456789ABCDEF009010000000000000001FFFFFFFFFFFFFFFE", Convert.ToHexString(otherInfo, 1, GbcsKdf.OtherInfoLength));

        var z = Convert.FromHexString("9AACF2E6D51BD5FF8F37BF368019A691CB5B2FCB7B5F030A00063647B20E13FE");
        var key = new byte[GbcsKdf.KeyLength];
        GbcsKdf.DeriveKey(_crypto, z, 0, 0x123456789ABCDEF0, 1, 1, 0xFFFFFFFFFFFFFFFE, key, 0, new byte[GbcsKdf.ScratchLength]);
        Assert.Equal("859B846A24E1EA70A168409A1180676B", Convert.ToHexString(key));

        var iv = new byte[12];
        GbcsKdf.WriteIv(iv, 0x123456789ABCDEF0);
        Assert.Equal("123456789ABCDEF000000000", Convert.ToHexString(iv));
    }

    [Fact]
    public void Payload_encryption_transaction_type_is_0x04()
    {
        var otherInfo = new byte[GbcsKdf.OtherInfoLength];
        GbcsKdf.WriteOtherInfo(otherInfo, 0, Device, GbcsKdf.PayloadEncryption, 0x3E8, Supplier);
        Assert.Equal("6085740608030000DB1234567890A0" + "0904" + "00000000000003E8" + "90B3D51F30010000", Convert.ToHexString(otherInfo));
    }
}
