using System.Globalization;

namespace CommsHub.Firmware.Host.Cli;

/// <summary>Parsers for option values (EUIs, broker address).</summary>
public static class HostOptionParsers
{
    /// <summary>An EUI-64 as 16 hex digits (dashes or colons allowed between bytes).</summary>
    /// <exception cref="FormatException">anything else.</exception>
    public static ulong ParseEui(string text)
    {
        var digits = text.Replace("-", "").Replace(":", "");
        if (digits.Length != 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var eui))
            throw new FormatException($"'{text}' is not an EUI-64 (16 hex digits)");
        return eui;
    }

    /// <summary>The MQTT port when <c>--broker</c> names none: 1883, the plain MQTT port.</summary>
    public const int MqttPort = 1883;

    /// <summary>The port when <c>--broker</c> names none and <c>--tls</c> is on: 8883, MQTT over TLS.</summary>
    public const int MqttTlsPort = 8883;

    /// <summary><c>HOST:PORT</c> (or <c>HOST</c>, port <paramref name="defaultPort"/>; <c>[v6]:PORT</c> for IPv6).</summary>
    /// <exception cref="FormatException">an empty host or a port outside 1..65535.</exception>
    public static (string Host, int Port) ParseBroker(string text, int defaultPort = MqttPort)
    {
        string host = text;
        string? port = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0) throw new FormatException($"broker '{text}': missing ']'");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw new FormatException($"broker '{text}': expected ':PORT' after ']'");
                port = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':');
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        int p = defaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p is < 1 or > 65535))
            throw new FormatException($"broker '{text}': port must be 1..65535");
        if (host.Length == 0) throw new FormatException($"broker '{text}': host missing");
        return (host, p);
    }
}
