using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>The ASN.1 DER payloads the hub handles (CCS08, CS07, CS06) against RTDS and gbcs-parser's decodings.</summary>
public class Asn1UseCaseTests
{
    private static void AssertContent(Rtds.Message m, byte[] encoded) =>
        Assert.True(encoded.AsSpan().SequenceEqual(m.Content), m.Name + " re-encodes differently: " + Hex.Encode(encoded));

    /// <summary>Value bytes of a DER TLV node with a one-byte length ("04 08 ..." -> the 8 bytes).</summary>
    private static byte[] Der(System.Text.Json.JsonElement node) => Json.Bytes(node)[2..];

    private static long DerInt(System.Text.Json.JsonElement node)
    {
        long v = 0;
        foreach (var b in Der(node)) v = (v << 8) | b;
        return v;
    }

    private static string DerText(System.Text.Json.JsonElement node) => System.Text.Encoding.ASCII.GetString(Der(node));

    [SharedDataFact]
    public void Ccs08_firmware_transfer_alert()
    {
        var all = Rtds.Folder("NA_CCS08");
        Assert.NotEmpty(all);
        foreach (var m in all)
        {
            var p = Json.At(Rtds.DecodedPayload("NA_CCS08", m.FileName), "Firmware Transfer Alert");
            var a = Ccs08FirmwareTransferAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            Assert.Equal(DerInt(Json.At(p, "Alert Code")), a.AlertCode);
            Assert.Equal(Ccs08FirmwareTransferAlert.AlertSuccess, a.AlertCode);
            Assert.Equal(DerText(Json.At(p, "Execution Date Time")), a.ExecutionDateTime);
            Assert.Equal(new DateTime(2015, 1, 1), GeneralizedTime.Parse(a.ExecutionDateTime));
            Assert.Equal(BigEndian.ReadUInt64(Der(Json.At(p, "Entity Id")), 0), a.EntityId);
            Assert.Equal(Der(Json.At(p, "Firmware Version")), a.FirmwareVersion);
            Assert.Equal(DerInt(Json.At(p, "Response Code")), a.ResponseCode);
            AssertContent(m, a.Encode());
        }
    }

    [SharedDataFact]
    public void Cs07_read_device_join_details()
    {
        int commands = 0, successes = 0, errors = 0;
        foreach (var m in Rtds.Folder("8.9_CS07"))
        {
            var p = Rtds.DecodedPayload("8.9_CS07", m.FileName);
            if (m.FileName.Contains("_COMMAND_"))
            {
                Cs07ReadDeviceJoinDetails.DecodeRequest(m.Buffer, m.ContentOffset, m.ContentLength);
                AssertContent(m, Cs07ReadDeviceJoinDetails.EncodeRequest());
                commands++;
                continue;
            }
            var node = Json.At(p, "Read Device Join Details Response");
            var r = Cs07ReadDeviceJoinDetails.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            Assert.Equal(DerInt(Json.At(node, "Response Code")), r.ResponseCode);
            if (m.FileName.Contains("SUCCESS"))
            {
                var entries = Rtds.Children(Json.At(node, "Device Log Entries"));
                Assert.Equal(entries.Count, r.Entries.Length);
                for (int i = 0; i < entries.Count; i++)
                {
                    Assert.Equal(BigEndian.ReadUInt64(Der(Json.At(entries[i], "Device Id")), 0), r.Entries[i].DeviceId);
                    Assert.Equal(DerInt(Json.At(entries[i], "Device Type")), r.Entries[i].DeviceType);
                }
                Assert.Equal((int)DeviceType.Ppmid, r.Entries[2].DeviceType);
                successes++;
            }
            else
            {
                Assert.False(r.HasEntries);
                errors++;
            }
            AssertContent(m, r.Encode());
        }
        // 8.9_CS07: a SUCCESS and an ERROR pair, each a command and its response.
        Assert.Equal(2, commands);
        Assert.Equal(1, successes);
        Assert.Equal(1, errors);
    }

    [SharedDataFact]
    public void Cs06_activate_firmware()
    {
        int commands = 0, outcomes = 0, accepted = 0, alerts = 0;
        foreach (var m in Rtds.Folder("11.3_CS06"))
        {
            var p = Rtds.DecodedPayload("11.3_CS06", m.FileName);
            if (m.FileName.Contains("COMMAND"))
            {
                var node = Json.At(p, "Activate Firmware Command");
                var c = Cs06ActivateFirmwareCommand.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
                Assert.Equal(Der(Json.At(node, "Manufacturer Image Hash")), c.ManufacturerImageHash);
                Assert.Equal(DerInt(Json.At(node, "Originator Counter")), c.OriginatorCounter);
                if (m.FileName.Contains("IMMEDIATE")) Assert.Null(c.ExecutionDateTime);
                else Assert.Equal(DerText(Json.At(node, "Execution Date Time")), c.ExecutionDateTime);
                AssertContent(m, c.Encode());
                commands++;
            }
            else if (m.FileName.Contains("ALERT"))
            {
                var node = Json.At(p, "Activate Firmware Alert");
                var a = Cs06FirmwareActivationAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
                Assert.Equal(DerInt(Json.At(node, "Alert Code")), a.AlertCode);
                Assert.Equal(DerText(Json.At(node, "Execution Date Time")), a.ExecutionDateTime);
                Assert.Equal(DerInt(Json.At(node, "Originator Counter")), a.OriginatorCounter);
                Assert.Equal(DerInt(Json.At(node, "Execution Outcome", "Response Code")), a.Outcome.ResponseCode);
                Assert.Equal(Der(Json.At(node, "Execution Outcome", "Firmware Version")), a.Outcome.FirmwareVersion);
                AssertContent(m, a.Encode());
                alerts++;
            }
            else if (Cs06ExecutionOutcome.IsCommandAccepted(m.Buffer, m.ContentOffset, m.ContentLength))
            {
                Assert.True(p.TryGetProperty("Command Accepted", out _));
                AssertContent(m, Cs06ExecutionOutcome.EncodeCommandAccepted());
                accepted++;
            }
            else
            {
                var node = Json.At(p, "Execution Outcome");
                var o = Cs06ExecutionOutcome.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
                Assert.Equal(DerInt(Json.At(node, "Response Code")), o.ResponseCode);
                Assert.Equal(Der(Json.At(node, "Firmware Version")), o.FirmwareVersion);
                AssertContent(m, o.Encode());
                outcomes++;
            }
        }
        // 11.3_CS06: 5 commands + 5 pre-commands, 2 immediate outcomes, 3 "command accepted", 2 future-dated alerts.
        Assert.Equal(10, commands);
        Assert.Equal(2, outcomes);
        Assert.Equal(3, accepted);
        Assert.Equal(2, alerts);
    }

    [Fact]
    public void Der_integers_are_minimal_twos_complement()
    {
        foreach (var (value, hex) in new (long, string)[]
                 { (0, "020100"), (127, "02017F"), (128, "02020080"), (0x8F8A, "0203008F8A"), (-1, "0201FF"), (-129, "0202FF7F"), (1001, "020203E9") })
        {
            var w = new ByteWriter();
            new DerWriter(w).WriteInteger(value);
            Assert.Equal(hex, Hex.Encode(w.ToArray()));
            var r = new DerReader(w.ToArray(), 0, w.Length);
            Assert.Equal(value, r.ReadInteger("x"));
        }
    }

    [Fact]
    public void Der_long_sequence_gets_a_two_byte_length()
    {
        var w = new ByteWriter();
        var d = new DerWriter(w);
        d.BeginSequence();
        d.WriteOctetString(new byte[200]);
        d.EndSequence();
        var b = w.ToArray();
        Assert.Equal("3081CB0481C8", Hex.Encode(b, 0, 6));
        var s = new DerReader(b, 0, b.Length).ReadSequence("s");
        Assert.Equal(6, s.ReadOctetString("o", 200));
        Assert.True(s.AtEnd);
    }
}
