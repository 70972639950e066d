namespace CommsHub.Dcc.Duis;

/// <summary>XML namespaces and fixed names of DUIS 5.4 and XMLDSig.</summary>
public static class DuisNamespaces
{
    /// <summary>DUIS Service User Gateway namespace (prefix "sr" in the samples).</summary>
    public const string ServiceUserGateway = "http://www.dccinterface.co.uk/ServiceUserGateway";

    /// <summary>DUIS ResponseAndAlert namespace (prefix "ra"), used inside responses.</summary>
    public const string ResponseAndAlert = "http://www.dccinterface.co.uk/ResponseAndAlert";

    /// <summary>XMLDSig namespace (prefix "ds").</summary>
    public const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    /// <summary>Root element name of a Service Request.</summary>
    public const string RequestRoot = "Request";

    /// <summary>Root element name of a Service Response or alert.</summary>
    public const string ResponseRoot = "Response";
}
