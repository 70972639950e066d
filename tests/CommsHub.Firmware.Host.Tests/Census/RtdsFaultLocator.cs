using System.Formats.Asn1;
using CommsHub.Firmware.Host.Simulation.Credentials;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Tests.Census;

/// <summary>
/// Where an RTDS <c>_ERROR_</c> response shows its device's hardware fault: the first DLMS access answered
/// hardware-fault (1), or the first GBZ component whose Default Response, or one of whose attribute records, has
/// HARDWARE_FAILURE (0xC0), with that record's index. RTDS does not say why its device failed nor how it picked the
/// step, and its choices vary (second-to-last step mostly, but also the first, the last and steps in between), so the
/// census reads the position here and leaves everything else (the steps before, the failure, the abandoned steps, the
/// framing and the MAC) to the virtual device. ASN.1 use cases are one step, so they get the default fault, except CS02a/f,
/// whose steps are the roles asked for: the first role answered with a failure status.
/// </summary>
public static class RtdsFaultLocator
{
    /// <summary>
    /// The fault at the position <paramref name="response"/> shows, or null when a DLMS or GBZ response shows no
    /// hardware fault (it may be hidden in encrypted content). An ASN.1 use case is one step: the default fault, with
    /// nothing read from the response.
    /// </summary>
    public static CommandFault? Locate(GbcsMessage response)
    {
        byte[] b = response.Buffer;
        int start = response.ContentOffset, count = response.ContentLength;
        if (count == 0) return null;
        if (b[start] == DlmsApdu.AccessResponse)
        {
            var results = AccessResponse.Decode(b, start, count).Results;
            int at = Array.FindIndex(results, r => r.Result == FaultPlan.DlmsHardwareFault);
            return at < 0 ? null : new CommandFault { Step = at };
        }
        if (count >= 2 && BigEndian.ReadUInt16(b, start) == EncryptedContentLocator.GbzProfileId) return InGbz(b, start, count);
        return response.MessageCode is ProvideSecurityCredentialDetails.Cs02a or ProvideSecurityCredentialDetails.Cs02f
            ? NotFoundRole(b, start, count) : new CommandFault();
    }

    // CS02a/CS02f answer one Remote Party Details per role asked for, SEQUENCE { role, status ENUMERATED, ... }: the
    // step is the first role whose status is not success (RTDS picks the last as well as the second-to-last).
    private static CommandFault NotFoundRole(byte[] b, int start, int count)
    {
        try
        {
            var details = new AsnReader(b.AsMemory(start, count), AsnEncodingRules.DER).ReadSequence();
            for (int i = 0; details.HasData; i++)
            {
                var role = details.ReadSequence();
                role.ReadInteger();
                if (role.ReadEnumeratedBytes().Span is not [0]) return new CommandFault { Step = i };
            }
        }
        catch (AsnContentException)
        {
            // Not a list of details (a bare response code): one step.
        }
        return new CommandFault();
    }

    private static CommandFault? InGbz(byte[] b, int start, int count)
    {
        var r = new ByteReader(b, start, count);
        r.Skip(2, "profile");
        int components = r.ReadByte("count");
        // A step (command component) may be answered by several components (a calendar Get: one Publish per profile);
        // they follow each other with the command's cluster and ZCL sequence number.
        int i = -1, lastCluster = -1, lastSequence = -1;
        for (int k = 0; k < components && r.Remaining > 0; k++)
        {
            int control = r.ReadByte("control");
            int cluster = r.ReadUInt16("cluster");
            int length = r.ReadUInt16("length");
            int p = r.Position, end = p + length;
            r.Skip(length, "component");
            bool encrypted = (control & EncryptedContentLocator.GbzEncryptedFlag) != 0;
            if (!encrypted && (control & 0x10) != 0) p += 4; // from date-time
            int sequence = b[p + (encrypted ? 3 : 1)];
            if (cluster != lastCluster || sequence != lastSequence) i++;
            (lastCluster, lastSequence) = (cluster, sequence);
            if (encrypted) continue;
            int cmd = b[p + 2];
            p += 3;
            if (cmd == 0x0B && p + 1 < end && b[p + 1] == FaultPlan.ZclHardwareFailure) return new CommandFault { Step = i };
            if (cmd == 0x01 && FailedRecord(b, p, end) is { } record) return new CommandFault { Step = i, Attribute = record };
        }
        return null;
    }

    // Read Attributes Response records: id (2), status (1), then type and value when the status is SUCCESS.
    private static int? FailedRecord(byte[] b, int p, int end)
    {
        for (int k = 0; p + 2 < end; k++)
        {
            int status = b[p + 2];
            p += 3;
            if (status == FaultPlan.ZclHardwareFailure) return k;
            if (status != 0) continue;
            int size = Simulation.Zcl.ZclTypes.Size(b[p], b, p + 1, end);
            if (size < 0) return null;
            p += 1 + size;
        }
        return null;
    }
}
