namespace CommsHub.Cli.Requests;

/// <summary>
/// How <c>commshub send SRV</c> writes one Service Reference Variant's DUIS body: the body element (sr: namespace) and
/// its children, filled from the command line. Header values (ServiceReference, command variant) come from the DUIS
/// request matrix (<see cref="CommsHub.Dcc.Access.SrvCatalogue"/>).
/// </summary>
/// <param name="Srv">The Service Reference Variant, e.g. "4.1.1".</param>
/// <param name="BodyElement">The local name of the sr:Body's one child, e.g. "ReadInstantaneousImportRegisters".</param>
/// <param name="Children">The body element's children as (local name, text) pairs, in schema order.</param>
internal sealed record SrvRequestDefinition(string Srv, string BodyElement, Func<SrvRequestArguments, IReadOnlyList<BodyField>> Children);

/// <summary>One child of a DUIS body element: a text leaf, or a group of nested fields.</summary>
/// <param name="Name">Local name in the sr: namespace.</param>
/// <param name="Text">The element's text (null for a group).</param>
/// <param name="Fields">Nested fields (empty for a leaf).</param>
/// <param name="Index">The element's <c>index</c> attribute (DUIS writes list positions so: TOUPrice index="1"), or null.</param>
internal sealed record BodyField(string Name, string? Text, IReadOnlyList<BodyField> Fields, int? Index = null)
{
    /// <summary>A text leaf.</summary>
    public static BodyField Leaf(string name, string text) => new(name, text, []);

    /// <summary>A text leaf with an <c>index</c> attribute.</summary>
    public static BodyField Indexed(string name, int index, string text) => new(name, text, [], index);

    /// <summary>A group of nested fields.</summary>
    public static BodyField Group(string name, params BodyField[] fields) => new(name, null, fields);
}

/// <summary>What the compact command line gives the body builders.</summary>
/// <param name="Target">The device the request is for (the RequestID's target).</param>
/// <param name="Now">The clock, for defaults such as a log's end time.</param>
/// <param name="Tariff">The <c>--tariff FILE</c>, for the tariff and price SRVs (1.1.1, 1.2.1); null when not given.</param>
internal sealed record SrvRequestArguments(ulong Target, DateTimeOffset Now, TariffFile? Tariff = null);
