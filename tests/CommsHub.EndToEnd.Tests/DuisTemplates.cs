using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.TestSupport;

namespace CommsHub.EndToEnd.Tests;

/// <summary>Signed DUIS requests built from the DCC Boxed templates in the shared vectors, re-addressed to the demo identities.</summary>
internal static class DuisTemplates
{
    public const string AddDevice = "CCS01_8.11_SUCCESS_REQUEST_DUIS.XML";
    public const string ReadDeviceLog = "CCS06_8.9_SUCCESS_REQUEST_DUIS.XML";
    public const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    public const string Decommission = "8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML";

    private static long _counter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    /// <summary>A fresh, strictly increasing RequestID counter.</summary>
    public static ulong NextCounter() => (ulong)Interlocked.Increment(ref _counter);

    /// <summary>
    /// The template with RequestID originator:target:counter, the body fields in <paramref name="fields"/> set (by local
    /// name; a null value removes the element), its placeholder signature replaced by <paramref name="signer"/>'s.
    /// </summary>
    public static byte[] Signed(string template, DuisSigner signer, ulong originator, ulong target, ulong counter,
        IReadOnlyDictionary<string, string?>? fields = null)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.Load(SharedData.PathOf($"vectors/gbcs/duis/templates/{template}"));
        foreach (var sig in doc.GetElementsByTagName("Signature", DuisNamespaces.XmlDsig).OfType<XmlNode>().ToList())
            sig.ParentNode!.RemoveChild(sig);
        Element(doc, "RequestID").InnerText = new RequestId(originator, target, counter).ToString();
        foreach (var (name, value) in fields ?? new Dictionary<string, string?>())
        {
            var e = Element(doc, name);
            if (value is null) e.ParentNode!.RemoveChild(e);
            else e.InnerText = value;
        }
        DuisSignature.Sign(doc, signer);
        return DuisResponseWriter.Serialize(doc);
    }

    private static XmlElement Element(XmlDocument doc, string localName) =>
        doc.GetElementsByTagName(localName, DuisNamespaces.ServiceUserGateway).OfType<XmlElement>().FirstOrDefault()
        ?? throw new InvalidOperationException($"template has no sr:{localName}");
}
