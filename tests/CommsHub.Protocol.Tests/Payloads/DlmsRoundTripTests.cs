using Xunit;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;

namespace CommsHub.Protocol.Tests.Payloads;

public class DlmsRoundTripTests
{
    // Counted on RTDS 4.5.0 (GBCS.md §1.4): 389 ACCESS.request, 292 ACCESS.response, 62 DATA-NOTIFICATION.
    // The other 532 payloads are GBZ (ZigBee, first byte 01/02), ASN.1 DER (30, 04, 05): not DLMS, so not counted.
    private const int ExpectedAccessRequests = 389;
    private const int ExpectedAccessResponses = 292;
    private const int ExpectedDataNotifications = 62;
    // Of those, the ones whose RTDS file name carries the alert code (e.g. CS14_NA_8F12_ALERT_GBCS.HEX).
    private const int ExpectedNamedAlertCodes = 61;

    [SharedDataFact]
    public void Every_rtds_dlms_payload_reencodes_byte_exact()
    {
        int requests = 0, responses = 0, notifications = 0;
        var failures = new List<string>();
        foreach (var m in Rtds.All())
        {
            byte[] reencoded;
            try
            {
                switch (m.FirstContentByte)
                {
                    case DlmsApdu.AccessRequest:
                        reencoded = AccessRequest.Decode(m.Buffer, m.ContentOffset, m.ContentLength).Encode();
                        requests++;
                        break;
                    case DlmsApdu.AccessResponse:
                        reencoded = AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength).Encode();
                        responses++;
                        break;
                    case DlmsApdu.DataNotification:
                        reencoded = DataNotification.Decode(m.Buffer, m.ContentOffset, m.ContentLength).Encode();
                        notifications++;
                        break;
                    default:
                        continue;
                }
            }
            catch (GbcsFormatException e)
            {
                failures.Add(m.Name + ": " + e.Message);
                continue;
            }
            if (!reencoded.AsSpan().SequenceEqual(m.Content))
                failures.Add(m.Name + ": re-encoding differs\n  want " + Hex.Encode(m.Content) + "\n  got  " + Hex.Encode(reencoded));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ExpectedAccessRequests, requests);
        Assert.Equal(ExpectedAccessResponses, responses);
        Assert.Equal(ExpectedDataNotifications, notifications);
    }

    [SharedDataFact]
    public void Every_rtds_data_notification_has_the_gbcs_alert_shape()
    {
        int notifications = 0, named = 0;
        foreach (var m in Rtds.All().Where(m => m.FirstContentByte == DlmsApdu.DataNotification))
        {
            var n = DataNotification.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            Assert.True(n.IsGbcsAlert, m.Name);
            notifications++;
            // RTDS alert files carry the alert code in their name when they have one, e.g. CS14_NA_8F12_ALERT_GBCS.HEX.
            var parts = m.FileName.Split('_');
            var code = parts.FirstOrDefault(p => p.Length == 4 && p.StartsWith("8") && Hex.IsHex(p));
            if (code == null) continue;
            Assert.Equal(Convert.ToInt32(code, 16), n.AlertCode);
            named++;
        }
        // The filter and the name check must have something to check: every DATA-NOTIFICATION (counted above), and
        // the alert code of every one whose file name carries it.
        Assert.Equal(ExpectedDataNotifications, notifications);
        Assert.Equal(ExpectedNamedAlertCodes, named);
    }
}
