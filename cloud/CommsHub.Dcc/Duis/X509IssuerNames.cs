using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Distinguished names as XMLDSig writes them in X509IssuerName (RFC 2253 string form, e.g. "CN=Z1,OU=07"),
/// and comparison with a certificate's binary issuer. Different tools space and order the parts differently,
/// so names are compared as lists of (attribute, value) pairs, not as strings.
/// </summary>
public static class X509IssuerNames
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.11"] = "OU", ["2.5.4.10"] = "O", ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.9"] = "STREET", ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID", ["2.5.4.5"] = "SERIALNUMBER",
    };

    /// <summary>Formats a name in RFC 2253 order without spaces, the form the DUIS samples use ("CN=Z1,OU=07").</summary>
    public static string Format(X500DistinguishedName name) =>
        string.Join(",", Parts(name).Select(p => $"{p.Type}={Escape(p.Value)}"));

    /// <summary>
    /// True when the XMLDSig issuer string names the same issuer as <paramref name="name"/>. The RFC 2253 order
    /// (most specific first) is expected; the reverse order some tools write is accepted too.
    /// </summary>
    public static bool Matches(string xmlIssuerName, X500DistinguishedName name)
    {
        var parsed = Parse(xmlIssuerName);
        if (parsed is null) return false;
        var expected = Parts(name).ToList();
        return parsed.SequenceEqual(expected, PartComparer.Instance)
            || parsed.AsEnumerable().Reverse().SequenceEqual(expected, PartComparer.Instance);
    }

    private static IEnumerable<(string Type, string Value)> Parts(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames(reversed: true).Select(rdn =>
        {
            var oid = rdn.GetSingleElementType().Value ?? "";
            return (ShortNames.GetValueOrDefault(oid, oid), rdn.GetSingleElementValue() ?? "");
        });

    /// <summary>Splits "A=x,B=y" honouring backslash escapes and quotes. Null when it is not a DN string.</summary>
    private static List<(string Type, string Value)>? Parse(string text)
    {
        var parts = new List<(string, string)>();
        var current = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length;
            var c = end ? ',' : text[i];
            if (!end && c == '\\' && i + 1 < text.Length) { current.Append(text[++i]); continue; }
            if (c == '"') { inQuotes = !inQuotes; continue; }
            if ((c == ',' || c == ';') && !inQuotes)
            {
                var part = current.ToString();
                current.Clear();
                var eq = part.IndexOf('=');
                if (eq <= 0) return null;
                var type = part[..eq].Trim();
                parts.Add((ShortNames.GetValueOrDefault(type, type), part[(eq + 1)..].Trim()));
                continue;
            }
            current.Append(c);
        }
        return parts;
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && (c == '#' || c == ' ')) || (i == value.Length - 1 && c == ' ');
            if (special) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private sealed class PartComparer : IEqualityComparer<(string Type, string Value)>
    {
        public static readonly PartComparer Instance = new();
        public bool Equals((string Type, string Value) x, (string Type, string Value) y) =>
            string.Equals(x.Type, y.Type, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Value, y.Value, StringComparison.Ordinal);
        public int GetHashCode((string Type, string Value) obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Type);
    }
}
