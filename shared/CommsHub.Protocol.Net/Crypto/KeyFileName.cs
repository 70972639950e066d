using System.Globalization;
using System.Text.RegularExpressions;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// A key file name in the RTDS / gbcs-parser keystore convention: <c>&lt;eui 16 hex&gt;[-pp]-&lt;ka|ds&gt;.&lt;pem|key&gt;</c>,
/// where <c>.pem</c> holds the public key (certificate or SPKI), <c>.key</c> the PKCS#8 private key and
/// <c>-pp</c> marks a supplier's prepayment key pair. Hex digits may be either case.
/// </summary>
/// <param name="Eui">The owner's EUI-64.</param>
/// <param name="Usage">Key agreement (ka) or digital signature (ds).</param>
/// <param name="Prepayment">True for the <c>-pp</c> prepayment key.</param>
/// <param name="IsPrivate">True for a <c>.key</c> file.</param>
public sealed partial record KeyFileName(ulong Eui, KeyUsage Usage, bool Prepayment, bool IsPrivate)
{
    /// <summary>Parses a bare file name (no folder). Returns null when it does not follow the convention.</summary>
    public static KeyFileName? TryParse(string fileName)
    {
        var m = Pattern().Match(fileName);
        if (!m.Success) return null;
        return new KeyFileName(
            ulong.Parse(m.Groups["eui"].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            m.Groups["usage"].Value.Equals("ka", StringComparison.OrdinalIgnoreCase) ? KeyUsage.KeyAgreement : KeyUsage.DigitalSignature,
            m.Groups["pp"].Success,
            m.Groups["ext"].Value.Equals("key", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The canonical name: lower-case hex and suffixes, as in the RTDS keystore.</summary>
    public override string ToString() => FileName(lowerCaseEui: true);

    /// <summary>The file name with the EUI in lower or upper case (suffixes stay lower case).</summary>
    public string FileName(bool lowerCaseEui)
    {
        var eui = Eui.ToString(lowerCaseEui ? "x16" : "X16", CultureInfo.InvariantCulture);
        return $"{eui}{(Prepayment ? "-pp" : "")}-{(Usage == KeyUsage.KeyAgreement ? "ka" : "ds")}.{(IsPrivate ? "key" : "pem")}";
    }

    [GeneratedRegex("^(?<eui>[0-9A-Fa-f]{16})(?<pp>-pp)?-(?<usage>ka|ds)\\.(?<ext>pem|key)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
