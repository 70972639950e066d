using System.Globalization;
using System.Xml;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The DUIS 6.22 (Configure Alert Behaviour) body's shapes shared by the ESME and GSME transforms: an element named
/// after an alert or event code (sr:x8161) and its Enable/Disable settings.
/// </summary>
internal static class AlertCodeElement
{
    /// <summary>The code an sr:xNNNN element names.</summary>
    /// <exception cref="DuisTransformException">the name is not x and four hex digits.</exception>
    public static int Code(XmlElement e) =>
        e.LocalName.Length == 5 && e.LocalName[0] == 'x'
        && int.TryParse(e.LocalName.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw DuisBody.Invalid($"sr:{e.LocalName} is not an event or alert code element (xNNNN)");

    /// <summary>True for "Enable", false for "Disable" (<paramref name="where"/> names the element in the error).</summary>
    /// <exception cref="DuisTransformException">any other text.</exception>
    public static bool Enabled(string text, string where) => text switch
    {
        "Enable" => true,
        "Disable" => false,
        _ => throw DuisBody.Invalid($"{where} '{text}' is not Enable or Disable"),
    };
}
