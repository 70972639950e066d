using System.Device.Gpio;
using System.IO.Ports;
using System.Threading;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// <see cref="INcpPort"/> over System.IO.Ports: the pin map's port and baud (115200 8N1, the EmberZNet NCP UART
    /// default), with RTS/CTS when the
    /// UART does it in hardware (ESP32; the pins are routed in Program) and none otherwise (STM32F769I-DISCO: build
    /// the NCP image with software flow control, hardware/boards/stm32f769i-disco/README.md). nRESET and nWAKE are GPIO.
    /// </summary>
    public sealed class SerialNcpPort : INcpPort
    {
        private readonly SerialPort _port;
        private readonly byte[] _sink = new byte[64];
        private readonly GpioPin _reset;
        private readonly GpioPin _wake;

        /// <summary>Opens <paramref name="pins"/>' NCP port and claims its reset and wake lines (released high).</summary>
        public SerialNcpPort(BoardPins pins, GpioController gpio)
        {
            _reset = gpio.OpenPin(pins.NcpReset, PinMode.OutputOpenDrain);
            _reset.Write(PinValue.High);
            _wake = gpio.OpenPin(pins.NcpWake, PinMode.Output);
            _wake.Write(PinValue.High);
            _port = new SerialPort(pins.NcpPort, pins.NcpBaud, Parity.None, 8, StopBits.One);
            _port.Handshake = pins.NcpHardwareFlowControl ? Handshake.RequestToSend : Handshake.None;
            _port.ReadTimeout = 50;    // the driver polls from its own loop
            _port.WriteTimeout = 1000;
            _port.Open();
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_port.BytesToRead == 0) return 0;
            try { return _port.Read(buffer, offset, count); }
            catch (System.TimeoutException) { return 0; }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count) { _port.Write(buffer, offset, count); }

        /// <inheritdoc />
        public void DiscardInput()
        {
            while (_port.BytesToRead > 0) _port.Read(_sink, 0, _sink.Length);
        }

        /// <inheritdoc />
        public void ResetNcp(int milliseconds)
        {
            _reset.Write(PinValue.Low);
            Thread.Sleep(milliseconds);
            _reset.Write(PinValue.High);
        }

        /// <inheritdoc />
        public void Wake()
        {
            _wake.Write(PinValue.Low);
            Thread.Sleep(1);
            _wake.Write(PinValue.High);
        }
    }
}
