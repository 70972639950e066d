using System.Security.Cryptography;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cli.Bench;

/// <summary>
/// A bench user's check of each answer's DSP signature, and the fields it reads from a verified answer. The first answer
/// of each shape is loaded (bounded) and verified by <see cref="DuisSignature.Verify"/>, and its <see cref="AnswerTemplate"/>
/// learned; later answers of a known shape are checked through the template (digest and ECDSA verify in full, without a
/// DOM); any answer that matches no template takes the DOM path again.
/// </summary>
internal sealed class AnswerCheck(IDuisSignerDirectory signers) : IDisposable
{
    // Shapes seen in a run: the I99 and the I0 of a read, and perhaps a refusal or two. Past this many attempts (a shape
    // no template can check comes back each time), no more are learned.
    private const int MaxTemplates = 8, MaxAttempts = 16;
    private readonly AnswerKeys _keys = new();
    private volatile AnswerTemplate[] _templates = [];
    private int _learning, _attempts;

    /// <summary>Answers checked through a learned template (the rest took the DOM path).</summary>
    public long Templated => Interlocked.Read(ref _templated);
    private long _templated;

    /// <summary>Answers checked (verified or not).</summary>
    public long Checked => Interlocked.Read(ref _checked);
    private long _checked;

    /// <summary>
    /// The fields of <paramref name="answer"/> if its DSP signature verifies; null if it does not (or it does not parse).
    /// The answer is only read during the call (a template checks it in place; only the DOM path copies it).
    /// </summary>
    public AnswerFields? Verified(ReadOnlySpan<byte> answer)
    {
        Interlocked.Increment(ref _checked);
        foreach (var template in _templates)
        {
            AnswerTemplate.Verdict verdict;
            AnswerFields? fields;
            try
            {
                verdict = template.Check(answer, signers, _keys, out fields);
            }
            catch (CryptographicException)
            {
                // As DuisSignature.Verify: a signature that cannot be checked is one that does not verify.
                return null;
            }
            switch (verdict)
            {
                case AnswerTemplate.Verdict.Valid:
                    Interlocked.Increment(ref _templated);
                    return fields;
                case AnswerTemplate.Verdict.Invalid:
                    return null;
            }
        }
        XmlDocument doc;
        var bytes = answer.ToArray();
        try
        {
            doc = SecureXml.Load(bytes, SecureXmlOptions.Duis);
            DuisSignature.Verify(doc, signers);
        }
        catch (Exception e) when (e is XmlException or DuisRejectedException or CryptographicException)
        {
            return null;
        }
        Learn(bytes, doc);
        return AnswerFields.Read(doc);
    }

    /// <inheritdoc/>
    public void Dispose() => _keys.Dispose();

    private void Learn(byte[] answer, XmlDocument doc)
    {
        if (_templates.Length >= MaxTemplates || Volatile.Read(ref _attempts) >= MaxAttempts || Interlocked.Exchange(ref _learning, 1) != 0) return;
        try
        {
            _attempts++;
            if (AnswerTemplate.Learn(answer, doc, signers, SecureXmlOptions.Duis) is { } template) _templates = [.. _templates, template];
        }
        finally
        {
            Volatile.Write(ref _learning, 0);
        }
    }
}
