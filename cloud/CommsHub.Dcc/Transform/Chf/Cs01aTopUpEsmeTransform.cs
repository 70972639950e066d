using System.Text;
using CommsHub.Dcc.Transforms.Esme;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 2.2 Top Up Device on an ESME -> CS01a Apply Prepayment Top Up: the Token Gateway (class 115, 0-0:19.40.0.255)
/// method 1 "enter" with the UTRN's 20 digits as an octet string. User-originated.
/// </summary>
internal static class Cs01aTopUpEsmeTransform
{
    private const int TokenGateway = 115;

    /// <summary>The transform.</summary>
    public static IUseCaseTransform Create() => new EsmeDlmsTransform("2.2", "TopUpDevice",
        new EsmeDlmsCommand("CS01a", 0x0007 /* CS01a */, CommandOrigin.User, false, r => r.Target == DeviceType.Esme,
            r => new DlmsAccessList().Action(Cosem.Of(TokenGateway, "0-0:19.40.0.255", 1), DlmsData.OctetString(Utrn(r)))));

    private static byte[] Utrn(EsmeRequest r)
    {
        var utrn = DuisBody.RequiredText(r.Body, "UTRN");
        if (utrn.Length != 20 || !utrn.All(char.IsAsciiDigit)) throw DuisBody.Invalid($"sr:UTRN must be 20 digits, got '{utrn}'");
        return Encoding.ASCII.GetBytes(utrn);
    }
}
