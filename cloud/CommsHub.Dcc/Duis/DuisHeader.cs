using System.Xml;

namespace CommsHub.Dcc.Duis;

/// <summary>The header of a DUIS Service Request.</summary>
/// <param name="RequestId">Originator, target and counter.</param>
/// <param name="CommandVariant">1..8 (see SEC-DCC.md §1.4).</param>
/// <param name="ServiceReference">e.g. "4.1".</param>
/// <param name="ServiceReferenceVariant">e.g. "4.1.1"; the key into the SRV catalogue.</param>
/// <param name="FirstInSequence">Present on the first request of a sequence; null when absent.</param>
/// <param name="PrecedingServiceRequestId">The request this one follows in a sequence; null when absent.</param>
public sealed record DuisHeader(
    RequestId RequestId,
    int CommandVariant,
    string ServiceReference,
    string ServiceReferenceVariant,
    bool? FirstInSequence,
    RequestId? PrecedingServiceRequestId);

/// <summary>A loaded, schema-valid DUIS Service Request.</summary>
/// <param name="Document">The document (whitespace preserved, so its signature can be checked).</param>
/// <param name="SchemaVersion">The root's schemaVersion attribute, e.g. "5.4".</param>
/// <param name="Header">The parsed header.</param>
/// <param name="BodyElement">The single element inside sr:Body (e.g. sr:ReadInstantaneousImportRegisters).</param>
public sealed record DuisRequest(XmlDocument Document, string SchemaVersion, DuisHeader Header, XmlElement BodyElement)
{
    /// <summary>Local name of the body element: what is being asked for.</summary>
    public string BodyName => BodyElement.LocalName;
}
