using CommsHub.Fuzz.Targets;

namespace CommsHub.Fuzz;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in the order CI runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new GbcsFrameTarget(),
        new DlmsTarget(),
        new DerTarget(),
        new ZclTarget(),
        new HubWanTarget(macEachInput: false),
        new HubWanTarget(macEachInput: true),
        new DuisXmlTarget(),
        new DuisSchemaTarget(),
        new DuisSignatureTarget(),
    ];

    /// <summary>The names of all targets.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">no target has that name.</exception>
    public static FuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; known: {string.Join(", ", Names)}", nameof(name));
}
