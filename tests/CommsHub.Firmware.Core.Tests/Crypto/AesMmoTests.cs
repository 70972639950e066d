using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Protocol.Encoding;
using Xunit;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Core.Tests.Crypto;

public class AesMmoTests
{
    // ZigBee spec / ZigBee SE install-code example: code 83FED3407A939723A5C639B26916D505 with CRC C3B5.
    private const string SpecCode = "83FED3407A939723A5C639B26916D505C3B5";
    private const string SpecKey = "66B6900981E1EE3CA4206B6B861C02BB";

    [Fact]
    public void The_test_aes_double_matches_the_FIPS197_known_answer()
    {
        // FIPS-197 C.1: checks the .NET double before any MMO result is trusted.
        using var aes = new NetAes128();
        var outp = new byte[16];
        aes.EncryptBlock(Hex.Decode("000102030405060708090A0B0C0D0E0F"), Hex.Decode("00112233445566778899AABBCCDDEEFF"), 0, outp, 0);
        Assert.Equal("69C4E0D86A7B0430D8CDB78070B4C55A", Hex.Encode(outp));
    }

    [Fact]
    public void Spec_install_code_hashes_to_the_spec_link_key()
    {
        using var aes = new NetAes128();
        var code = Hex.Decode(SpecCode);
        Assert.Equal(SpecKey, Hex.Encode(AesMmo.Hash(aes, code, 0, code.Length)));
    }

    [Fact]
    public void Independent_reference_mmo_agrees_with_the_spec_vector()
    {
        // Straight from the definition with .NET AES directly, so the known answer is not only checked by the code under test.
        var code = Hex.Decode(SpecCode);
        Assert.Equal(SpecKey, Hex.Encode(ReferenceMmo(code)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(100)]
    public void Padding_matches_the_reference_for_every_boundary(int length)
    {
        using var aes = new NetAes128();
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Hex.Encode(ReferenceMmo(data)), Hex.Encode(AesMmo.Hash(aes, data, 0, data.Length)));
    }

    [Fact]
    public void Install_code_crc_is_x25_and_matches_the_spec_example()
    {
        var code = Hex.Decode(SpecCode);
        int crc = InstallCode.Crc16(code, 0, 16);
        Assert.Equal(0xB5C3, crc); // stored least significant byte first: C3 B5
    }

    [Fact]
    public void Link_key_is_derived_from_a_code_with_or_without_crc()
    {
        using var aes = new NetAes128();
        Assert.Equal(SpecKey, Hex.Encode(InstallCode.DeriveLinkKey(aes, Hex.Decode(SpecCode))));
        Assert.Equal(SpecKey, Hex.Encode(InstallCode.DeriveLinkKey(aes, Hex.Decode(SpecCode[..32]))));
    }

    [Theory]
    [InlineData("83FED3407A939723A5C639B26916D505C3B6")] // wrong CRC
    [InlineData("0102030405")]                           // 5 bytes
    [InlineData("")]
    public void Invalid_install_codes_give_no_key(string hex)
    {
        using var aes = new NetAes128();
        Assert.Null(InstallCode.DeriveLinkKey(aes, Hex.Decode(hex)));
        Assert.Null(InstallCode.DeriveLinkKey(aes, null!));
    }

    [Fact]
    public void Six_eight_and_twelve_byte_codes_get_their_crc()
    {
        foreach (var n in new[] { 6, 8, 12 })
        {
            var code = new byte[n];
            new Random(n).NextBytes(code);
            var full = InstallCode.WithCrc(code)!;
            Assert.Equal(n + 2, full.Length);
            int crc = InstallCode.Crc16(code, 0, n);
            Assert.Equal((byte)crc, full[n]);
            Assert.Equal((byte)(crc >> 8), full[n + 1]);
        }
    }

    private static byte[] ReferenceMmo(byte[] m)
    {
        int bits = m.Length * 8;
        int padded = ((m.Length + 1 + 2 + 15) / 16) * 16;
        var msg = new byte[padded];
        m.CopyTo(msg, 0);
        msg[m.Length] = 0x80;
        msg[padded - 2] = (byte)(bits >> 8);
        msg[padded - 1] = (byte)bits;
        var h = new byte[16];
        using var aes = Aes.Create();
        for (int j = 0; j < padded; j += 16)
        {
            aes.Key = (byte[])h.Clone();
            var e = aes.EncryptEcb(msg.AsSpan(j, 16), PaddingMode.None);
            for (int i = 0; i < 16; i++) h[i] = (byte)(e[i] ^ msg[j + i]);
        }
        return h;
    }
}
