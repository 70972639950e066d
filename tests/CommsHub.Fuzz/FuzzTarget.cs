namespace CommsHub.Fuzz;

/// <summary>One seed input: a short name (used as the file name) and its bytes.</summary>
public sealed record SeedInput(string Name, byte[] Data);

/// <summary>
/// A fuzz target: one entry point of the project that reads attacker-shaped bytes. <see cref="Execute"/> feeds the
/// input to the real code and catches only the typed refusals that API documents; anything else escapes and is a
/// crash for afl-fuzz (and a failure in the corpus replay test).
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name given on the command line (e.g. <c>gbcs-frame</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What the target exercises and which exceptions count as a clean refusal.</summary>
    public abstract string Summary { get; }

    /// <summary>Runs the input through the code under test.</summary>
    /// <returns>true when the code accepted the input, false when it refused it in the documented way.</returns>
    /// <exception cref="Exception">any exception is a bug in the code under test (the documented refusals are caught).</exception>
    public abstract bool Execute(byte[] input);

    /// <summary>The seed corpus, built from the shared reference vectors at run time (never committed).</summary>
    /// <exception cref="InvalidOperationException">the shared reference folder is absent.</exception>
    public abstract IReadOnlyList<SeedInput> Seeds();
}
