using System.Collections.Concurrent;
using System.Globalization;
using System.Xml;
using System.Xml.Schema;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Works around two limits of System.Xml.Schema that make it reject valid DUIS documents, and one cost:
/// <list type="bullet">
/// <item><c>xs:date</c> cannot hold year 65535, the DLMS "any year" wildcard the RTDS tariff templates use;</item>
/// <item><c>xs:integer</c> is parsed as <see cref="decimal"/>, too small for 128-bit certificate serial numbers;</item>
/// <item><c>xs:anyURI</c> is checked by building a <see cref="Uri"/> for every value, about 3 µs per attribute on the
/// request path, and every signed DUIS request carries four (the XMLDSig Algorithm attributes) whose values are always
/// the same few strings.</item>
/// </list>
/// Each schema gets three extra named simple types and every unfaceted use of <c>xs:date</c> / <c>xs:integer</c> /
/// <c>xs:anyURI</c> is pointed at them. For dates and integers (token + pattern) the patterns carry the lexical rules;
/// <see cref="Check"/> adds the rule a pattern cannot say (the day exists in that month). For URIs (plain string)
/// <see cref="Check"/> asks the platform's own xs:anyURI datatype, so the verdict is .NET's, and remembers the values it
/// accepted (a bounded set) so that the same algorithm URI is not parsed again. Validation is therefore never skipped,
/// only done by us. Faceted restrictions (e.g. <c>minInclusive -128</c>) are left to .NET: their bounds keep values in
/// range.
/// </summary>
internal static class DuisSchemaRelaxation
{
    /// <summary>Name of the added date type (in each schema's target namespace).</summary>
    public const string DateTypeName = "CommsHubRelaxedDate";

    /// <summary>Name of the added integer type.</summary>
    public const string IntegerTypeName = "CommsHubRelaxedInteger";

    /// <summary>Name of the added URI type.</summary>
    public const string AnyUriTypeName = "CommsHubCheckedAnyUri";

    // Values come from unauthenticated requests (XSD runs before the signature check): the set is bounded, and once full
    // further values are still checked, just not remembered.
    private const int MaxRememberedUris = 256;
    private const int MaxRememberedUriLength = 512;
    private static readonly ConcurrentDictionary<string, bool> AcceptedUris = new(StringComparer.Ordinal);
    private static readonly XmlSchemaDatatype AnyUriDatatype = XmlSchemaType.GetBuiltInSimpleType(XmlTypeCode.AnyUri)!.Datatype!;

    private const string Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly XmlQualifiedName XsDate = new("date", Xs);
    private static readonly XmlQualifiedName XsInteger = new("integer", Xs);
    private static readonly XmlQualifiedName XsAnyUri = new("anyURI", Xs);
    private static readonly XmlQualifiedName XsToken = new("token", Xs);
    private static readonly XmlQualifiedName XsString = new("string", Xs);

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
        schema.Items.Add(new XmlSchemaSimpleType
        {
            Name = AnyUriTypeName,
            Content = new XmlSchemaSimpleTypeRestriction { BaseTypeName = XsString },
        });
        var rewriter = new Rewriter(new XmlQualifiedName(DateTypeName, ns), new XmlQualifiedName(IntegerTypeName, ns),
            new XmlQualifiedName(AnyUriTypeName, ns));
        foreach (XmlSchemaObject item in schema.Items) rewriter.Visit(item);
        return rewriter.Count;
    }

    /// <summary>True when <paramref name="type"/> is one of the relaxed types.</summary>
    public static bool IsRelaxed(XmlSchemaType? type) => RelaxedBase(type) is not null;

    // The relaxed type that type is, or derives from (an unfaceted alias, or a complex type with its simple content).
    private static string? RelaxedBase(XmlSchemaType? type)
    {
        for (var t = type; t is not null; t = t.BaseXmlSchemaType)
        {
            if (t.QualifiedName.Name is DateTypeName or IntegerTypeName or AnyUriTypeName) return t.QualifiedName.Name;
        }
        return null;
    }

    /// <summary>
    /// Checks a value of a relaxed type beyond its pattern. Returns null when valid, else the reason.
    /// </summary>
    public static string? Check(XmlSchemaType type, string value)
    {
        var relaxed = RelaxedBase(type);
        if (relaxed == AnyUriTypeName) return CheckAnyUri(value);
        var v = value.Trim();
        if (relaxed == IntegerTypeName)
            return IsInteger(v) ? null : $"'{v}' is not a valid xs:integer";
        return CheckDate(v);
    }

    // The platform's verdict (it collapses whitespace itself, as when it validates the attribute), remembered when positive.
    private static string? CheckAnyUri(string value)
    {
        if (AcceptedUris.ContainsKey(value)) return null;
        try
        {
            AnyUriDatatype.ParseValue(value, null, null);
        }
        catch (XmlSchemaException ex)
        {
            return ex.Message;
        }
        if (value.Length <= MaxRememberedUriLength && AcceptedUris.Count < MaxRememberedUris) AcceptedUris.TryAdd(value, true);
        return null;
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
        // Meant to follow the pattern (YYYY[Y]-MM-DD then an optional zone), but the validator runs it on a value the
        // pattern refused too, so anything not numeric is refused here rather than thrown (found by fuzzing).
        var firstDash = v.IndexOf('-');
        if (firstDash < 4 || v.Length < firstDash + 6
            || !int.TryParse(v.AsSpan(0, firstDash), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(v.AsSpan(firstDash + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(v.AsSpan(firstDash + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
            return $"'{v}' is not a valid xs:date";
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
    private sealed class Rewriter(XmlQualifiedName date, XmlQualifiedName integer, XmlQualifiedName anyUri)
    {
        public int Count { get; private set; }

        private XmlQualifiedName Swap(XmlQualifiedName name)
        {
            if (name == XsDate) { Count++; return date; }
            if (name == XsInteger) { Count++; return integer; }
            return name;
        }

        // URIs only where the value's type is found by walking up from the element or attribute (see RelaxedBase): not
        // as a list item or union member, whose values the validator would then take as plain strings unchecked.
        private XmlQualifiedName SwapValueType(XmlQualifiedName name)
        {
            if (name == XsAnyUri) { Count++; return anyUri; }
            return Swap(name);
        }

        public void Visit(XmlSchemaObject? o)
        {
            switch (o)
            {
                case XmlSchemaElement e:
                    e.SchemaTypeName = SwapValueType(e.SchemaTypeName);
                    Visit(e.SchemaType);
                    break;
                case XmlSchemaAttribute a:
                    a.SchemaTypeName = SwapValueType(a.SchemaTypeName);
                    Visit(a.SchemaType);
                    break;
                case XmlSchemaComplexType ct:
                    Visit(ct.Particle);
                    VisitAll(ct.Attributes);
                    Visit(ct.ContentModel?.Content);
                    break;
                case XmlSchemaSimpleContentExtension sce:
                    sce.BaseTypeName = SwapValueType(sce.BaseTypeName);
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
                    if (r.Facets.Count == 0) r.BaseTypeName = SwapValueType(r.BaseTypeName);
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
