using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CommsHub.Cli.Bench;
using CommsHub.Cli.Commands;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// A bench user checks each answer's DSP signature; after the first answer of a shape it does so through a learned
/// template instead of a DOM. The template's verdict must be the DOM path's on every answer, tampered ones above all,
/// and a tampered answer must be counted as unverifiable, never as an answer.
/// </summary>
public sealed class BenchAnswerCheckTests : IDisposable
{
    private const ulong User = 0x90B3D51F30010000, Meter = 0x00DB1234567890A0;
    private readonly DuisSigner _user = SelfSigned("CN=bench user"), _dsp = SelfSigned("CN=bench dsp"), _otherDsp = SelfSigned("CN=bench dsp");
    private readonly DuisSignerDirectory _dspDirectory = new();
    private readonly DuisResponseWriter _writer;
    private readonly byte[] _gbcs = new byte[180];

    public BenchAnswerCheckTests()
    {
        _dspDirectory.Add(_dsp.Certificate);
        _writer = new DuisResponseWriter(_dsp);
        new Random(7).NextBytes(_gbcs);
    }

    public void Dispose()
    {
        _user.Dispose();
        _dsp.Dispose();
        _otherDsp.Dispose();
    }

    [Fact]
    public void Answers_after_the_first_of_their_shape_are_checked_by_template_with_the_fields_the_dom_reads()
    {
        using var check = new AnswerCheck(_dspDirectory);
        var answers = new[] { I99(1), I0(1), I99(2), I0(2), I99(1_765_000_000_000_123), I0(1_765_000_000_000_123) };

        var fields = answers.Select(a => check.Verified(a)).ToList();

        Assert.Equal(answers.Select(Dom), fields);
        Assert.Equal(4, check.Templated);
        Assert.Equal("I0", fields[^1]!.ResponseCode);
        Assert.NotNull(fields[^1]!.ResponseId);
    }

    [Theory]
    [InlineData("I99")]
    [InlineData("I0")]
    public void On_every_one_byte_change_the_template_agrees_with_the_dom_path(string shape)
    {
        var learned = shape == "I99" ? I99(1) : I0(1);
        var template = AnswerTemplate.Learn(learned, SecureXml.Load(learned, SecureXmlOptions.Duis), _dspDirectory, SecureXmlOptions.Duis);
        Assert.NotNull(template);
        using var keys = new AnswerKeys();
        var answer = shape == "I99" ? I99(2) : I0(2);
        int matched = 0, valid = 0;
        for (int at = 0; at < answer.Length; at++)
        {
            foreach (var value in new[] { (byte)(answer[at] ^ 0x01), (byte)'A', (byte)'<' })
            {
                if (value == answer[at]) continue;
                var changed = (byte[])answer.Clone();
                changed[at] = value;
                var verdict = template.Check(changed, _dspDirectory, keys, out var fields);
                if (verdict == AnswerTemplate.Verdict.NoMatch) continue;
                matched++;
                var dom = Dom(changed);
                if (verdict == AnswerTemplate.Verdict.Valid) valid++;
                Assert.True(verdict == AnswerTemplate.Verdict.Valid ? dom is not null && dom == fields : dom is null,
                    $"byte {at} set to 0x{value:X2}: template {verdict}, DOM {(dom is null ? "refused" : "verified")}");
            }
        }
        // Changes in the holes (RequestID, times, payload, digest, signature, signer) reach the template's own check.
        Assert.True(matched > 100, $"only {matched} changed answers matched the template");
        // None verifies but, at most, one whose base64 decodes to the same bytes (its unused low bits changed).
        Assert.True(valid <= 2, $"{valid} changed answers verified");
    }

    [Fact]
    public void An_answer_signed_by_another_key_under_the_dsps_key_info_is_refused_by_the_template()
    {
        using var check = new AnswerCheck(_dspDirectory);
        Assert.NotNull(check.Verified(I0(1)));
        var forged = SignedBy(_otherDsp, I0(2));

        Assert.Null(check.Verified(forged));
        Assert.Null(Dom(forged));
    }

    [Theory]
    [InlineData(true, "ResponseCode")]
    [InlineData(true, "body")]
    [InlineData(true, "SignatureValue")]
    [InlineData(false, "ResponseCode")]
    [InlineData(false, "body")]
    [InlineData(false, "SignatureValue")]
    public async Task A_tampered_answer_is_counted_as_unverifiable_not_as_an_answer(bool templateLearned, string where)
    {
        await using var user = new BenchUser(User, _user, _dspDirectory, 4, waitForAnswer: false);
        if (templateLearned)
        {
            user.OnAnswer(I0(1));
            Assert.Equal((0, 1), (user.Unverifiable, user.Unknown));
        }
        var tampered = Tamper(I0(2), where);

        user.OnAnswer(tampered);
        user.OnAnswer(I0(3));

        // The tampered answer is unverifiable; the good one after it is verified (to a request the user never sent).
        Assert.Equal((1, templateLearned ? 2 : 1), (user.Unverifiable, user.Unknown));
        Assert.Equal(templateLearned ? 1 : 0, user.TemplatedAnswers);
    }

    private byte[] I99(ulong counter) =>
        _writer.SynchronousBytes(DuisRequestParser.Parse(SecureXml.Load(ReadMeterCommand.Request(_user, new RequestId(User, Meter, counter)))).Header, "5.4", "I99");

    private byte[] I0(ulong counter) => _writer.DeviceResponseBytes(new RequestId(User, Meter, counter), "4.1", "4.1.1", "I0", _gbcs);

    private AnswerFields? Dom(byte[] answer)
    {
        try
        {
            var doc = SecureXml.Load(answer, SecureXmlOptions.Duis);
            DuisSignature.Verify(doc, _dspDirectory);
            return AnswerFields.Read(doc);
        }
        catch (Exception e) when (e is System.Xml.XmlException or DuisRejectedException or CryptographicException)
        {
            return null;
        }
    }

    // One byte changed: in the ResponseCode, in the middle of the body (the GBCS payload), or in the SignatureValue.
    private static byte[] Tamper(byte[] answer, string where)
    {
        var text = Encoding.ASCII.GetString(answer);
        int at = where switch
        {
            "ResponseCode" => text.IndexOf("ResponseCode>I0<", StringComparison.Ordinal) + "ResponseCode>I".Length,
            "SignatureValue" => text.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal) + "<ds:SignatureValue>".Length + 10,
            _ => text.IndexOf("<ds:Signature", StringComparison.Ordinal) / 2,
        };
        Assert.True(at > 20, $"{where} not found");
        var changed = (byte[])answer.Clone();
        changed[at] = changed[at] == (byte)'1' ? (byte)'2' : (byte)'1';
        return changed;
    }

    // The answer's SignatureValue replaced by one from another key (over the same SignedInfo): KeyInfo still names the DSP.
    private static byte[] SignedBy(DuisSigner other, byte[] answer)
    {
        var doc = SecureXml.Load(answer, SecureXmlOptions.Duis);
        var signedInfo = (System.Xml.XmlElement)doc.GetElementsByTagName("SignedInfo", DuisNamespaces.XmlDsig)[0]!;
        var value = other.Key.SignData(DuisSignature.CanonicalSignedInfo(signedInfo), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var text = Encoding.ASCII.GetString(answer);
        int start = text.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal) + "<ds:SignatureValue>".Length;
        int end = text.IndexOf("</ds:SignatureValue>", StringComparison.Ordinal);
        return Encoding.ASCII.GetBytes(text[..start] + Convert.ToBase64String(value) + text[end..]);
    }

    internal static DuisSigner SelfSigned(string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return new DuisSigner(key, X509CertificateLoader.LoadCertificate(withKey.RawData));
    }
}
