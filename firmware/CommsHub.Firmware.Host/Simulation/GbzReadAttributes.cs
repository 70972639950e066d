using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A GBZ command holding one ZCL Read Attributes component (GCS13a, GCS38: GBCS.md §1.4), and the single-component
/// Read Attributes Response a GSME answers it with, in the plain or the encrypted form RTDS shows. Attribute ids and
/// values are little-endian, as ZCL puts them on the air; the GBZ framing around them is big-endian.
/// </summary>
internal sealed class GbzReadAttributes
{
    /// <summary>ZCL Read Attributes Response record status: the attribute is not supported.</summary>
    public const int UnsupportedAttribute = 0x86;

    private const int LastComponent = 0x01;
    private const int ZclReadAttributes = 0x00;
    private const int ZclReadAttributesResponse = 0x01;
    private const int ZclOctetString = 0x41;
    // ZCL frame control of a response: server to client (0x08); RTDS adds "disable default response" (0x10) on the
    // encrypted GCS13a answer but not on the plain GCS38 one.
    private const int ServerToClient = 0x08;
    private const int DisableDefaultResponse = 0x10;

    private GbzReadAttributes(int control, int clusterId, int sequenceNumber, int[] attributeIds)
    {
        Control = control;
        ClusterId = clusterId;
        SequenceNumber = sequenceNumber;
        AttributeIds = attributeIds;
    }

    /// <summary>The component's control field as the command sent it.</summary>
    public int Control { get; }

    /// <summary>ZigBee cluster the attributes belong to.</summary>
    public int ClusterId { get; }

    /// <summary>ZCL sequence number (the response repeats it).</summary>
    public int SequenceNumber { get; }

    /// <summary>The attribute ids asked for, in command order (the response answers them in the same order).</summary>
    public int[] AttributeIds { get; }

    /// <summary>
    /// Reads the payload of <paramref name="command"/>: the SE profile, one plain component of
    /// <paramref name="clusterId"/> holding a ZCL Read Attributes of at least one attribute, nothing after it.
    /// </summary>
    /// <exception cref="GbcsFormatException">the payload has another shape (named after <paramref name="useCase"/>).</exception>
    public static GbzReadAttributes Parse(GbcsMessage command, int clusterId, string useCase)
    {
        var r = new ByteReader(command.Buffer, command.ContentOffset, command.ContentLength);
        if (r.ReadUInt16("GBZ profile id") != EncryptedContentLocator.GbzProfileId || r.ReadByte("GBZ component count") != 1)
            throw Bad(r, useCase, "one GBZ component expected");
        int control = r.ReadByte("GBZ control field");
        if ((control & EncryptedContentLocator.GbzEncryptedFlag) != 0 || r.ReadUInt16("GBZ cluster id") != clusterId)
            throw Bad(r, useCase, "a plain component of cluster 0x" + clusterId.ToString("X4") + " expected");
        int length = r.ReadUInt16("GBZ component length");
        if (length < 5 || (length - 3) % 2 != 0 || length != r.Remaining)
            throw Bad(r, useCase, "a ZCL Read Attributes filling the payload expected");
        r.Skip(1, "ZCL frame control");
        int sequence = r.ReadByte("ZCL sequence number");
        if (r.ReadByte("ZCL command id") != ZclReadAttributes) throw Bad(r, useCase, "ZCL Read Attributes expected");
        var ids = new int[(length - 3) / 2];
        for (int i = 0; i < ids.Length; i++) ids[i] = r.ReadByte("attribute id") | r.ReadByte("attribute id") << 8;
        return new GbzReadAttributes(control, clusterId, sequence, ids);
    }

    /// <summary>The plain response carrying <paramref name="records"/> (GCS38): control as the command's, no extra header.</summary>
    public byte[] PlainResponse(byte[] records)
    {
        var w = Header(Control, 3 + records.Length);
        WriteZclHeader(w, ServerToClient);
        w.WriteBytes(records);
        return w.ToArray();
    }

    /// <summary>
    /// The encrypted response (GCS13a): control last + encrypted, additional header control and frame counter 0, the
    /// ZCL header in clear, then the ciphered length and <paramref name="protectedRecords"/>
    /// (<c>31 | IC | ciphertext | tag</c>, see <see cref="GbcsPayloadCipher"/>).
    /// </summary>
    public byte[] EncryptedResponse(byte[] protectedRecords)
    {
        var w = Header(LastComponent | EncryptedContentLocator.GbzEncryptedFlag, 2 + 3 + 2 + protectedRecords.Length);
        w.WriteByte(0); // additional header control
        w.WriteByte(0); // additional header frame counter
        WriteZclHeader(w, ServerToClient | DisableDefaultResponse);
        w.WriteUInt16(protectedRecords.Length);
        w.WriteBytes(protectedRecords);
        return w.ToArray();
    }

    /// <summary>Appends a successful record: attribute id, status 0, ZCL data type, value (<paramref name="size"/> bytes, little-endian).</summary>
    public static void WriteRecord(ByteWriter w, int attributeId, int dataType, ulong value, int size)
    {
        WriteId(w, attributeId);
        w.WriteByte(0);
        w.WriteByte(dataType);
        for (int i = 0; i < size; i++) w.WriteByte((int)(value >> (8 * i)) & 0xFF);
    }

    /// <summary>Appends a successful octet-string record (ZCL type 0x41: length byte, then the bytes).</summary>
    public static void WriteOctetString(ByteWriter w, int attributeId, byte[] value)
    {
        WriteId(w, attributeId);
        w.WriteByte(0);
        w.WriteByte(ZclOctetString);
        w.WriteByte(value.Length);
        w.WriteBytes(value);
    }

    /// <summary>Appends a record for an attribute the device does not have: id and <see cref="UnsupportedAttribute"/>.</summary>
    public static void WriteUnsupported(ByteWriter w, int attributeId)
    {
        WriteId(w, attributeId);
        w.WriteByte(UnsupportedAttribute);
    }

    private ByteWriter Header(int control, int componentLength)
    {
        var w = new ByteWriter(8 + componentLength);
        w.WriteUInt16(EncryptedContentLocator.GbzProfileId);
        w.WriteByte(1);
        w.WriteByte(control);
        w.WriteUInt16(ClusterId);
        w.WriteUInt16(componentLength);
        return w;
    }

    private void WriteZclHeader(ByteWriter w, int frameControl)
    {
        w.WriteByte(frameControl);
        w.WriteByte(SequenceNumber);
        w.WriteByte(ZclReadAttributesResponse);
    }

    private static void WriteId(ByteWriter w, int attributeId)
    {
        w.WriteByte(attributeId & 0xFF);
        w.WriteByte(attributeId >> 8);
    }

    private static GbcsFormatException Bad(ByteReader r, string useCase, string what) =>
        new(GbcsErrorCode.BadField, r.RelativePosition, useCase + ": " + what);
}
