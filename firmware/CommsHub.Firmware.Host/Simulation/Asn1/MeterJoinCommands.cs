using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Host.Simulation.Asn1;

/// <summary>
/// The join use cases a smart meter executes itself (GBCS.md "Join/Unjoin", CS07): CS03A1/CS03B/CS03C join a HAN
/// partner into the meter's own device log, CS04AC/CS04B unjoin one, CS07 reads the log. Each is one step: under an
/// armed <see cref="CommandFault"/> the device answers the use case's own failure code (join Write Failure, unjoin
/// Other Failure, CS07 Read Failure without the list) and changes nothing.
/// </summary>
public sealed class MeterJoinCommands
{
    /// <summary>Message code of CS03A1 Method A Join (Meter).</summary>
    public const int Cs03A1 = 0x000D;

    /// <summary>Message code of CS03B Method B Join.</summary>
    public const int Cs03B = 0x000E;

    /// <summary>Message code of CS03C Method C Join (critical).</summary>
    public const int Cs03C = 0x00AF;

    /// <summary>Message code of CS04AC Method A or C Unjoin.</summary>
    public const int Cs04AC = 0x000F;

    /// <summary>Message code of CS04B Method B Unjoin.</summary>
    public const int Cs04B = 0x0010;

    // Join response codes (GBCS.md CS03x): 0 Success, 1 Invalid Message Code for Join Method and Role,
    // 3 Incompatible with Existing Entry, 5 Write Failure. Unjoin: 0 Success, 1 Not in Device Log, 2 Other Failure.
    private const int InvalidMessageCodeForJoinMethod = 1, IncompatibleWithExistingEntry = 3, WriteFailure = 5;
    private const int NotInDeviceLog = 1, OtherFailure = 2;
    private const int ReadFailure = 1;

    private readonly Dictionary<ulong, int> _partners = [];

    /// <summary>The device's HAN partners: EUI-64 to GBCS device type (0 GSME ... 5 PPMID, 6 Type 2).</summary>
    public IReadOnlyDictionary<ulong, int> Partners => _partners;

    /// <summary>The response payload, or null when <paramref name="command"/> is none of these use cases.</summary>
    /// <exception cref="GbcsFormatException">the payload does not decode for its use case.</exception>
    public byte[]? Answer(GbcsMessage command, CommandFault? fault)
    {
        byte[] b = command.Buffer;
        int o = command.ContentOffset, n = command.ContentLength;
        return command.MessageCode switch
        {
            Cs03A1 or Cs03B or Cs03C => ResponseCode(fault is null ? Join(command.MessageCode, b, o, n) : WriteFailure),
            Cs04AC or Cs04B => ResponseCode(fault is null ? Unjoin(b, o, n) : OtherFailure),
            MessageCodes.CS07 => ReadJoinDetails(b, o, n, fault),
            _ => null,
        };
    }

    // SEQUENCE { joinMethodAndRole INTEGER, entityId OCTET STRING(8), deviceType INTEGER, certificate OPTIONAL }.
    private int Join(int messageCode, byte[] b, int o, int n)
    {
        var outer = new DerReader(b, o, n);
        var s = outer.ReadSequence("join device command");
        int method = (int)s.ReadInteger("join method and role");
        ulong entity = BigEndian.ReadUInt64(b, s.ReadOctetString("entity id", Eui64.Length));
        int type = (int)s.ReadInteger("device type");
        // Method A (0 initiator, 1 responder) travels in CS03A1, B in CS03B, C in CS03C.
        int expected = messageCode switch { Cs03A1 => 0, Cs03B => 2, _ => 3 };
        if (method != expected && !(messageCode == Cs03A1 && method == 1)) return InvalidMessageCodeForJoinMethod;
        if (_partners.TryGetValue(entity, out int held) && held != type) return IncompatibleWithExistingEntry;
        _partners[entity] = type;
        return 0;
    }

    // entityId OCTET STRING(8).
    private int Unjoin(byte[] b, int o, int n)
    {
        var r = new DerReader(b, o, n);
        ulong entity = BigEndian.ReadUInt64(b, r.ReadOctetString("entity id", Eui64.Length));
        r.ExpectEnd("unjoin device command");
        return _partners.Remove(entity) ? 0 : NotInDeviceLog;
    }

    private byte[] ReadJoinDetails(byte[] b, int o, int n, CommandFault? fault)
    {
        Cs07ReadDeviceJoinDetails.DecodeRequest(b, o, n);
        if (fault is not null) return new Cs07ReadDeviceJoinDetails { ResponseCode = ReadFailure }.Encode();
        return new Cs07ReadDeviceJoinDetails
        {
            HasEntries = true,
            Entries = [.. _partners.Select(p => new Cs07JoinDetail { DeviceId = p.Key, DeviceType = p.Value })],
        }.Encode();
    }

    private static byte[] ResponseCode(int code)
    {
        var w = new ByteWriter(3);
        new DerWriter(w).WriteInteger(code);
        return w.ToArray();
    }
}
