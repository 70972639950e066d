using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using Xunit;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>Round trips, invalid inputs and the ECDH cache of NetGbcsCrypto; NetPrivateKey loading.</summary>
public class NetGbcsCryptoTests
{
    private readonly NetGbcsCrypto _crypto = new();

    [Fact]
    public void Sign_verify_round_trip_and_tampering_is_rejected()
    {
        using var key = NetPrivateKey.Generate();
        var data = new byte[100];
        RandomNumberGenerator.Fill(data);
        var sig = new byte[70];
        _crypto.EcdsaSign(key, data, 10, 80, sig, 3);
        Assert.True(_crypto.EcdsaVerify(key.PublicKey, data, 10, 80, sig, 3));

        data[50] ^= 0x01;
        Assert.False(_crypto.EcdsaVerify(key.PublicKey, data, 10, 80, sig, 3));
        data[50] ^= 0x01;
        sig[40] ^= 0x80;
        Assert.False(_crypto.EcdsaVerify(key.PublicKey, data, 10, 80, sig, 3));
        sig[40] ^= 0x80;
        using var other = NetPrivateKey.Generate();
        Assert.False(_crypto.EcdsaVerify(other.PublicKey, data, 10, 80, sig, 3));
        // Signature running past the buffer: false, not an exception.
        Assert.False(_crypto.EcdsaVerify(key.PublicKey, data, 10, 80, sig, 10));
    }

    [Fact]
    public void Invalid_public_keys_are_rejected_without_throwing()
    {
        using var key = NetPrivateKey.Generate();
        var good = key.PublicKey;
        var sig = new byte[64];
        _crypto.EcdsaSign(key, good, 0, good.Length, sig, 0);
        var z = new byte[32];

        var offCurve = (byte[])good.Clone();
        offCurve[64] ^= 1;
        var badPrefix = (byte[])good.Clone();
        badPrefix[0] = 0x06; // hybrid form
        var infinityLike = new byte[65];
        infinityLike[0] = 0x04;
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | (good[64] & 1));
        Array.Copy(good, 1, compressed, 1, 32);
        var xTooBig = (byte[])good.Clone();
        Array.Fill(xTooBig, (byte)0xFF, 1, 32);
        foreach (var bad in new[] { offCurve, badPrefix, infinityLike, compressed, xTooBig, new byte[] { 0x00 }, Array.Empty<byte>(), good[..64] })
        {
            Assert.False(_crypto.EcdsaVerify(bad, good, 0, good.Length, sig, 0));
            Assert.False(_crypto.EcdhSharedSecret(key, bad, z, 0));
        }
        Assert.False(_crypto.EcdhSharedSecret(key, null!, z, 0));
        Assert.False(_crypto.EcdsaVerify(null!, good, 0, good.Length, sig, 0));
        Assert.True(_crypto.EcdsaVerify(good, good, 0, good.Length, sig, 0));
        Assert.True(P256.TryNormalizePoint(compressed, out var decompressed));
        Assert.Equal(good, decompressed);
    }

    [Fact]
    public void Ecdh_cache_is_per_pair_and_bounded()
    {
        var crypto = new NetGbcsCrypto(ecdhCacheCapacity: 3);
        using var a = NetPrivateKey.Generate();
        using var b = NetPrivateKey.Generate();
        using var c = NetPrivateKey.Generate();
        var zab = new byte[32];
        var zba = new byte[32];
        var zac = new byte[32];
        Assert.True(crypto.EcdhSharedSecret(a, b.PublicKey, zab, 0));
        Assert.True(crypto.EcdhSharedSecret(b, a.PublicKey, zba, 0));
        Assert.True(crypto.EcdhSharedSecret(a, c.PublicKey, zac, 0));
        Assert.Equal(zab, zba);
        Assert.NotEqual(zab, zac);
        Assert.Equal(3, crypto.CachedSecretCount);
        var again = new byte[32];
        Assert.True(crypto.EcdhSharedSecret(a, b.PublicKey, again, 0)); // hit: no growth
        Assert.Equal(zab, again);
        Assert.Equal(3, crypto.CachedSecretCount);
        Assert.True(crypto.EcdhSharedSecret(c, b.PublicKey, again, 0)); // full: cleared, then added
        Assert.Equal(1, crypto.CachedSecretCount);
    }

    [Fact]
    public void Concurrent_use_agrees()
    {
        using var a = NetPrivateKey.Generate();
        var peers = Enumerable.Range(0, 8).Select(_ => NetPrivateKey.Generate()).ToArray();
        var expected = peers.Select(p =>
        {
            var z = new byte[32];
            Assert.True(new NetGbcsCrypto(0).EcdhSharedSecret(p, a.PublicKey, z, 0));
            return z;
        }).ToArray();
        Parallel.For(0, 400, i =>
        {
            var z = new byte[32];
            Assert.True(_crypto.EcdhSharedSecret(a, peers[i % 8].PublicKey, z, 0));
            Assert.Equal(expected[i % 8], z);
            var sig = new byte[64];
            _crypto.EcdsaSign(a, z, 0, 32, sig, 0);
            Assert.True(_crypto.EcdsaVerify(a.PublicKey, z, 0, 32, sig, 0));
        });
        foreach (var p in peers) p.Dispose();
    }

    [Fact]
    public void Gcm_rejects_parameters_outside_gbcs()
    {
        var key = new byte[16];
        var iv = new byte[12];
        var tag = new byte[16];
        var none = Array.Empty<byte>();
        Assert.Throws<ArgumentException>(() => _crypto.AesGcmEncrypt(new byte[32], iv, none, 0, 0, none, 0, 0, none, 0, tag, 0, 12));
        Assert.Throws<ArgumentException>(() => _crypto.AesGcmEncrypt(key, new byte[16], none, 0, 0, none, 0, 0, none, 0, tag, 0, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => _crypto.AesGcmEncrypt(key, iv, none, 0, 0, none, 0, 0, none, 0, tag, 0, 8));
        for (int len = NetGbcsCrypto.MinTagLength; len <= NetGbcsCrypto.MaxTagLength; len++)
        {
            _crypto.AesGcmEncrypt(key, iv, none, 0, 0, none, 0, 0, none, 0, tag, 0, len);
            Assert.True(_crypto.AesGcmDecrypt(key, iv, none, 0, 0, none, 0, 0, tag, 0, len, none, 0));
        }
    }

    [Fact]
    public void Private_key_loading_forms_agree_and_never_print_the_scalar()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var d = ec.ExportParameters(true).D!;
        using var fromScalar = NetPrivateKey.FromScalar(d);
        using var fromDer = NetPrivateKey.FromPkcs8Der(ec.ExportPkcs8PrivateKey());
        using var fromPem = NetPrivateKey.FromPkcs8Pem(ec.ExportPkcs8PrivateKeyPem());
        Assert.Equal(fromScalar.PublicKey, fromDer.PublicKey);
        Assert.Equal(fromScalar.PublicKey, fromPem.PublicKey);
        Assert.DoesNotContain(Convert.ToHexString(d)[..8], fromScalar.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("NetPrivateKey(P-256", fromScalar.ToString());

        Assert.Throws<CryptographicException>(() => NetPrivateKey.FromScalar(new byte[32]));           // zero
        Assert.Throws<CryptographicException>(() => NetPrivateKey.FromScalar(new byte[31]));
        Assert.Throws<CryptographicException>(() => NetPrivateKey.FromScalar(Convert.FromHexString(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")));                      // n
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<CryptographicException>(() => NetPrivateKey.FromPkcs8Der(p384.ExportPkcs8PrivateKey()));
        Assert.Throws<CryptographicException>(() => NetPrivateKey.FromPkcs8Pem(ec.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void Foreign_private_key_types_are_refused()
    {
        var z = new byte[32];
        Assert.Throws<ArgumentException>(() => _crypto.EcdhSharedSecret(new ForeignKey(), new byte[65], z, 0));
    }

    private sealed class ForeignKey : IGbcsPrivateKey
    {
        public byte[] PublicKey => new byte[65];
    }
}
