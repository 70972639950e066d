using CommsHub.Firmware.Host.Simulation.Asn1;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>A meter's own join use cases (join, unjoin, CS07) and their failure codes under an armed fault.</summary>
public class MeterJoinCommandsTests
{
    private const string Ppmid = "00DB12345678909A";

    [Fact]
    public void A_joined_partner_is_listed_by_cs07_and_unjoined_once()
    {
        var meter = new MeterJoinCommands();

        Assert.Equal("020100", Hex(meter.Answer(Command(MeterJoinCommands.Cs03A1, Join(0, Ppmid, 5)), null)));
        Assert.Equal("020103", Hex(meter.Answer(Command(MeterJoinCommands.Cs03A1, Join(0, Ppmid, 4)), null))); // Incompatible with Existing Entry
        Assert.Equal("020101", Hex(meter.Answer(Command(MeterJoinCommands.Cs03B, Join(0, Ppmid, 5)), null))); // Method A in a CS03B
        Assert.Equal("3014" + "020100" + "300F" + "300D" + "0408" + Ppmid + "020105",
            Hex(meter.Answer(Command(MessageCodes.CS07, "0500"), null)));
        Assert.Equal("020100", Hex(meter.Answer(Command(MeterJoinCommands.Cs04AC, "0408" + Ppmid), null)));
        Assert.Equal("020101", Hex(meter.Answer(Command(MeterJoinCommands.Cs04B, "0408" + Ppmid), null))); // Not in Device Log
    }

    [Fact]
    public void Under_a_fault_each_use_case_answers_its_failure_code_and_changes_nothing()
    {
        var meter = new MeterJoinCommands();
        var fault = new CommandFault();

        Assert.Equal("020105", Hex(meter.Answer(Command(MeterJoinCommands.Cs03A1, Join(0, Ppmid, 5)), fault))); // Write Failure
        Assert.Empty(meter.Partners);
        Assert.Equal("020100", Hex(meter.Answer(Command(MeterJoinCommands.Cs03A1, Join(0, Ppmid, 5)), null)));
        Assert.Equal("020102", Hex(meter.Answer(Command(MeterJoinCommands.Cs04AC, "0408" + Ppmid), fault))); // Other Failure
        Assert.Single(meter.Partners);
        Assert.Equal("3003020101", Hex(meter.Answer(Command(MessageCodes.CS07, "0500"), fault))); // Read Failure, no list
    }

    [Fact]
    public void Another_message_code_is_not_these_use_cases() =>
        Assert.Null(new MeterJoinCommands().Answer(Command(MessageCodes.CS06, "0500"), new CommandFault()));

    private static string Join(int method, string entity, int type) => $"3010" + $"02010{method}" + "0408" + entity + $"02010{type}";

    private static string Hex(byte[]? b) => b is null ? "null" : Convert.ToHexString(b);

    private static GbcsMessage Command(int messageCode, string content)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = false, Cra = CraFlag.Command, OriginatorCounter = 1, Originator = Rtds.Supplier, Target = Rtds.Esme,
            MessageCode = messageCode, Signature = SignatureKind.Null,
        };
        b.SetContent(Convert.FromHexString(content));
        return GbcsFrameParser.Parse(b.Build());
    }
}
