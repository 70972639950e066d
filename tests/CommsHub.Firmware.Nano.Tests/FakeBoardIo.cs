using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>The board's LEDs, inputs, watchdog line and debug console as plain fields.</summary>
internal sealed class FakeBoardIo : IBoardIo
{
    public readonly bool[] Leds = new bool[3];
    public int WatchdogToggles;
    public bool TamperOpen { get; set; }
    public bool ResetButtonDown { get; set; }
    public void SetLed(StatusLed led, bool on) => Leds[(int)led] = on;
    public void ToggleWatchdog() => WatchdogToggles++;
    public readonly List<string> Lines = new();
    public void Log(string line) => Lines.Add(line);
}
