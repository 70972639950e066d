using System.Text;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms.Esme;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 2.2 Top Up Device, user-originated, the UTRN's 20 digits as ASCII:
/// on an ESME -> CS01a Apply Prepayment Top Up: the Token Gateway (class 115, 0-0:19.40.0.255) method 1 "enter" with
/// the UTRN as an octet string;
/// on a GSME -> CS01b: GBZ, Prepayment cluster 0x0705 Consumer Top Up (cluster-specific command 0x04) with originating
/// device 0x00 and the UTRN as a ZCL octet string.
/// </summary>
internal static class Cs01TopUpTransforms
{
    private const int TokenGateway = 115;
    private const int PrepaymentCluster = 0x0705;
    private const byte ConsumerTopUp = 0x04;

    /// <summary>The transforms (ESME first; each declines the other device type).</summary>
    public static IEnumerable<IUseCaseTransform> All() =>
    [
        new EsmeDlmsTransform("2.2", "TopUpDevice",
            new EsmeDlmsCommand("CS01a", 0x0007 /* CS01a */, CommandOrigin.User, false, r => r.Target == DeviceType.Esme,
                r => new DlmsAccessList().Action(Cosem.Of(TokenGateway, "0-0:19.40.0.255", 1), DlmsData.OctetString(Utrn(r.Body))))),
        new GsmeTopUp(),
    ];

    private sealed class GsmeTopUp() : UseCaseTransform("2.2", "CS01b")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            if (request.BodyElement.LocalName != "TopUpDevice" || TargetType(request, context) != DeviceType.Gsme) return null;
            var utrn = Utrn(request.BodyElement);
            var payload = new byte[2 + utrn.Length];
            payload[0] = 0x00; // originating device
            payload[1] = (byte)utrn.Length;
            utrn.CopyTo(payload, 2);
            return new UseCasePlan("CS01b", 0x0097 /* CS01b */, CommandOrigin.User, false,
                _ => Gbz.Command(PrepaymentCluster, 0x01 /* cluster-specific, client to server */, ConsumerTopUp, payload));
        }
    }

    private static byte[] Utrn(System.Xml.XmlElement body)
    {
        var utrn = DuisBody.RequiredText(body, "UTRN");
        if (utrn.Length != 20 || !utrn.All(char.IsAsciiDigit)) throw DuisBody.Invalid($"sr:UTRN must be 20 digits, got '{utrn}'");
        return Encoding.ASCII.GetBytes(utrn);
    }
}
