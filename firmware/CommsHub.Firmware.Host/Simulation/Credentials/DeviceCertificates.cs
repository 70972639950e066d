using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation.Credentials;

/// <summary>
/// A meter's own certificates: CS02d (0x000B) Update Device Certificate stores a certificate whose public key is the
/// device's own key of that usage; CS02e (0x000C) Provide Device Certificate answers the one held for a key usage.
/// Both answer a response code when they do not succeed; an armed <see cref="CommandFault"/> makes CS02e a retrieval failure.
/// </summary>
public sealed class DeviceCertificates
{
    /// <summary>Message code of CS02d Update Device Certificates on Device.</summary>
    public const int Cs02d = 0x000B;

    /// <summary>Message code of CS02e Provide Device Certificates from Device.</summary>
    public const int Cs02e = 0x000C;

    /// <summary>CS02d: the certificate's key is not the device's own key of its usage (code chosen here; GBCS.md does not list CS02d's).</summary>
    public const int KeyMismatch = 1;

    /// <summary>CS02d: the certificate names neither digital signature nor key agreement (RTDS CS02d ERROR).</summary>
    public const int InvalidKeyUsage = 3;

    /// <summary>CS02e: no certificate held for the key usage.</summary>
    public const int NoCertificateHeld = 2;

    /// <summary>CS02e: the certificate could not be read (fault).</summary>
    public const int CertificateRetrievalFailure = 3;

    private readonly MeterKeys _keys;
    private readonly Dictionary<KeyUsage, byte[]> _held = [];

    /// <summary>Certificates of the device holding <paramref name="keys"/>.</summary>
    public DeviceCertificates(MeterKeys keys) => _keys = keys;

    /// <summary>The certificate held for <paramref name="usage"/>, or null.</summary>
    public byte[]? Held(KeyUsage usage) => _held.GetValueOrDefault(usage);

    /// <summary>The response payload, or null when <paramref name="command"/> is not CS02d/CS02e.</summary>
    /// <exception cref="GbcsFormatException">the payload does not decode for its use case.</exception>
    public byte[]? Answer(GbcsMessage command, CommandFault? fault)
    {
        if (command.MessageCode is not (Cs02d or Cs02e)) return null;
        var content = command.Buffer.AsMemory(command.ContentOffset, command.ContentLength);
        try
        {
            return command.MessageCode == Cs02d ? Code(Update(content)) : Provide(content, fault);
        }
        catch (AsnContentException e)
        {
            throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, command.ContentOffset, "device certificate command: " + e.Message);
        }
    }

    private int Update(ReadOnlyMemory<byte> der)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException e)
        {
            throw new AsnContentException("not a certificate: " + e.Message);
        }
        using (cert)
        {
            var ku = cert.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages ?? X509KeyUsageFlags.None;
            KeyUsage? usage = ku.HasFlag(X509KeyUsageFlags.DigitalSignature) ? KeyUsage.DigitalSignature
                : ku.HasFlag(X509KeyUsageFlags.KeyAgreement) ? KeyUsage.KeyAgreement : null;
            if (usage is not { } u) return InvalidKeyUsage;
            var own = (u == KeyUsage.DigitalSignature ? _keys.DigitalSignature : _keys.KeyAgreement).PublicKey;
            if (!cert.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(own)) return KeyMismatch;
            _held[u] = der.ToArray();
            return 0;
        }
    }

    // Provide Device Certificate Command ::= SEQUENCE { keyUsage BIT STRING }: the certificate, or a response code.
    private byte[] Provide(ReadOnlyMemory<byte> content, CommandFault? fault)
    {
        var outer = new AsnReader(content, AsnEncodingRules.DER);
        var s = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var bits = s.ReadBitString(out _);
        s.ThrowIfNotEmpty();
        var usage = bits.Length > 0 && (bits[0] & 0x08) != 0 ? KeyUsage.KeyAgreement : KeyUsage.DigitalSignature;
        if (fault is not null) return Code(CertificateRetrievalFailure);
        return Held(usage) is { } cert ? (byte[])cert.Clone() : Code(NoCertificateHeld);
    }

    private static byte[] Code(int code)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteInteger(code);
        return w.Encode();
    }
}
