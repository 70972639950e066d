using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>Checks DUIS responses the service returns: schema-valid, signed by the minted DSP certificate.</summary>
internal static class DuisResponses
{
    public static XmlDocument VerifyDspSigned(CloudFixture cloud, byte[] body) => VerifyDspSigned(cloud.DataDirectory, body);

    /// <summary>As above, for an adapter over <paramref name="dataDirectory"/>.</summary>
    public static XmlDocument VerifyDspSigned(string dataDirectory, byte[] body)
    {
        var doc = SecureXml.Load(body);
        DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis")).Validate(doc);
        var dsp = new DuisSignerDirectory();
        var stem = new SmkiFolder(Path.Combine(dataDirectory, "smki")).XmlSignStem(DemoIdentities.Dcc, dsp: true);
        dsp.Add(SmkiFolder.LoadCertificate(stem));
        var info = DuisSignature.Verify(doc, dsp);
        Assert.Equal("89", info.Signer.SubjectName.EnumerateRelativeDistinguishedNames()
            .First(r => r.GetSingleElementType().Value == "2.5.4.11").GetSingleElementValue());
        return doc;
    }

    public static string Code(XmlDocument doc) => Field(doc, "ResponseCode");

    public static string Field(XmlDocument doc, string name) =>
        doc.GetElementsByTagName(name, DuisNamespaces.ServiceUserGateway)[0]!.InnerText;
}
