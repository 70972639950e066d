using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>DBCH01-05: the CHF keeps the Sub GHz configuration DBCH04 sets and DBCH03 reads it back; channel, log and scan answer in their types.</summary>
public sealed class DbchSubGhzTests
{
    private const ulong Configuration = 0x00005E2C0A00UL, Scan = 0x00005E2C0A01UL, Channel = 0x00005E2C0A02UL;

    [SharedDataFact]
    public void A_configuration_set_is_read_back_and_a_badly_typed_one_is_refused()
    {
        using var rig = new HubRig();
        var config = Config(DlmsData.LongUnsigned(130));

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.DBCH04, Set(Configuration, config, 1), 1)));
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.DBCH03, Get(Configuration, 2), 2)));

        Assert.Equal(0, Response(rig.Uplink.Frames[0]).Results[0].Result);
        var read = Response(rig.Uplink.Frames[1]);
        Assert.Equal(Encoded(config), Encoded(read.Data[0]));

        var wrong = Config(DlmsData.OctetString(new byte[2]));
        Assert.Equal(WanMessageOutcome.Rejected, rig.Send(rig.Command(MessageCodes.DBCH04, Set(Configuration, wrong, 3), 3)));
    }

    [SharedDataFact]
    public void Channel_is_a_32_bit_string_and_a_scan_request_succeeds()
    {
        using var rig = new HubRig();
        rig.Send(rig.Command(MessageCodes.DBCH01, Get(Channel, 1), 1));
        rig.Send(rig.Command(MessageCodes.DBCH05, Set(Scan, DlmsData.Unsigned(0), 2), 2));

        var channel = Response(rig.Uplink.Frames[0]).Data[0];
        Assert.Equal((DlmsType.BitString, 32), (channel.Type, channel.Count));
        Assert.Equal(0, Response(rig.Uplink.Frames[1]).Results[0].Result);
    }

    private static string Encoded(DlmsData d)
    {
        var w = new CommsHub.Protocol.Encoding.ByteWriter(64);
        DlmsDataWriter.Write(w, d);
        return Convert.ToHexString(w.ToArray());
    }

    private static DlmsData Config(DlmsData fifth)
    {
        var f = new DlmsData[15];
        for (int i = 0; i < 15; i++) f[i] = i < 4 ? DlmsData.BitString([0xE0, 0, 0, (byte)i], 32) : DlmsData.Unsigned(i);
        f[4] = fifth;
        return DlmsData.Structure(f);
    }

    private static byte[] Get(ulong obis, ulong counter) =>
        new AccessRequest(AccessRequest.InvokeIdFor(counter), [new AccessRequestSpec(AccessKind.Get, 1, obis, 2)], [DlmsData.Null()]).Encode();

    private static byte[] Set(ulong obis, DlmsData value, ulong counter) =>
        new AccessRequest(AccessRequest.InvokeIdFor(counter), [new AccessRequestSpec(AccessKind.Set, 1, obis, 2)], [value]).Encode();

    private static AccessResponse Response(byte[] frame)
    {
        var m = GbcsFrameParser.Parse(frame);
        Assert.Equal(CraFlag.Response, m.Cra);
        return AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
    }
}
