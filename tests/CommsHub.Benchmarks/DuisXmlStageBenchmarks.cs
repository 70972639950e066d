using System.Security.Cryptography.X509Certificates;
using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Benchmarks;

/// <summary>
/// The XML and signature stages of one bench request, without the store: the adapter's intake checks of a signed 4.1.1
/// read (<see cref="Intake"/>: bounded load, XSD, header, XMLDSig verify; and each alone), its writing and signing of the
/// I99 and of the I0 to bytes, and a DCC user's check of an answer (<see cref="AnswerVerify"/>: bounded load and XMLDSig
/// verify of a signed I0, as the bench's users do). <see cref="ReferenceEcdsaP256Verify"/> and
/// <see cref="ReferenceEcdsaP256Sign"/> are the irreducible crypto of each.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
public class DuisXmlStageBenchmarks
{
    private DuisSignerDirectory _users = null!, _dspDirectory = null!;
    private DuisSigner _user = null!, _dsp = null!;
    private DuisSchemaValidator _schema = null!;
    private DuisResponseWriter _writer = null!;
    private byte[] _request = [], _answer = [], _gbcs = [], _signedInfo = [], _signedInfoSignature = [];
    private XmlDocument _loaded = null!;
    private DuisHeader _header = null!;
    private System.Security.Cryptography.ECDsa _userPublic = null!;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15));
    }

    /// <summary>Keys, schema, one signed request and one signed I0.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _user = BenchDuis.User();
        _dsp = BenchDuis.Dsp();
        _users = new DuisSignerDirectory();
        _users.Add(_user.Certificate);
        _dspDirectory = new DuisSignerDirectory();
        _dspDirectory.Add(_dsp.Certificate);
        _schema = BenchDuis.Schema();
        _writer = new DuisResponseWriter(_dsp);
        _request = BenchDuis.SignedRead(BenchDuis.UnsignedRead(), 1000, _user);
        _loaded = SecureXml.Load(_request);
        _header = DuisRequestParser.Parse(_loaded).Header;
        // A GBCS answer of about the bench's size (its I0s are about 2 KB).
        _gbcs = new byte[180];
        new Random(7).NextBytes(_gbcs);
        _answer = I0();
        _userPublic = _user.Certificate.GetECDsaPublicKey()!;
        _signedInfo = DuisSignature.CanonicalSignedInfo((XmlElement)_loaded.GetElementsByTagName("SignedInfo", DuisNamespaces.XmlDsig)[0]!);
        _signedInfoSignature = _user.Key.SignData(_signedInfo, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The adapter's intake checks: bounded load, XSD, header, XMLDSig verify (as <see cref="DuisIntake.TryAdmit"/>).</summary>
    [Benchmark]
    public DuisSignatureInfo Intake()
    {
        var doc = SecureXml.Load(_request);
        _schema.Validate(doc);
        var request = DuisRequestParser.Parse(doc);
        return DuisSignature.Verify(request.Document, _users);
    }

    /// <summary>Stage: the bounded load alone.</summary>
    [Benchmark]
    public XmlDocument Load() => SecureXml.Load(_request);

    /// <summary>Stage: XSD validation of a loaded request.</summary>
    [Benchmark]
    public XmlDocument Xsd()
    {
        _schema.Validate(_loaded);
        return _loaded;
    }

    /// <summary>Stage: the header of a loaded request.</summary>
    [Benchmark]
    public DuisRequest Parse() => DuisRequestParser.Parse(_loaded);

    /// <summary>Stage: XMLDSig verification of a loaded request.</summary>
    [Benchmark]
    public DuisSignatureInfo Verify() => DuisSignature.Verify(_loaded, _users);

    /// <summary>The I99 as the intake writes it: DSP-signed bytes (from the writer's template).</summary>
    [Benchmark]
    public byte[] I99() => _writer.SynchronousBytes(_header, "5.4", "I99");

    /// <summary>The I0 with a GBCS payload as the correlator writes it: DSP-signed bytes (from the writer's template).</summary>
    [Benchmark]
    public byte[] I0() => _writer.DeviceResponseBytes(_header.RequestId, "4.1", "4.1.1", "I0", _gbcs);

    /// <summary>The I99 by the DOM path: built, DSP-signed and serialised.</summary>
    [Benchmark]
    public byte[] I99Dom() => DuisResponseWriter.Serialize(_writer.Synchronous(_header, "5.4", "I99"));

    /// <summary>The I0 by the DOM path: built, DSP-signed and serialised.</summary>
    [Benchmark]
    public byte[] I0Dom() => DuisResponseWriter.Serialize(_writer.DeviceResponse(_header.RequestId, "4.1", "4.1.1", "I0", _gbcs));

    /// <summary>A user's check of a signed I0: bounded load and XMLDSig verify against the DSP's certificate.</summary>
    [Benchmark]
    public DuisSignatureInfo AnswerVerify() => DuisSignature.Verify(SecureXml.Load(_answer), _dspDirectory);

    /// <summary>Stage: the bounded load of a signed I0 alone.</summary>
    [Benchmark]
    public XmlDocument AnswerLoad() => SecureXml.Load(_answer);

    /// <summary>Reference: one ECDSA P-256 verification of a SignedInfo-sized message, key held.</summary>
    [Benchmark]
    public bool ReferenceEcdsaP256Verify() => BenchDuis.P256Verify(_userPublic, _signedInfo, _signedInfoSignature);

    /// <summary>Reference: one ECDSA P-256 signature of the same message, key held.</summary>
    [Benchmark]
    public byte[] ReferenceEcdsaP256Sign() => BenchDuis.P256Sign(_dsp.Key, _signedInfo);
}
