namespace CommsHub.Dcc.Duis;

/// <summary>Limits and expectations for <see cref="SecureXml"/>.</summary>
public sealed record SecureXmlOptions
{
    /// <summary>Default size limit: 1 MiB of characters. The largest RTDS template is far below this.</summary>
    public const int DefaultMaxCharacters = 1024 * 1024;

    /// <summary>
    /// Default nesting limit: 128 levels. The DUIS 5.4 schema nests at most 16 levels (the samples 7); a thread's stack
    /// holds thousands of levels of the recursive walks that follow (the schema validator, the canonicalisers, the
    /// platform's DOM code), so 128 refuses nothing real and leaves a wide margin under any stack.
    /// </summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>
    /// Default limit of attributes per element, namespace declarations not counted: 512, the platform XMLDSig
    /// canonicaliser's own limit, so nothing it would render is refused. DUIS elements carry a handful.
    /// </summary>
    public const int DefaultMaxAttributes = 512;

    /// <summary>The DUIS defaults: 1 MiB, root sr:Request or sr:Response.</summary>
    public static SecureXmlOptions Duis { get; } = new();

    /// <summary>Maximum number of characters in the document (the XML reader enforces it while parsing).</summary>
    public int MaxCharacters { get; init; } = DefaultMaxCharacters;

    /// <summary>Maximum element nesting (the root is level 1); the reader refuses deeper documents while reading.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Maximum attributes on one element, namespace declarations not counted; refused while reading.</summary>
    public int MaxAttributes { get; init; } = DefaultMaxAttributes;

    /// <summary>Root element namespace the document must have.</summary>
    public string RootNamespace { get; init; } = DuisNamespaces.ServiceUserGateway;

    /// <summary>Root element local names accepted (any of them).</summary>
    public IReadOnlyList<string> RootNames { get; init; } = [DuisNamespaces.RequestRoot, DuisNamespaces.ResponseRoot];

    /// <summary>
    /// Upper bound on bytes read from a stream. No document of <see cref="MaxCharacters"/> characters takes more
    /// than 4 bytes per character, so reading stops there and memory stays bounded even before parsing.
    /// </summary>
    internal long MaxBytes => 4L * MaxCharacters + 4;
}
