using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>Known answers from GBCS.md §3.2 and the GBCS 18.4 vector (gbcs-18.4-crypto-test-vector.md).</summary>
public class GbcsKnownAnswerTests
{
    private static readonly byte[] Key000F = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private static readonly byte[] IvSupplier2 = Convert.FromHexString("90B3D51F30030000" + "00000000");

    // GBCS 18.4 ECS04b critical command SupplierA -> DeviceA (signature + MAC).
    private static readonly byte[] Ecs04b = Convert.FromHexString(
        "DD00000000000081A91100000000DF0901000000000000000108123456789ABCDEF008FFFFFFFFFFFFFFFE000200B335D92000000100030300700000130A00FF020300700000130A01FF020300700000130A02FF02030500000000050000000005000000004059045AB0F554622B0360340B9D87B5A23ED5723B41DE3F206E58CDD10F915B9FE2E12E2DA3632478A8DF678E418895869AC1E55318CCE04D120D2D6B44DC167B5D832D15B57A56D620F198B3");

    private readonly NetGbcsCrypto _crypto = new();

    [Fact]
    public void Gcm_row_of_section_3_2()
    {
        var aad = System.Text.Encoding.ASCII.GetBytes("helloworld");
        var pt = System.Text.Encoding.ASCII.GetBytes("one two three");
        var ct = new byte[pt.Length];
        var tag = new byte[12];
        _crypto.AesGcmEncrypt(Key000F, IvSupplier2, aad, 0, aad.Length, pt, 0, pt.Length, ct, 0, tag, 0, 12);
        Assert.Equal("584FA806B24491178829D46C38", Convert.ToHexString(ct));
        Assert.Equal("6B33BDCB1E223242EC20B957", Convert.ToHexString(tag));

        var back = new byte[ct.Length];
        Assert.True(_crypto.AesGcmDecrypt(Key000F, IvSupplier2, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, 12, back, 0));
        Assert.Equal(pt, back);
        tag[11] ^= 1;
        Assert.False(_crypto.AesGcmDecrypt(Key000F, IvSupplier2, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, 12, back, 0));
        Assert.All(back, b => Assert.Equal(0, b)); // nothing usable left behind on failure
    }

    [Fact]
    public void Gmac_row_of_section_3_2_aad_only()
    {
        var aad = System.Text.Encoding.ASCII.GetBytes("helloworld");
        var tag = new byte[12];
        // GMAC: empty plaintext, null buffers allowed for the empty ranges.
        _crypto.AesGcmEncrypt(Key000F, IvSupplier2, aad, 0, aad.Length, null!, 0, 0, null!, 0, tag, 0, 12);
        Assert.Equal("FB3AFED43B78508864F00DA3", Convert.ToHexString(tag));
        Assert.True(_crypto.AesGcmDecrypt(Key000F, IvSupplier2, aad, 0, aad.Length, Array.Empty<byte>(), 0, 0, tag, 0, 12, Array.Empty<byte>(), 0));
    }

    [Fact]
    public void Nist_sp800_38d_example_6_with_12_byte_tag()
    {
        var key = Convert.FromHexString("FEFFE9928665731C6D6A8F9467308308");
        var iv = Convert.FromHexString("CAFEBABEFACEDBADDECAF888");
        var aad = Convert.FromHexString("3AD77BB40D7A3660A89ECAF32466EF97F5D3D585");
        var pt = Convert.FromHexString("D9313225F88406E5A55909C5AFF5269A86A7A9531534F7DA2E4C303D8A318A721C3C0C95956809532FCF0E2449A6B525B16AEDF5AA0DE657BA637B39");
        var ct = new byte[pt.Length];
        var tag = new byte[12];
        _crypto.AesGcmEncrypt(key, iv, aad, 0, aad.Length, pt, 0, pt.Length, ct, 0, tag, 0, 12);
        Assert.Equal("42831EC2217774244B7221B784D0D49CE3AA212F2C02A4E035C17E2329ACA12E21D514B25466931C7D8F6A5AAC84AA051BA30B396A0AAC973D58E091", Convert.ToHexString(ct));
        Assert.Equal("F07C2528EEA2FCA1211F905E", Convert.ToHexString(tag));
    }

    [Fact]
    public void Sha256_of_two_ranges_equals_hash_of_concatenation()
    {
        var a = System.Text.Encoding.ASCII.GetBytes("xxabcyy");
        var b = System.Text.Encoding.ASCII.GetBytes("xdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        var digest = new byte[40];
        _crypto.Sha256(a, 2, 3, b, 1, b.Length - 1, digest, 4);
        // FIPS 180-2 "abc" and two-block known answers, split across the two ranges.
        var one = new byte[32];
        _crypto.Sha256(a, 2, 3, one, 0);
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Convert.ToHexString(one));
        Assert.Equal("248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1", Convert.ToHexString(digest, 4, 32));
    }

    // GBCS 18.4: ACB KA private (abababababababab-ka.key, = E4A6CF...BEFB) x DeviceA KA public.
    [SharedDataFact]
    public void Gbcs_18_4_shared_secret_from_keystore_files()
    {
        var store = new DirectoryKeyStore(SharedData.PathOf("vectors/gbcs/rtds-keystore"));
        var acb = store.GetPrivateKey(0xABABABABABABABABUL, KeyUsage.KeyAgreement, false)!;
        var device = store.GetPublicKey(0xFFFFFFFFFFFFFFFEUL, KeyUsage.KeyAgreement, false)!;
        Assert.Equal("042DB45A3F21889438B42C8F464C75292BACF5FDDB5DA0B492501B299CBFE92D8FDB90FC8FF4026129838B1BCAD1402CAE47FE7D8084E409A41AFCE16D63579C5F",
            Convert.ToHexString(device));
        using var fromScalar = NetPrivateKey.FromScalar(Convert.FromHexString("E4A6CFB431471CFCAE491FD566D19C87082CF9FA7722D7FA24B2B3F5669DBEFB"));
        Assert.Equal(fromScalar.PublicKey, acb.PublicKey);

        var z = new byte[32];
        Assert.True(_crypto.EcdhSharedSecret(acb, device, z, 0));
        Assert.Equal("9AACF2E6D51BD5FF8F37BF368019A691CB5B2FCB7B5F030A00063647B20E13FE", Convert.ToHexString(z));
        // Second call is served from the cache and must agree.
        var again = new byte[32];
        Assert.True(_crypto.EcdhSharedSecret(acb, device, again, 0));
        Assert.Equal(z, again);
        Assert.Equal(1, _crypto.CachedSecretCount);
    }

    // The whole 18.4 chain on our primitives: signature, KDF (§3.1) and the 12-byte GMAC.
    [Fact]
    public void Gbcs_18_4_signature_kdf_and_mac()
    {
        int df = Array.IndexOf(Ecs04b, (byte)0xDF);
        int macStart = Ecs04b.Length - 12;
        int sigStart = macStart - 64;
        Assert.Equal(0x40, Ecs04b[sigStart - 1]);

        var supplierDs = Convert.FromHexString("04" + "76628E1C84EF7935548AE5D62C7BB3AD28964CF794F0387A697EEC19CDD98F460A4D5E19087EF7216ED89C29831A6EE838C8DE88EF34F11D3F41F36D80B2A5D5");
        Assert.True(_crypto.EcdsaVerify(supplierDs, Ecs04b, df + 1, sigStart - 1 - (df + 1), Ecs04b, sigStart));
        Assert.False(_crypto.EcdsaVerify(supplierDs, Ecs04b, df, sigStart - 1 - df, Ecs04b, sigStart));

        using var acb = NetPrivateKey.FromScalar(Convert.FromHexString("E4A6CFB431471CFCAE491FD566D19C87082CF9FA7722D7FA24B2B3F5669DBEFB"));
        var deviceKa = Convert.FromHexString("04" + "2DB45A3F21889438B42C8F464C75292BACF5FDDB5DA0B492501B299CBFE92D8FDB90FC8FF4026129838B1BCAD1402CAE47FE7D8084E409A41AFCE16D63579C5F");
        var z = new byte[32];
        Assert.True(_crypto.EcdhSharedSecret(acb, deviceKa, z, 0));

        var counterAndZ = Convert.FromHexString("00000001").Concat(z).ToArray();
        var otherInfo = Convert.FromHexString("60857406080300" + "123456789ABCDEF0" + "09" + "01" + "0000000000000001" + "FFFFFFFFFFFFFFFE");
        var digest = new byte[32];
        _crypto.Sha256(counterAndZ, 0, counterAndZ.Length, otherInfo, 0, otherInfo.Length, digest, 0);
        var k = digest[..16];
        Assert.Equal("859B846A24E1EA70A168409A1180676B", Convert.ToHexString(k));

        var iv = Convert.FromHexString("123456789ABCDEF0" + "00000000");
        var aad = Convert.FromHexString("110000000000").Concat(Ecs04b[df..macStart]).ToArray();
        var mac = new byte[12];
        _crypto.AesGcmEncrypt(k, iv, aad, 0, aad.Length, Array.Empty<byte>(), 0, 0, Array.Empty<byte>(), 0, mac, 0, 12);
        Assert.Equal("5D832D15B57A56D620F198B3", Convert.ToHexString(mac));
        Assert.True(_crypto.AesGcmDecrypt(k, iv, aad, 0, aad.Length, Array.Empty<byte>(), 0, 0, Ecs04b, macStart, 12, Array.Empty<byte>(), 0));
    }
}
