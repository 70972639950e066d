using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.TestSupport;

namespace CommsHub.Benchmarks;

/// <summary>The shared test vectors the DUIS benchmarks sign with and send: the supplier's and the DSP's keys, the 4.1.1 read.</summary>
internal static class BenchDuis
{
    /// <summary>The supplier user's XML-signing identity (90B3D51F30010000).</summary>
    public static DuisSigner User() => Signer("xml-sign-90B3D51F30010000-ds");

    /// <summary>The DSP's XML-signing identity.</summary>
    public static DuisSigner Dsp() => Signer("dsp-xml-sign-90B3D51F30000002-ds");

    /// <summary>The DUIS schema set of the vectors.</summary>
    public static DuisSchemaValidator Schema() => DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis"));

    /// <summary>The ECS17b 4.1.1 request template, its signature removed.</summary>
    public static string UnsignedRead() => Regex.Replace(
        File.ReadAllText(SharedData.PathOf("vectors/gbcs/duis/templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML")),
        @"<ds:Signature[\s\S]*?</ds:Signature>", "");

    /// <summary>The 4.1.1 read with RequestID counter <paramref name="counter"/>, signed by <paramref name="user"/>, as sent.</summary>
    public static byte[] SignedRead(string unsigned, int counter, DuisSigner user)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(unsigned.Replace("90-A0:1000<", $"90-A0:{counter}<"));
        DuisSignature.Sign(doc, user);
        return DuisResponseWriter.Serialize(doc);
    }

    /// <summary>One ECDSA P-256 verification as XMLDSig's ecdsa-sha256 does it (SHA-256, raw r||s).</summary>
    public static bool P256Verify(ECDsa key, byte[] message, byte[] signature) =>
        key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>One ECDSA P-256 signature as XMLDSig's ecdsa-sha256 makes it (SHA-256, raw r||s).</summary>
    public static byte[] P256Sign(ECDsa key, byte[] message) =>
        key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static DuisSigner Signer(string name)
    {
        string Key(string f) => SharedData.PathOf(Path.Combine("vectors/gbcs/duis/signing-keys", f));
        return DuisSigner.Load(Key(name + ".key"), Key(name + ".pem"));
    }
}
