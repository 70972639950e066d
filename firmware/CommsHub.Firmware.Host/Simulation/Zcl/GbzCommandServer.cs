using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// Answers a plain GBZ command (one or more ZCL components) against a <see cref="ZclAttributeStore"/>, one response
/// component per command component as RTDS shows them: Read Attributes gets a Read Attributes Response, Write
/// Attributes a Write Attributes Response, some SE commands their cluster-specific response
/// (<see cref="ZclCommandResponses"/>), a log retrieval on a history-less device NOT_FOUND (<see cref="ZclLogRetrieval"/>), any
/// other command a Default Response with SUCCESS. Sensitive answers travel encrypted where the use case encrypts,
/// each encrypted component numbered by the additional header frame counter (0, 1, ... as RTDS numbers them) and
/// encrypted with that number as its invocation counter, so the components of one response never share an IV.
/// Encrypted command components are not handled (null). Under an armed <see cref="CommandFault"/> the failing component fails (one
/// attribute record of a read or write with HARDWARE_FAILURE, any other command a Default Response with it) and the
/// ones after it are abandoned (<see cref="ZclFaultResponses"/>).
/// </summary>
public static class GbzCommandServer
{
    private const int ProfileId = 0x0109;
    private const int LastComponentFlag = 0x01;
    private const int EncryptedFlag = 0x02;
    private const int FromDateTimeFlag = 0x10;
    private const int ReadAttributes = 0x00;
    private const int ReadAttributesResponse = 0x01;
    private const int WriteAttributes = 0x02;
    private const int WriteAttributesResponse = 0x04;
    private const int DefaultResponse = 0x0B;
    // ZCL direction bit: a response travels the other way from its command (RTDS: fc 09 commands get fc 00 default
    // responses, fc 01 commands fc 08), and reads always come from the client side.
    private const int DirectionBit = 0x08;
    private const int ServerToClient = 0x08;

    /// <summary>
    /// The GBZ response payload, or null when the command is not a plain GBZ command this server answers.
    /// <paramref name="encrypt"/> protects the ZCL payload of a response component that carries sensitive data
    /// (<see cref="ZclSensitiveAttributes"/>) for the response's reader, given the plaintext and the component's frame
    /// counter, which it must use as the invocation counter (returns null: the answer is null); when
    /// <paramref name="encrypt"/> is null the use case reads in clear.
    /// </summary>
    /// <exception cref="GbcsFormatException">a component runs past the payload.</exception>
    public static byte[]? Answer(ZclAttributeStore store, GbcsMessage command, Func<byte[], int, byte[]?>? encrypt = null) =>
        Answer(store, command, encrypt, null);

    /// <summary>As <see cref="Answer(ZclAttributeStore, GbcsMessage, Func{byte[], int, byte[]}?)"/>, with <paramref name="fault"/> armed
    /// (Break On Error: the failing component answers a hardware failure, later ones are abandoned).</summary>
    /// <exception cref="GbcsFormatException">a component runs past the payload.</exception>
    public static byte[]? Answer(ZclAttributeStore store, GbcsMessage command, CommandFault fault, Func<byte[], int, byte[]?>? encrypt = null) =>
        Answer(store, command, encrypt, fault);

    private static byte[]? Answer(ZclAttributeStore store, GbcsMessage command, Func<byte[], int, byte[]?>? encrypt, CommandFault? fault)
    {
        var r = new ByteReader(command.Buffer, command.ContentOffset, command.ContentLength);
        if (command.ContentLength < 3 || r.ReadUInt16("GBZ profile id") != ProfileId) return null;
        int count = r.ReadByte("GBZ component count");
        // One step may be answered by several components (a calendar Get: one Publish per profile held), so the
        // response's component count is known at the end.
        var w = new ByteWriter(64);
        int answered = 0;
        // GBCS.md 1.4: the additional header frame counter numbers a response's encrypted components from 0.
        int frameCounter = 0;
        var plan = fault?.Plan(count);
        for (int i = 0; i < count; i++)
        {
            int control = r.ReadByte("GBZ control field");
            int cluster = r.ReadUInt16("GBZ cluster id");
            int length = r.ReadUInt16("GBZ component length");
            int start = r.Position;
            r.Skip(length, "GBZ component");
            if ((control & EncryptedFlag) != 0) return null;
            int p = start + ((control & FromDateTimeFlag) != 0 ? 4 : 0);
            int end = start + length;
            if (end - p < 3) throw new GbcsFormatException(GbcsErrorCode.BadLength, p - command.ContentOffset, "GBZ component without a ZCL header");
            byte[] b = command.Buffer;
            int sequence = b[p + 1], commandId = b[p + 2];
            bool general = (b[p] & 0x03) == 0;
            var body = new ByteWriter(16);
            bool toServer = (b[p] & DirectionBit) == 0;
            int responseControl = control & LastComponentFlag;
            var outcome = plan?.Outcome(i) ?? StepOutcome.Execute;
            var failing = outcome == StepOutcome.Fail ? plan : null;
            if (outcome == StepOutcome.Abandon) ZclFaultResponses.Abandoned(b[p], sequence, body);
            else if (general && commandId == ReadAttributes)
            {
                var records = ReadRecords(store, cluster, b, p + 3, end, failing, out bool sensitive);
                if (!WriteComponentBody(body, ZclReadResponseControl.For(command.MessageCode), sequence, ReadAttributesResponse, records, sensitive ? encrypt : null, ref frameCounter))
                    return null;
                if (sensitive && encrypt is not null) responseControl |= EncryptedFlag;
            }
            else if (general && commandId == WriteAttributes) WriteResponse(store, cluster, b, p + 3, end, sequence, body, failing);
            else if (failing is not null) ZclFaultResponses.Failed(cluster, b[p], sequence, commandId, body);
            else if (!general && toServer && ZclTariffCommands.Answer(store, cluster, commandId, b, p + 3, end) is { } publishes)
            {
                for (int k = 0; k < publishes.Count; k++)
                {
                    var publish = new ByteWriter(3 + publishes[k].Payload.Length);
                    publish.WriteByte(ZclTariffCommands.PublishFrameControl);
                    publish.WriteByte(sequence);
                    publish.WriteByte(publishes[k].CommandId);
                    publish.WriteBytes(publishes[k].Payload);
                    // Only the response's last component carries the last-component flag.
                    WriteComponent(w, k == publishes.Count - 1 ? responseControl : responseControl & ~LastComponentFlag, cluster, publish.ToArray());
                    answered++;
                }
                continue;
            }
            else if (!general && ZclCommandResponses.For(store, cluster, commandId, toServer, b, p + 3, end) is { } response)
            {
                bool sensitive = ZclSensitiveAttributes.IsSensitiveResponse(cluster, response.CommandId);
                if (!WriteComponentBody(body, response.FrameControl, sequence, response.CommandId, response.Payload, sensitive ? encrypt : null, ref frameCounter))
                    return null;
                if (sensitive && encrypt is not null) responseControl |= EncryptedFlag;
            }
            else
            {
                body.WriteByte((b[p] & DirectionBit) ^ DirectionBit);
                body.WriteByte(sequence);
                body.WriteByte(DefaultResponse);
                body.WriteByte(commandId);
                bool readsLog = !general && toServer && ZclLogRetrieval.Reads(cluster, commandId);
                // A tariff or calendar Publish the meter receives is kept (GCS01a/b, GCS05).
                if (!general && !toServer) ZclTariffCommands.Keep(store, cluster, commandId, b, p + 3, end);
                body.WriteByte(readsLog ? ZclLogRetrieval.NotFound : ZclAttributeStore.Success);
            }
            WriteComponent(w, responseControl, cluster, body.ToArray());
            answered++;
        }
        var gbz = new ByteWriter(3 + w.Length);
        gbz.WriteUInt16(ProfileId);
        gbz.WriteByte(answered);
        gbz.WriteBytes(w.ToArray());
        return gbz.ToArray();
    }

    private static void WriteComponent(ByteWriter w, int control, int cluster, byte[] component)
    {
        w.WriteByte(control);
        w.WriteUInt16(cluster);
        w.WriteUInt16(component.Length);
        w.WriteBytes(component);
    }

    // A response component's body: the ZCL header and payload in clear, or, when encrypt is given, the additional header
    // (control 0, frame counter), the ZCL header in clear, the ciphered length and the payload protected under the
    // frame counter as invocation counter (GBCS.md 1.4). False when the reader cannot be encrypted for.
    private static bool WriteComponentBody(ByteWriter body, int frameControl, int sequence, int commandId, byte[] payload,
        Func<byte[], int, byte[]?>? encrypt, ref int frameCounter)
    {
        if (encrypt is not null)
        {
            if (encrypt(payload, frameCounter) is not { } protectedPayload) return false;
            body.WriteByte(0);
            body.WriteByte(frameCounter++);
            payload = protectedPayload;
        }
        body.WriteByte(frameControl);
        body.WriteByte(sequence);
        body.WriteByte(commandId);
        if (encrypt is not null) body.WriteUInt16(payload.Length);
        body.WriteBytes(payload);
        return true;
    }

    /// <summary>True when <paramref name="command"/>'s payload is GBZ (it starts with the ZigBee SE profile id).</summary>
    public static bool IsGbz(GbcsMessage command) =>
        command.ContentLength >= 3 && (command.Buffer[command.ContentOffset] << 8 | command.Buffer[command.ContentOffset + 1]) == ProfileId;

    // Read Attributes Response records (id, status, [type, value]); sensitive: one of them is sensitive data. A failing
    // step answers one record with a hardware failure; the read's other attributes are still read.
    private static byte[] ReadRecords(ZclAttributeStore store, int cluster, byte[] b, int p, int end, FaultPlan? failing, out bool sensitive)
    {
        var w = new ByteWriter(32);
        sensitive = false;
        int failAt = failing?.FailingAttribute((end - p) / 2) ?? -1;
        for (int k = 0; p + 1 < end; p += 2, k++)
        {
            int id = b[p] | b[p + 1] << 8;
            w.WriteByte(id & 0xFF);
            w.WriteByte(id >> 8);
            if (k == failAt) w.WriteByte(FaultPlan.ZclHardwareFailure);
            else if (store.Read(cluster, id) is { } v)
            {
                w.WriteByte(ZclAttributeStore.Success);
                w.WriteByte(v.DataType);
                w.WriteBytes(v.Value);
                sensitive |= ZclSensitiveAttributes.Contains(cluster, id);
            }
            else w.WriteByte(ZclAttributeStore.UnsupportedAttribute);
        }
        return w.ToArray();
    }

    // Write Attributes records: id (2), type (1), value (size from the type). All written: one SUCCESS status byte.
    private static void WriteResponse(ZclAttributeStore store, int cluster, byte[] b, int p, int end, int sequence, ByteWriter w, FaultPlan? failing)
    {
        w.WriteByte(ServerToClient);
        w.WriteByte(sequence);
        w.WriteByte(WriteAttributesResponse);
        var failed = new ByteWriter(8);
        int failAt = failing?.FailingAttribute(ZclFaultResponses.WriteRecordCount(b, p, end)) ?? -1;
        for (int k = 0; p + 3 <= end; k++)
        {
            int id = b[p] | b[p + 1] << 8;
            int type = b[p + 2];
            int size = ZclTypes.Size(type, b, p + 3, end);
            if (size < 0 || p + 3 + size > end) break;
            int status = k == failAt ? FaultPlan.ZclHardwareFailure : store.Write(cluster, id, new ZclValue(type, b.AsSpan(p + 3, size).ToArray()));
            if (status != ZclAttributeStore.Success)
            {
                failed.WriteByte(status);
                failed.WriteByte(id & 0xFF);
                failed.WriteByte(id >> 8);
            }
            p += 3 + size;
        }
        var f = failed.ToArray();
        if (f.Length == 0) w.WriteByte(ZclAttributeStore.Success);
        else w.WriteBytes(f);
    }
}
