namespace CommsHub.Dcc.Smki;

/// <summary>
/// SMKI Remote Party Role codes as organisation certificates carry them in the subject OU, written as two
/// upper-case hex digits (GBCS.md §3.5, SEC-DCC.md §7).
/// </summary>
public static class SmkiRoles
{
    /// <summary>Root (the root CA's OU).</summary>
    public const byte Root = 0x00;
    /// <summary>Recovery.</summary>
    public const byte Recovery = 0x01;
    /// <summary>Supplier (DUIS roles IS, ES, GS).</summary>
    public const byte Supplier = 0x02;
    /// <summary>Network Operator (DUIS roles ED, GT).</summary>
    public const byte NetworkOperator = 0x03;
    /// <summary>Access Control Broker (the DCC).</summary>
    public const byte AccessControlBroker = 0x04;
    /// <summary>Issuing Authority (the issuing CA's OU).</summary>
    public const byte IssuingAuthority = 0x07;
    /// <summary>Other User (DUIS role OU).</summary>
    public const byte OtherUser = 0x7F;
    /// <summary>A user's DUIS XML-signing certificate.</summary>
    public const byte XmlSign = 0x87;
    /// <summary>The DSP's XML-signing certificate (signs DUIS responses).</summary>
    public const byte DspXmlSign = 0x89;

    /// <summary>The OU text of a role code ("02", "87").</summary>
    public static string ToOu(byte role) => role.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses "02", "0x02", "87", or a name (supplier, network-operator, acb, other, xml-sign, dsp-xml-sign).</summary>
    public static bool TryParse(string? text, out byte role)
    {
        role = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().ToLowerInvariant();
        byte? named = t switch
        {
            "root" => Root, "recovery" => Recovery, "supplier" => Supplier,
            "network-operator" or "networkoperator" or "no" => NetworkOperator,
            "acb" or "access-control-broker" => AccessControlBroker, "issuer" => IssuingAuthority,
            "other" or "other-user" => OtherUser, "xml-sign" => XmlSign, "dsp-xml-sign" => DspXmlSign,
            _ => null,
        };
        if (named is { } n) { role = n; return true; }
        if (t.StartsWith("0x", StringComparison.Ordinal)) t = t[2..];
        return t.Length is 1 or 2 && byte.TryParse(t, System.Globalization.NumberStyles.AllowHexSpecifier,
            System.Globalization.CultureInfo.InvariantCulture, out role);
    }
}
