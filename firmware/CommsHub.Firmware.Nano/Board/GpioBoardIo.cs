using System.Device.Gpio;
using System.Diagnostics;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary><see cref="IBoardIo"/> over System.Device.Gpio: pins from <see cref="BoardPins"/>, levels only; log lines to the debug console.</summary>
    public sealed class GpioBoardIo : IBoardIo
    {
        private readonly BoardPins _pins;
        private readonly GpioPin[] _leds = new GpioPin[3];
        private readonly GpioPin _tamper;
        private readonly GpioPin _button;
        private readonly GpioPin _wdi;
        private bool _wdiHigh;

        /// <summary>Claims the LED, tamper, button and watchdog pins.</summary>
        public GpioBoardIo(BoardPins pins, GpioController gpio)
        {
            _pins = pins;
            _leds[(int)StatusLed.Run] = gpio.OpenPin(pins.LedRun, PinMode.Output);
            _leds[(int)StatusLed.Wan] = gpio.OpenPin(pins.LedWan, PinMode.Output);
            _leds[(int)StatusLed.Fault] = gpio.OpenPin(pins.LedFault, PinMode.Output);
            // ESP32 GPIO34-39 have no internal pull-up: the board README puts 10 kOhm to 3V3 there; asking for
            // InputPullUp on them is refused, so take plain Input when the pin cannot pull up.
            _tamper = OpenInput(gpio, pins.Tamper, PinMode.InputPullUp);
            _button = OpenInput(gpio, pins.ResetButton, pins.ResetButtonActiveHigh ? PinMode.InputPullDown : PinMode.InputPullUp);
            _wdi = gpio.OpenPin(pins.WatchdogWdi, PinMode.Output);
        }

        /// <inheritdoc />
        public bool TamperOpen { get { return _tamper.Read() == PinValue.High; } }

        /// <inheritdoc />
        public bool ResetButtonDown
        {
            get { return (_button.Read() == PinValue.High) == _pins.ResetButtonActiveHigh; }
        }

        /// <inheritdoc />
        public void SetLed(StatusLed led, bool on)
        {
            _leds[(int)led].Write(on == _pins.LedActiveHigh ? PinValue.High : PinValue.Low);
        }

        /// <inheritdoc />
        public void ToggleWatchdog()
        {
            _wdiHigh = !_wdiHigh;
            _wdi.Write(_wdiHigh ? PinValue.High : PinValue.Low);
        }

        /// <inheritdoc />
        public void Log(string line)
        {
            Debug.WriteLine(line);
        }

        private static GpioPin OpenInput(GpioController gpio, int pin, PinMode wanted)
        {
            return gpio.OpenPin(pin, gpio.IsPinModeSupported(pin, wanted) ? wanted : PinMode.Input);
        }
    }
}
