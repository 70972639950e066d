using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;

namespace CommsHub.Cloud.Tests;

/// <summary>Builds signed DUIS requests from the RTDS templates for the minted users.</summary>
internal static class DuisRequests
{
    public const string ReadRegistersTemplate = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    private static long _counter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    /// <summary>A fresh, strictly increasing RequestID counter (as DCC Boxed tooling uses milliseconds).</summary>
    public static ulong NextCounter() => (ulong)Interlocked.Increment(ref _counter);

    /// <summary>The demo ESME on the first minted hub: the device the seeded inventory holds (the templates name the RTDS one).</summary>
    public static readonly ulong DemoEsme = DemoIdentities.Hubs[0] - 2;

    /// <summary>
    /// The template with its placeholder signature removed and RequestID set to user:target:counter; a target of the
    /// RTDS ESME (00DB1234567890A0) becomes <see cref="DemoEsme"/>, which the minted store knows.
    /// </summary>
    public static XmlDocument Unsigned(string template, ulong user, ulong? counter = null)
    {
        var doc = SecureXml.Load(File.ReadAllBytes(SharedData.PathOf($"vectors/gbcs/duis/templates/{template}")));
        foreach (var sig in doc.GetElementsByTagName("Signature", DuisNamespaces.XmlDsig).OfType<XmlNode>().ToList())
            sig.ParentNode!.RemoveChild(sig);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("sr", DuisNamespaces.ServiceUserGateway);
        var id = doc.SelectSingleNode("/sr:Request/sr:Header/sr:RequestID", ns)!;
        var target = id.InnerText.Split(':')[1];
        if (target == "00-DB-12-34-56-78-90-A0") target = RequestId.FormatEui(DemoEsme);
        id.InnerText = $"{RequestId.FormatEui(user)}:{target}:{counter ?? NextCounter()}";
        return doc;
    }

    /// <summary>Signs with the minted XML-sign key of <paramref name="user"/> in <paramref name="dataDirectory"/>.</summary>
    public static byte[] Signed(string dataDirectory, string template, ulong user, ulong? counter = null)
    {
        var doc = Unsigned(template, user, counter);
        using var signer = Signer(dataDirectory, user);
        DuisSignature.Sign(doc, signer);
        return Encoding.UTF8.GetBytes(doc.OuterXml);
    }

    public static DuisSigner Signer(string dataDirectory, ulong user)
    {
        var stem = new SmkiFolder(Path.Combine(dataDirectory, "smki")).XmlSignStem(user, dsp: false);
        return DuisSigner.Load(stem + ".key", stem + ".pem");
    }
}
