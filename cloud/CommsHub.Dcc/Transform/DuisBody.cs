using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms;

/// <summary>Reads values out of a DUIS request body (sr namespace); failures are <see cref="TransformError.InvalidBody"/>.</summary>
internal static class DuisBody
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    public static XmlElement? Child(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr);

    public static XmlElement Required(XmlElement parent, string name) =>
        Child(parent, name) ?? throw Invalid($"sr:{parent.LocalName} has no sr:{name}");

    public static string? Text(XmlElement parent, string name) => Child(parent, name)?.InnerText.Trim();

    public static string RequiredText(XmlElement parent, string name) => Required(parent, name).InnerText.Trim();

    public static ulong Eui(XmlElement parent, string name)
    {
        var text = RequiredText(parent, name);
        return RequestId.TryParseEui(text, out var eui) ? eui : throw Invalid($"sr:{name} '{text}' is not an EUI-64 like 00-DB-12-34-56-78-90-A0");
    }

    public static byte[] HexBinary(XmlElement parent, string name)
    {
        var text = RequiredText(parent, name);
        try { return Convert.FromHexString(text); }
        catch (FormatException) { throw Invalid($"sr:{name} is not hexBinary"); }
    }

    public static int Int(XmlElement parent, string name)
    {
        var text = RequiredText(parent, name);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Invalid($"sr:{name} '{text}' is not a number");
    }

    public static DateTimeOffset DateTime(XmlElement parent, string name) => ParseDateTime(RequiredText(parent, name), name);

    public static DateTimeOffset ParseDateTime(string text, string name)
    {
        // xs:dateTime; DUIS templates write UTC with a Z. The year may exceed 9999 nowhere here.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var v))
            return v.ToUniversalTime();
        throw Invalid($"sr:{name} '{text}' is not an xs:dateTime");
    }

    public static DuisTransformException Invalid(string message) => new(TransformError.InvalidBody, message);
}
