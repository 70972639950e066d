namespace CommsHub.Dcc.Duis;

/// <summary>Limits and expectations for <see cref="SecureXml"/>.</summary>
public sealed record SecureXmlOptions
{
    /// <summary>Default size limit: 1 MiB of characters. The largest RTDS template is far below this.</summary>
    public const int DefaultMaxCharacters = 1024 * 1024;

    /// <summary>The DUIS defaults: 1 MiB, root sr:Request or sr:Response.</summary>
    public static SecureXmlOptions Duis { get; } = new();

    /// <summary>Maximum number of characters in the document (the XML reader enforces it while parsing).</summary>
    public int MaxCharacters { get; init; } = DefaultMaxCharacters;

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
