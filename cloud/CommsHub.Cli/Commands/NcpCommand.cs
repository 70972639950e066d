using System.CommandLine;
using CommsHub.Cli.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ash;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub ncp ash decode FILE|HEX</c> (JSON Lines, one object per ASH frame) and
/// <c>commshub ncp ash encode --type data --frame N --ack N [--retransmit] EZSP_HEX</c> (the frame as hex): a rig
/// developer reads a serial capture between the hub and its ZigBee NCP, or builds a frame to inject.
/// </summary>
internal static class NcpCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ash = new Command("ash", "ASH (UG101) frames between a host and an EZSP NCP");
        ash.Subcommands.Add(Decode(stdout, stderr));
        ash.Subcommands.Add(Encode(stdout, stderr));
        var ncp = new Command("ncp", "Work with the ZigBee NCP link (EZSP over ASH)");
        ncp.Subcommands.Add(ash);
        return ncp;
    }

    private static Command Decode(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("input") { Description = "Capture file (hex text or binary) or a hex string" };
        var command = new Command("decode", "Decode ASH frames: type, frame/ack numbers, retransmit, EZSP payload (de-randomised), CRC") { input };
        command.SetAction(parse =>
        {
            byte[] bytes;
            try { bytes = CaptureInput.Read(parse.GetValue(input)!); }
            catch (FormatException e) { stderr.WriteLine($"commshub: {e.Message}"); return 1; }
            var reader = new AshFrameReader();
            int frames = 0, bad = 0, pending = 0;
            foreach (byte b in bytes)
            {
                pending++;
                if (!reader.Push(b)) continue;
                pending = 0;
                frames++;
                if (!reader.Frame.Valid) bad++;
                stdout.WriteLine(AshCaptureJson.Serialize(reader.Frame));
            }
            if (pending > 0 && bytes.Skip(bytes.Length - pending).Any(x => x != AshReservedByte.Cancel))
                stderr.WriteLine($"commshub: {pending} byte(s) after the last flag are not a complete frame");
            if (bad > 0)
            {
                stderr.WriteLine($"commshub: {bad} of {frames} frames are bad (CRC, length or framing)");
                return 2;
            }
            return 0;
        });
        return command;
    }

    private static Command Encode(TextWriter stdout, TextWriter stderr)
    {
        var type = new Option<string>("--type") { Description = "data, ack, nak or rst", DefaultValueFactory = _ => "data" };
        var frame = new Option<int>("--frame") { Description = "DATA frame number 0..7" };
        var ack = new Option<int>("--ack") { Description = "ack number 0..7 (DATA, ACK, NAK)" };
        var retransmit = new Option<bool>("--retransmit") { Description = "set DATA's retransmit flag" };
        var ezsp = new Argument<string?>("ezsp") { Description = "EZSP frame as hex (DATA only; 3..128 bytes)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("encode", "Build one ASH frame and print it as hex") { type, frame, ack, retransmit, ezsp };
        command.SetAction(parse =>
        {
            int f = parse.GetValue(frame), a = parse.GetValue(ack);
            if (f < 0 || f > 7 || a < 0 || a > 7) { stderr.WriteLine("commshub: --frame and --ack are 0..7"); return 1; }
            string kind = parse.GetValue(type)!.ToLowerInvariant();
            string? hex = parse.GetValue(ezsp);
            byte[] data = [];
            byte control;
            switch (kind)
            {
                case "data":
                    if (hex is null) { stderr.WriteLine("commshub: a DATA frame needs the EZSP frame as hex"); return 1; }
                    try { data = CaptureInput.ParseHex(hex, "EZSP frame"); }
                    catch (FormatException e) { stderr.WriteLine($"commshub: {e.Message}"); return 1; }
                    if (data.Length < 3 || data.Length > AshFrame.MaxDataLength) { stderr.WriteLine("commshub: an EZSP frame over ASH is 3..128 bytes"); return 1; }
                    control = AshControl.Data(f, a, parse.GetValue(retransmit));
                    break;
                case "ack": control = AshControl.Ack(a, false); break;
                case "nak": control = AshControl.Nak(a, false); break;
                case "rst": control = AshControl.Rst; break;
                default: stderr.WriteLine($"commshub: --type must be data, ack, nak or rst, got '{kind}'"); return 1;
            }
            if (kind != "data" && hex is not null) { stderr.WriteLine($"commshub: a {kind.ToUpperInvariant()} frame carries no EZSP payload"); return 1; }
            stdout.WriteLine(Convert.ToHexString(AshFrameWriter.Build(control, data)));
            return 0;
        });
        return command;
    }
}
