using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 9.1 Request Customer Identification Number -> ECS50 Send CIN to ESME: set Data 0-3:96.13.1.255 to the CIN the DCC
/// allocates (from an inventory that implements <see cref="ICustomerIdentificationNumbers"/>). ACB-originated, as RTDS.
/// </summary>
internal static class Ecs50SendCinTransform
{
    /// <summary>The transform.</summary>
    public static IUseCaseTransform Create() => new EsmeDlmsTransform("9.1", "RequestCustomerIdentificationNumber",
        new EsmeDlmsCommand("ECS50", 0x0058, CommandOrigin.AccessControlBroker, false, Ecs26ReadEsmeConfigurationTransforms.IsEsme, r =>
        {
            var cin = (r.Context.Inventory as ICustomerIdentificationNumbers)?.CustomerIdentificationNumberOf(r.TargetEui)
                ?? throw new DuisTransformException(TransformError.MissingContext,
                    $"9.1: the DCC holds no Customer Identification Number for {RequestId.FormatEui(r.TargetEui)}");
            if (cin.Length == 0 || !cin.All(char.IsAsciiDigit))
                throw new DuisTransformException(TransformError.MissingContext, $"9.1: the allocated CIN '{cin}' is not digits");
            return new DlmsAccessList().Set(Cosem.Data("0-3:96.13.1.255"), DlmsData.OctetString(System.Text.Encoding.ASCII.GetBytes(cin)));
        }));
}
