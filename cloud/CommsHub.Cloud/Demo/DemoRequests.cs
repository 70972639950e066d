using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Demo;

/// <summary>
/// The DUIS requests the demo sends on the supplier's behalf, in the shape of the DCC Boxed templates and signed with
/// the supplier's XML-sign key: the installer's 8.11 that puts a meter on its hub's device log.
/// </summary>
public static class DemoRequests
{
    private static long _counter;

    /// <summary>
    /// A fresh RequestID counter: milliseconds x 1000 (as DCC Boxed tooling does), strictly increasing in this process, so
    /// it stays above the counters of earlier runs and of the CLI.
    /// </summary>
    public static ulong NextCounter()
    {
        var floor = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _counter);
            next = Math.Max(seen + 1, floor);
        }
        while (Interlocked.CompareExchange(ref _counter, next, seen) != seen);
        return (ulong)next;
    }

    /// <summary>8.11 Update HAN Device Log, Add (CCS01): whitelist <paramref name="device"/> on <paramref name="hub"/>.</summary>
    public static byte[] AddToDeviceLog(DuisSigner supplier, ulong user, ulong hub, ulong device, byte[] installCode, string mpxn, int joinSeconds, ulong counter)
    {
        var body = $"""
            <sr:UpdateHANDeviceLog>
                  <sr:DeviceID>{RequestId.FormatEui(device)}</sr:DeviceID>
                  <sr:RequestType>Add</sr:RequestType>
                  <sr:AddDeviceToCHFWhitelist>
                    <sr:JoinTimePeriod>{joinSeconds.ToString(CultureInfo.InvariantCulture)}</sr:JoinTimePeriod>
                    <sr:InstallCode>{Hex.Encode(installCode)}</sr:InstallCode>
                    <sr:ImportMPxN>{mpxn}</sr:ImportMPxN>
                  </sr:AddDeviceToCHFWhitelist>
                </sr:UpdateHANDeviceLog>
            """;
        return Signed(supplier, new RequestId(user, hub, counter), "8.11", "8.11", body);
    }

    /// <summary>A DUIS 5.4 request (CV 1) with <paramref name="body"/> inside sr:Body, signed (exc-c14n, ECDSA P-256).</summary>
    public static byte[] Signed(DuisSigner signer, RequestId id, string serviceReference, string srv, string body)
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>{id}</sr:RequestID>
                <sr:CommandVariant>1</sr:CommandVariant>
                <sr:ServiceReference>{serviceReference}</sr:ServiceReference>
                <sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body>
                {body}
              </sr:Body>
            </sr:Request>
            """;
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(xml);
        DuisSignature.Sign(doc, signer);
        return DuisResponseWriter.Serialize(doc);
    }
}
