using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// GCS59 GPF Device Log Restore (SRV 8.12.2), in ASN.1 DER as GBCS defines it: the command is
/// <c>SEQUENCE { SEQUENCE OF SEQUENCE { deviceId OCTET STRING (8), deviceType INTEGER } }</c>; the GPF replaces its
/// device log with those entries and answers <c>SEQUENCE { SEQUENCE OF SEQUENCE { entry, joinResponseCode INTEGER } }</c>,
/// one outcome per entry in command order (0 success). At most <see cref="MaxEntries"/> entries (the log's capacity).
/// </summary>
internal static class GpfDeviceLogRestore
{
    /// <summary>Message code of GCS59.</summary>
    public const int MessageCode = 0x008C;

    /// <summary>Entries a GPF device log holds.</summary>
    public const int MaxEntries = 16;

    /// <summary>Join response code: the entry was restored.</summary>
    public const int Success = 0;

    /// <summary>Restores <paramref name="log"/> from <paramref name="command"/> and returns the response payload.</summary>
    /// <exception cref="GbcsFormatException">the payload is not a GCS59 command or holds too many entries; the log is left as it was.</exception>
    public static byte[] Answer(GbcsMessage command, SortedDictionary<ulong, int> log)
    {
        var entries = new DerReader(command.Buffer, command.ContentOffset, command.ContentLength).ReadSequence("GCS59").ReadSequence("device log entries");
        var restored = new List<(ulong Eui, int Type)>();
        while (!entries.AtEnd)
        {
            if (restored.Count == MaxEntries) throw new GbcsFormatException(GbcsErrorCode.BadLength, 0, $"GCS59: more than {MaxEntries} device log entries");
            var e = entries.ReadSequence("device log entry");
            int at = e.ReadOctetString("device id", 8);
            restored.Add((BigEndian.ReadUInt64(e.Buffer, at), (int)e.ReadInteger("device type")));
            e.ExpectEnd("device log entry");
        }
        log.Clear();
        foreach (var (eui, type) in restored) log[eui] = type;
        var w = new DerWriter(new ByteWriter(16 + 20 * restored.Count));
        w.BeginSequence();
        w.BeginSequence();
        foreach (var (eui, type) in restored)
        {
            w.BeginSequence();
            w.BeginSequence();
            w.WriteEui64(eui);
            w.WriteInteger(type);
            w.EndSequence();
            w.WriteInteger(Success);
            w.EndSequence();
        }
        w.EndSequence();
        w.EndSequence();
        return w.Output.ToArray();
    }
}
