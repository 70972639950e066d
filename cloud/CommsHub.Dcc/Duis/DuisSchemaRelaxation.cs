using System.Globalization;
using System.Xml;
using System.Xml.Schema;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Works around two limits of System.Xml.Schema that make it reject valid DUIS documents:
/// <list type="bullet">
/// <item><c>xs:date</c> cannot hold year 65535, the DLMS "any year" wildcard the RTDS tariff templates use;</item>
/// <item><c>xs:integer</c> is parsed as <see cref="decimal"/>, too small for 128-bit certificate serial numbers.</item>
/// </list>
/// Each schema gets two extra named simple types (token + pattern) and every unfaceted use of <c>xs:date</c> /
/// <c>xs:integer</c> is pointed at them. The patterns carry the lexical rules; <see cref="Check"/> adds the rule a
/// pattern cannot say (the day exists in that month). Validation is therefore never skipped, only done by us.
/// Faceted restrictions (e.g. <c>minInclusive -128</c>) are left to .NET: their bounds keep values in range.
/// </summary>
internal static class DuisSchemaRelaxation
{
    /// <summary>Name of the added date type (in each schema's target namespace).</summary>
    public const string DateTypeName = "CommsHubRelaxedDate";

    /// <summary>Name of the added integer type.</summary>
    public const string IntegerTypeName = "CommsHubRelaxedInteger";

    private const string Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly XmlQualifiedName XsDate = new("date", Xs);
    private static readonly XmlQualifiedName XsInteger = new("integer", Xs);
    private static readonly XmlQualifiedName XsToken = new("token", Xs);

    // Years 0001..9999 (what xs:date holds in .NET) or 65535; month 01..12; day 01..31; optional timezone.
    private const string DatePattern =
        "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3}|65535)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        + "(Z|[+\\-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?";

    // xs:integer's lexical space: optional sign, one or more digits, any magnitude.
    private const string IntegerPattern = "[+\\-]?[0-9]+";

    /// <summary>Adds the relaxed types to <paramref name="schema"/> and redirects uses. Returns how many uses changed.</summary>
    public static int Apply(XmlSchema schema)
    {
        var ns = schema.TargetNamespace ?? string.Empty;
        schema.Items.Add(PatternType(DateTypeName, DatePattern));
        schema.Items.Add(PatternType(IntegerTypeName, IntegerPattern));
        var rewriter = new Rewriter(new XmlQualifiedName(DateTypeName, ns), new XmlQualifiedName(IntegerTypeName, ns));
        foreach (XmlSchemaObject item in schema.Items) rewriter.Visit(item);
        return rewriter.Count;
    }

    /// <summary>True when <paramref name="type"/> is one of the relaxed types.</summary>
    public static bool IsRelaxed(XmlSchemaType? type) =>
        type is not null && (type.QualifiedName.Name == DateTypeName || type.QualifiedName.Name == IntegerTypeName);

    /// <summary>
    /// Checks a value of a relaxed type beyond its pattern. Returns null when valid, else the reason.
    /// </summary>
    public static string? Check(XmlSchemaType type, string value)
    {
        var v = value.Trim();
        if (type.QualifiedName.Name == IntegerTypeName)
            return IsInteger(v) ? null : $"'{v}' is not a valid xs:integer";
        return CheckDate(v);
    }

    private static bool IsInteger(string v)
    {
        var digits = v.Length > 0 && (v[0] == '+' || v[0] == '-') ? v.AsSpan(1) : v.AsSpan();
        if (digits.IsEmpty) return false;
        foreach (var c in digits) if (c is < '0' or > '9') return false;
        return true;
    }

    private static string? CheckDate(string v)
    {
        // The pattern has already fixed the shape: YYYY[Y]-MM-DD then an optional zone.
        var firstDash = v.IndexOf('-');
        if (firstDash < 4 || v.Length < firstDash + 6) return $"'{v}' is not a valid xs:date";
        var year = int.Parse(v.AsSpan(0, firstDash), CultureInfo.InvariantCulture);
        var month = int.Parse(v.AsSpan(firstDash + 1, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(v.AsSpan(firstDash + 4, 2), CultureInfo.InvariantCulture);
        var leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int[] days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if (year is < 1 or (> 9999 and not 65535)) return $"'{v}': year must be 1..9999 or 65535 (any year)";
        if (month is < 1 or > 12 || day < 1 || day > days[month - 1])
            return $"'{v}': day {day} does not exist in month {month} of year {year}";
        return null;
    }

    private static XmlSchemaSimpleType PatternType(string name, string pattern)
    {
        var restriction = new XmlSchemaSimpleTypeRestriction { BaseTypeName = XsToken };
        restriction.Facets.Add(new XmlSchemaPatternFacet { Value = pattern });
        return new XmlSchemaSimpleType { Name = name, Content = restriction };
    }

    /// <summary>Walks the uncompiled schema object model and swaps type references.</summary>
    private sealed class Rewriter(XmlQualifiedName date, XmlQualifiedName integer)
    {
        public int Count { get; private set; }

        private XmlQualifiedName Swap(XmlQualifiedName name)
        {
            if (name == XsDate) { Count++; return date; }
            if (name == XsInteger) { Count++; return integer; }
            return name;
        }

        public void Visit(XmlSchemaObject? o)
        {
            switch (o)
            {
                case XmlSchemaElement e:
                    e.SchemaTypeName = Swap(e.SchemaTypeName);
                    Visit(e.SchemaType);
                    break;
                case XmlSchemaAttribute a:
                    a.SchemaTypeName = Swap(a.SchemaTypeName);
                    Visit(a.SchemaType);
                    break;
                case XmlSchemaComplexType ct:
                    Visit(ct.Particle);
                    VisitAll(ct.Attributes);
                    Visit(ct.ContentModel?.Content);
                    break;
                case XmlSchemaSimpleContentExtension sce:
                    sce.BaseTypeName = Swap(sce.BaseTypeName);
                    VisitAll(sce.Attributes);
                    break;
                case XmlSchemaSimpleContentRestriction scr:
                    Visit(scr.BaseType);
                    VisitAll(scr.Attributes);
                    break;
                case XmlSchemaComplexContentExtension cce:
                    Visit(cce.Particle);
                    VisitAll(cce.Attributes);
                    break;
                case XmlSchemaComplexContentRestriction ccr:
                    Visit(ccr.Particle);
                    VisitAll(ccr.Attributes);
                    break;
                case XmlSchemaGroupBase g:
                    VisitAll(g.Items);
                    break;
                case XmlSchemaGroup grp:
                    Visit(grp.Particle);
                    break;
                case XmlSchemaAttributeGroup ag:
                    VisitAll(ag.Attributes);
                    break;
                case XmlSchemaSimpleType st:
                    Visit(st.Content);
                    break;
                case XmlSchemaSimpleTypeRestriction r:
                    // Only an unfaceted restriction is a plain alias; facets need the real numeric/date base.
                    if (r.Facets.Count == 0) r.BaseTypeName = Swap(r.BaseTypeName);
                    Visit(r.BaseType);
                    break;
                case XmlSchemaSimpleTypeList l:
                    l.ItemTypeName = Swap(l.ItemTypeName);
                    Visit(l.ItemType);
                    break;
                case XmlSchemaSimpleTypeUnion u:
                    if (u.MemberTypes is { } members)
                        for (var i = 0; i < members.Length; i++) members[i] = Swap(members[i]);
                    VisitAll(u.BaseTypes);
                    break;
            }
        }

        private void VisitAll(XmlSchemaObjectCollection items)
        {
            foreach (XmlSchemaObject item in items) Visit(item);
        }
    }
}
