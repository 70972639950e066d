using System.Text;
using System.Text.Json;
using CommsHub.Firmware.Core.Han.Ncp.Ash;

namespace CommsHub.Cli.Ncp;

/// <summary>
/// One JSON object per ASH frame: type, frame and ack numbers (null where the type has none), retransmit and
/// not-ready flags, the EZSP payload de-randomised (DATA) or the data field (RSTACK/ERROR), CRC result and problem.
/// </summary>
internal static class AshCaptureJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static string Serialize(AshFrame frame)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("type", TypeName(frame.Type));
            w.WriteString("control", frame.Control.ToString("X2"));
            bool data = frame.Type == AshFrameType.Data;
            bool acking = data || frame.Type == AshFrameType.Ack || frame.Type == AshFrameType.Nak;
            if (data) w.WriteNumber("frame", frame.FrameNumber); else w.WriteNull("frame");
            if (acking) w.WriteNumber("ack", frame.AckNumber); else w.WriteNull("ack");
            w.WriteBoolean("retransmit", frame.Retransmit);
            w.WriteBoolean("notReady", frame.NotReady);
            string? payload = frame.DataLength > 0 ? Convert.ToHexString(frame.Data, 0, frame.DataLength) : null;
            if (data) w.WriteString("ezsp", payload); else w.WriteNull("ezsp");
            if (!data && payload is not null) w.WriteString("data", payload); else w.WriteNull("data");
            w.WriteBoolean("crcOk", frame.CrcOk);
            if (frame.Problem is null) w.WriteNull("problem"); else w.WriteString("problem", frame.Problem);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string TypeName(AshFrameType type) => type switch
    {
        AshFrameType.Data => "DATA",
        AshFrameType.Ack => "ACK",
        AshFrameType.Nak => "NAK",
        AshFrameType.Rst => "RST",
        AshFrameType.RstAck => "RSTACK",
        AshFrameType.Error => "ERROR",
        _ => "INVALID",
    };
}
