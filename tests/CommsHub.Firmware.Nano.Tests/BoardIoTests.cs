using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

public sealed class BoardIoTests
{
    [Fact]
    public void Factory_reset_fires_once_after_a_continuous_ten_second_hold()
    {
        var b = new HoldButton();
        Assert.False(b.Sample(true, 0));
        Assert.True(b.Pending);
        Assert.False(b.Sample(true, HoldButton.HoldMs - 1));
        Assert.True(b.Sample(true, HoldButton.HoldMs));
        Assert.False(b.Sample(true, HoldButton.HoldMs + 5000)); // still held: no second reset
        Assert.False(b.Sample(false, HoldButton.HoldMs + 6000));
        Assert.False(b.Pending);
    }

    [Fact]
    public void A_released_button_restarts_the_hold()
    {
        var b = new HoldButton();
        b.Sample(true, 0);
        b.Sample(false, 9000);
        Assert.False(b.Sample(true, 9500));
        Assert.False(b.Sample(true, 9500 + HoldButton.HoldMs - 1));
        Assert.True(b.Sample(true, 9500 + HoldButton.HoldMs));
    }

    [Fact]
    public void Tamper_latches_after_the_debounce_and_a_bounce_does_not_count()
    {
        var t = new TamperLatch();
        Assert.False(t.Sample(true, 0));
        Assert.False(t.Sample(false, TamperLatch.DebounceMs - 1)); // bounce
        Assert.False(t.Sample(true, 1000));
        Assert.True(t.Sample(true, 1000 + TamperLatch.DebounceMs));
        Assert.False(t.Sample(false, 5000));
        Assert.True(t.Tripped); // closing the lid does not undo it
    }

    [Fact]
    public void The_watchdog_is_fed_only_while_the_loop_is_alive()
    {
        var io = new FakeBoardIo();
        var w = new WatchdogFeeder(io);
        Assert.False(w.Tick(0)); // the loop has not run yet
        w.LoopAlive(1000);
        Assert.True(w.Tick(1000 + WatchdogFeeder.StallMs));
        Assert.False(w.Tick(1001 + WatchdogFeeder.StallMs)); // the loop stalled: the supervisor will reset the board
        Assert.Equal(1, io.WatchdogToggles);
    }

    [Fact]
    public void Leds_show_link_state_fault_and_a_pending_reset()
    {
        var io = new FakeBoardIo();
        var s = new StatusIndicator(io);
        s.Show(0, WanLinkState.Connected, fault: false, resetPending: false);
        Assert.Equal(new[] { true, true, false }, io.Leds);
        s.Show(500, WanLinkState.Connected, fault: true, resetPending: false);
        Assert.Equal(new[] { false, true, true }, io.Leds);
        s.Show(250, WanLinkState.Disconnected, fault: false, resetPending: false);
        Assert.False(io.Leds[(int)StatusLed.Wan]); // blinking: off in this phase
        s.Show(500, WanLinkState.Disconnected, fault: false, resetPending: false);
        Assert.True(io.Leds[(int)StatusLed.Wan]);
        s.Show(0, WanLinkState.Stopped, fault: false, resetPending: false);
        Assert.False(io.Leds[(int)StatusLed.Wan]);
        s.Show(100, WanLinkState.Connected, fault: true, resetPending: true);
        Assert.False(io.Leds[(int)StatusLed.Fault]); // fast blink overrides the fault level
    }

    [Fact]
    public void The_monotonic_clock_ignores_clock_sets()
    {
        var m = new MonotonicMs();
        Assert.Equal(0, m.Advance(1_000));
        Assert.Equal(500, m.Advance(1_500));
        Assert.Equal(500, m.Advance(1_700_000_000_000)); // SNTP set the RTC: no jump
        Assert.Equal(600, m.Advance(1_700_000_000_100));
        Assert.Equal(600, m.Advance(1_700_000_000_000)); // backwards: nothing
    }

    [Theory]
    [InlineData("esp32")]
    [InlineData("s3")]
    [InlineData("stm32")]
    public void Every_board_pin_map_is_sound(string board)
    {
        var pins = Pins(board);
        Assert.Null(pins.Check());
        Assert.Equal(12, pins.Used().Distinct().Count());
    }

    [Fact]
    public void A_pin_map_on_a_strapping_pin_or_an_input_only_output_is_refused()
    {
        var p = Pins("esp32");
        p.Tamper = 12; // MTDI strapping pin (flash voltage)
        Assert.Contains("reserved", p.Check());
        p = Pins("esp32");
        p.LedRun = 36; // input-only
        Assert.Contains("input-only", p.Check());
        p = Pins("s3");
        p.LedWan = p.LedRun;
        Assert.Contains("twice", p.Check());
    }

    private static BoardPins Pins(string board) => board switch
    {
        "esp32" => CommsHub.Firmware.Nano.Board.Esp32DevKitCPins.Create(),
        "s3" => CommsHub.Firmware.Nano.Board.Esp32S3Pins.Create(),
        _ => CommsHub.Firmware.Nano.Board.Stm32F769DiscoPins.Create(),
    };
}
