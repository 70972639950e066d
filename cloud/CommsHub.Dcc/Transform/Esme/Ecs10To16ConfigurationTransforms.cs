using System.Text;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME configuration use cases of DUIS section 3 that set COSEM attributes from the body (3.3 Clear Event Log is
/// <see cref="Ecs15ClearEsmeEventLogTransform"/>). User-originated, non-critical.
/// </summary>
internal static class Ecs10To16ConfigurationTransforms
{
    public static IEnumerable<IUseCaseTransform> All() =>
    [
        // 3.1 ECS10 Send Message to ESME: the supplier message 0-2:96.13.1.255 (Data), the text as an octet-string
        // (DUIS restricts it to printable ASCII).
        Set("3.1", "DisplayMessage", "ECS10", 0x0021, r =>
            [(new Cosem(EsmeDlms.DataClass, 0x0002600D01FF, 2), Text(r, "SupplierMessage"))]),
        // 3.2 ECS12 Set Change of Tenancy date on ESME: restrict data date-time 0-0:94.44.3.2.
        Set("3.2", "RestrictAccessForChangeOfTenancy", "ECS12", 0x0022, r =>
            [(new Cosem(EsmeDlms.DataClass, 0x00005E2C0302, 2), EsmeDlms.GbcsDateTime(DuisBody.DateTime(r.Body, "RestrictionDateTime")))]),
        // 3.4 ECS16 Update Supplier Name and telephone number: contact details 0-0:96.13.0.255 (telephone) and
        // 0-0:96.13.1.255 (name), GBCS Extended Data value (attribute 2), in that order.
        Set("3.4", "UpdateSupplierName", "ECS16", 0x0025, r =>
        [
            (new Cosem(EsmeDlms.GbcsExtendedDataClass, 0x0000600D00FF, 2), Text(r, "SupplierTelephoneNumber")),
            (new Cosem(EsmeDlms.GbcsExtendedDataClass, 0x0000600D01FF, 2), Text(r, "SupplierName")),
        ]),
        // 3.5 ECS14 Disable Privacy PIN Protection: an empty octet-string to 0-0:94.44.3.1.
        Set("3.5", "DisablePrivacyPIN", "ECS14", 0x0023, _ =>
            [(new Cosem(EsmeDlms.DataClass, 0x00005E2C0301, 2), DlmsData.OctetString(Array.Empty<byte>()))]),
    ];

    private static DlmsData Text(EsmeRequest r, string element) =>
        DlmsData.OctetString(Encoding.ASCII.GetBytes(DuisBody.RequiredText(r.Body, element)));

    private static EsmeSections1To4UseCase Set(string srv, string body, string useCase, int code,
        Func<EsmeRequest, (Cosem Attribute, DlmsData Value)[]> values) =>
        new(srv, body, useCase, code, r =>
        {
            var v = values(r);
            return h => EsmeDlms.Request(h, v.Select(x => EsmeDlms.SetSpec(x.Attribute)).ToArray(), v.Select(x => x.Value).ToArray());
        });
}
