using System.Globalization;
using System.Xml;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>Body values the sections 1-4 ESME use cases read beyond <see cref="DuisBody"/> (signed numbers, booleans).</summary>
internal static class EsmeBody
{
    /// <summary>An xs:int / xs:short element (sign allowed).</summary>
    public static int SignedInt(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{name} '{text}' is not a 32-bit integer");
    }

    /// <summary>An xs:unsignedInt element.</summary>
    public static uint UnsignedInt(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{name} '{text}' is not an unsigned 32-bit integer");
    }

    /// <summary>An xs:boolean element ("true"/"1" or "false"/"0").</summary>
    public static bool Boolean(XmlElement parent, string name) => DuisBody.RequiredText(parent, name) switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        var t => throw DuisBody.Invalid($"sr:{name} '{t}' is not an xs:boolean"),
    };
}
