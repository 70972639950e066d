using CommsHub.Protocol.Encoding;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// Runs one decoder of <c>CommsHub.Protocol</c>, whose documented refusal is <see cref="GbcsFormatException"/>
/// (GbcsFormatException.cs: "never an IndexOutOfRange or other runtime exception"); every other exception escapes.
/// </summary>
internal static class GbcsRefusal
{
    /// <summary>The decoder's result, or the default when it refused the input with a <see cref="GbcsFormatException"/>.</summary>
    public static T? Decode<T>(Func<T> decode) where T : class
    {
        try
        {
            return decode();
        }
        catch (GbcsFormatException)
        {
            return null;
        }
    }

    /// <summary>Runs a decoder whose result is not needed; true when it accepted the input.</summary>
    public static bool Run(Action decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (GbcsFormatException)
        {
            return false;
        }
    }
}
