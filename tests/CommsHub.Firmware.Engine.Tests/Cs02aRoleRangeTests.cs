using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// CS02a asks for credentials by remote party role, an INTEGER of up to 8 bytes. A role outside every cell is
/// answered as not found under the role asked for, never narrowed onto another role's cell.
/// </summary>
public sealed class Cs02aRoleRangeTests
{
    [SharedDataFact]
    public void A_role_beyond_32_bits_is_not_found_and_echoed_as_asked()
    {
        using var rig = new HubRig();
        long role = (1L << 32) + (int)RemotePartyRole.Supplier;
        // SEQUENCE { SEQUENCE {} authorising TA cell, SEQUENCE { INTEGER role } }
        var payload = new byte[] { 0x30, 0x0B, 0x30, 0x00, 0x30, 0x07, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x02 };

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(0x0008, payload, 0x20)));

        var m = GbcsFrameParser.Parse(rig.Uplink.Frames[^1]);
        var answers = new DerReader(m.Buffer, m.ContentOffset, m.ContentLength).ReadSequence("answer");
        var first = answers.ReadSequence("role answer");
        Assert.Equal(role, first.ReadInteger("role"));
        Assert.Equal(25L, first.ReadEnumerated("status")); // trust anchor not found
        first.ExpectEnd("role answer");
        Assert.True(answers.AtEnd);
    }
}
