using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// <c>commshub-hub --record-executions</c>: a line per command a meter executes, none for one it drops, and the lines
/// of an earlier process kept (the fault harness counts executions across hub restarts).
/// </summary>
public class ExecutionRecordTests
{
    [SharedDataFact]
    public void An_executed_command_is_one_line_and_a_replay_adds_none()
    {
        var folder = Directory.CreateTempSubdirectory("commshub-executions-").FullName;
        try
        {
            var command = Rtds.Ecs52Command;
            var m = GbcsFrameParser.Parse(command);
            var esme = TestMeters.Esme();
            using (var record = new ExecutionRecord(folder))
            {
                record.Attach(esme);
                Assert.NotNull(esme.Handle(command, 0, command.Length));
                Assert.Null(esme.Handle(command, 0, command.Length)); // replay: dropped, not executed
            }
            // A restarted hub appends to the same record; its fresh meter (counters in RAM) runs the command again.
            var restarted = TestMeters.Esme();
            using (var record = new ExecutionRecord(folder))
            {
                record.Attach(restarted);
                Assert.NotNull(restarted.Handle(command, 0, command.Length));
            }

            var lines = ExecutionRecord.Read(folder);

            Assert.Equal(2, lines.Count);
            Assert.All(lines, l => Assert.Equal(ExecutedCommand.Of(esme.Eui, m), l));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SharedDataFact]
    public void A_line_cut_short_by_a_crash_does_not_swallow_the_first_line_of_the_next_process()
    {
        var folder = Directory.CreateTempSubdirectory("commshub-executions-").FullName;
        try
        {
            var command = Rtds.Ecs52Command;
            var esme = TestMeters.Esme();
            // A power cut in the middle of a line: part of it reached the disk, its newline did not.
            string line = ExecutedCommand.Of(esme.Eui, GbcsFrameParser.Parse(command)).Format();
            File.WriteAllText(Path.Combine(folder, ExecutionRecord.FileName), line[..(line.Length / 2)]);

            using (var record = new ExecutionRecord(folder))
            {
                record.Attach(esme);
                Assert.NotNull(esme.Handle(command, 0, command.Length));
            }

            Assert.Equal([line], ExecutionRecord.Read(folder).Select(l => l.Format()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
