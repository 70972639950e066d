using System.Globalization;

namespace CommsHub.Benchmarks;

/// <summary>The <c>--name value</c> options and value-less flags of a bench command; unknown ones are refused.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">An unknown option, or an option without its value.</exception>
    public BenchArguments(string[] args, IReadOnlyCollection<string> options, IReadOnlyCollection<string>? flags = null)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (flags?.Contains(args[i]) == true) _flags.Add(args[i]);
            else if (options.Contains(args[i]))
                _values[args[i]] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            else throw new ArgumentException($"unknown option '{args[i]}'");
        }
    }

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/> when it was not given.</summary>
    public string? Text(string name, string? fallback = null) => _values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>A positive whole number, or <paramref name="fallback"/> when it was not given.</summary>
    /// <exception cref="ArgumentException">Given, but not a positive whole number.</exception>
    public int Positive(string name, int fallback) =>
        !_values.TryGetValue(name, out var v) ? fallback
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"{name} needs a positive whole number, not '{v}'");

    /// <summary>A whole number of zero or more, or <paramref name="fallback"/> when it was not given.</summary>
    /// <exception cref="ArgumentException">Given, but not a whole number of zero or more.</exception>
    public int NonNegative(string name, int fallback) =>
        !_values.TryGetValue(name, out var v) ? fallback
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"{name} needs a whole number of zero or more, not '{v}'");

    /// <summary>Whether the flag was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);
}
