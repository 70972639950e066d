using CommsHub.Protocol.Framing;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Reads the 16-bit GBCS alert code (e.g. 0x8F12) from an alert's payload, whichever encoding it uses (GBCS.md §1.4):
/// DLMS DATA-NOTIFICATION <c>0F invoke(4) dt-len(0) 02 nn 12 CODE(2) ...</c>; ZigBee GBZ <c>01 09 ctl CODE(2) ...</c>;
/// ASN.1 <c>30 len 02 len CODE ...</c> (CCS08, CS06 activation alerts).
/// </summary>
public static class AlertCodes
{
    /// <summary>The alert code, or null when the payload has none of the three shapes.</summary>
    public static int? Read(GbcsMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var b = m.Buffer.AsSpan(m.ContentOffset, m.ContentLength);
        if (b.Length >= 11 && b[0] == 0x0F)
        {
            // 0F | invoke id (4) | date-time: 00 (absent) or 0C + 12 bytes | structure 02 nn | long-unsigned 12 hi lo
            var i = 5;
            i += b[i] == 0x0C ? 13 : 1;
            if (i + 5 <= b.Length && b[i] == 0x02 && b[i + 2] == 0x12) return (b[i + 3] << 8) | b[i + 4];
            return null;
        }
        if (b.Length >= 5 && b[0] == 0x01 && b[1] == 0x09) return (b[3] << 8) | b[4];
        if (b.Length >= 7 && b[0] == 0x30 && b[2] == 0x02 && b[3] is 2 or 3)
        {
            // INTEGER of 2 or 3 bytes (a leading 00 keeps 0x8Fxx positive).
            return b[3] == 2 ? (b[4] << 8) | b[5] : (b[5] << 8) | b[6];
        }
        return null;
    }
}
