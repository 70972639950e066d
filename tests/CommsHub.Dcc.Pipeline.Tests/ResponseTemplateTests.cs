using System.Text;
using System.Text.RegularExpressions;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// <see cref="DuisResponseWriter.SynchronousBytes"/> and <see cref="DuisResponseWriter.DeviceResponseBytes"/> (the I99 and
/// the I0 written from a template, no DOM): the same bytes as the DOM path but for the randomised signature value, valid
/// against the schema and for the reference (SignedXml) verifier; altered, they fail; values the template cannot copy
/// verbatim, and the shapes it does not cover, go through the DOM path.
/// </summary>
public sealed partial class ResponseTemplateTests : IDisposable
{
    private readonly Rig _rig = new();

    public void Dispose() => _rig.Dispose();

    private static readonly RequestId Id = new(Rig.Supplier, Rig.Esme, 1000);

    public static IEnumerable<object[]> Answers() =>
    [
        ["I99", "4.1", "4.1.1"], ["E1", "4.1", "4.1.1"], ["I99", "11.2", "11.2"],
        // Values the template cannot put in verbatim: the DOM path escapes them.
        ["I99", "4.1", "4.1.1&<\"x>"], ["I99", "4.1", "4.1.1\u00e9"], ["I99", "4.1", "4.1.1\t"],
    ];

    [SharedDataTheory]
    [MemberData(nameof(Answers))]
    public void Synchronous_bytes_are_the_DOM_paths_and_verify(string code, string sr, string srv)
    {
        var header = new DuisHeader(Id, 1, sr, srv, null, null);
        var fast = _rig.Writer.SynchronousBytes(header, "5.4", code);
        var dom = DuisResponseWriter.Serialize(_rig.Writer.Synchronous(header, "5.4", code));
        Assert.Equal(WithoutSignatureValue(dom), WithoutSignatureValue(fast));
        Verified(fast, schema: srv == "4.1.1" || srv == "11.2");
    }

    [SharedDataTheory]
    [InlineData(new byte[] { 0xDD, 0x00, 0x01, 0x02 }, null)]
    [InlineData(new byte[0], null)]
    [InlineData(null, null)]
    [InlineData(new byte[] { 0xDD, 0x00, 0x01, 0x02 }, 42L)]
    [InlineData(null, 42L)]
    public void Device_response_bytes_are_the_DOM_paths_and_verify(byte[]? gbcs, long? schedule)
    {
        var fast = _rig.Writer.DeviceResponseBytes(Id, "4.1", "4.1.1", gbcs is null ? "E20" : "I0", gbcs, schedule);
        var dom = DuisResponseWriter.Serialize(_rig.Writer.DeviceResponse(Id, "4.1", "4.1.1", gbcs is null ? "E20" : "I0", gbcs, schedule));
        Assert.Equal(WithoutSignatureValue(dom), WithoutSignatureValue(fast));
        Verified(fast, schema: true);
    }

    [SharedDataFact]
    public void Each_answer_carries_its_own_fields_and_time()
    {
        var first = Encoding.UTF8.GetString(_rig.Writer.DeviceResponseBytes(Id, "4.1", "4.1.1", "I0", [1, 2, 3]));
        _rig.Clock.Now += TimeSpan.FromSeconds(1);
        var other = Id with { Counter = 1001 };
        var second = Encoding.UTF8.GetString(_rig.Writer.DeviceResponseBytes(other, "4.1", "4.1.1", "I0", [4, 5, 6]));
        Assert.Contains($"<sr:RequestID>{Id}</sr:RequestID>", first);
        Assert.Contains($"<sr:RequestID>{other}</sr:RequestID>", second);
        Assert.Contains("<sr:GBCSPayload>BAUG</sr:GBCSPayload>", second);
        Assert.Contains("2025-06-01T12:00:01.000Z", second);
        Assert.NotEqual(DigestValue(first), DigestValue(second));
    }

    public static IEnumerable<object[]> Alterations() =>
    [
        ["<sr:ResponseCode>I0<", "<sr:ResponseCode>E1<"],
        ["<sr:GBCSPayload>3QABAg==<", "<sr:GBCSPayload>3QABAw==<"],
        ["schemaVersion=\"5.4\"", "schemaVersion=\"5.5\""],
    ];

    [SharedDataTheory]
    [MemberData(nameof(Alterations))]
    public void An_altered_answer_fails_both_verifiers(string from, string to)
    {
        var text = Encoding.UTF8.GetString(_rig.Writer.DeviceResponseBytes(Id, "4.1", "4.1.1", "I0", [0xDD, 0x00, 0x01, 0x02]));
        Assert.Contains(from, text);
        var altered = SecureXml.Load(Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)));
        Assert.Equal(DuisRejectReason.SignatureInvalid, Assert.Throws<DuisRejectedException>(() => DuisSignature.Verify(altered, _rig.DspDirectory)).Reason);
        Assert.Equal(DuisRejectReason.SignatureInvalid,
            Assert.Throws<DuisRejectedException>(() => DuisSignature.VerifyWithSignedXml(altered, _rig.DspDirectory)).Reason);
    }

    [SharedDataFact]
    public void An_answer_signed_by_another_key_in_the_DSPs_name_fails()
    {
        var header = new DuisHeader(Id, 1, "4.1", "4.1.1", null, null);
        var other = new DuisResponseWriter(_rig.SupplierSigner, _rig.Clock);
        var dspKeyInfo = KeyInfoPattern().Match(Encoding.UTF8.GetString(_rig.Writer.SynchronousBytes(header, "5.4", "I99"))).Value;
        var forged = KeyInfoPattern().Replace(Encoding.UTF8.GetString(other.SynchronousBytes(header, "5.4", "I99")), dspKeyInfo);
        var document = SecureXml.Load(Encoding.UTF8.GetBytes(forged));
        Assert.Equal(DuisRejectReason.SignatureInvalid, Assert.Throws<DuisRejectedException>(() => DuisSignature.Verify(document, _rig.DspDirectory)).Reason);
        Assert.Equal(DuisRejectReason.SignatureInvalid,
            Assert.Throws<DuisRejectedException>(() => DuisSignature.VerifyWithSignedXml(document, _rig.DspDirectory)).Reason);
    }

    private void Verified(byte[] bytes, bool schema)
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Response", Encoding.UTF8.GetString(bytes));
        var received = SecureXml.Load(bytes);
        if (schema) _rig.Schema.Validate(received);
        Assert.Equal(_rig.Dsp.Certificate.Thumbprint, DuisSignature.VerifyWithSignedXml(received, _rig.DspDirectory).Signer.Thumbprint);
        Assert.Equal(_rig.Dsp.Certificate.Thumbprint, DuisSignature.Verify(received, _rig.DspDirectory).Signer.Thumbprint);
    }

    private static string DigestValue(string xml) => DigestPattern().Match(xml).Value;

    private static string WithoutSignatureValue(byte[] xml) => SignatureValuePattern().Replace(Encoding.UTF8.GetString(xml), "");

    [GeneratedRegex("<ds:SignatureValue>[^<]*</ds:SignatureValue>")]
    private static partial Regex SignatureValuePattern();

    [GeneratedRegex("<ds:KeyInfo>.*</ds:KeyInfo>")]
    private static partial Regex KeyInfoPattern();

    [GeneratedRegex("<ds:DigestValue>[^<]*</ds:DigestValue>")]
    private static partial Regex DigestPattern();
}
