using System;
using System.Diagnostics;
using System.Device.Gpio;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using CommsHub.Firmware.Crypto;
using CommsHub.Firmware.Nano.App;
using CommsHub.Firmware.SelfTest;
using CommsHub.Protocol.Crypto;
using nanoFramework.Runtime.Native;
#if BOARD_ESP32_DEVKITC || BOARD_ESP32_S3
using nanoFramework.Hardware.Esp32;
#endif

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// Entry point on the board: board init, first-boot self-test, WAN bring-up, then the portable
    /// <see cref="HubApp"/> loop. Everything that decides anything is in App/ (gated on Linux); this file only binds.
    /// The board is chosen at build time: /p:NanoBoard=ESP32_DEVKITC | ESP32_S3 | STM32F769I_DISCO (the .nfproj).
    /// </summary>
    public static class Program
    {
        private const string Folder = "I:\\commshub";
        private const string ProvisionFile = Folder + "\\provision.txt";
        private const string SelfTestFile = Folder + "\\selftest.txt";
        private static readonly byte[] FirmwareVersion = new byte[] { 0x00, 0x01, 0x00, 0x00 };

        /// <summary>Runs the hub until a factory reset reboots the board.</summary>
        public static void Main()
        {
            BoardPins pins = SelectPins();
            string problem = pins.Check();
            if (problem != null) { Debug.WriteLine("pin map: " + problem); Thread.Sleep(Timeout.Infinite); }
            RouteUartPins(pins);
            GpioController gpio = new GpioController();
            GpioBoardIo io = new GpioBoardIo(pins, gpio);
            MonotonicMs clock = new MonotonicMs();
            WatchdogFeeder watchdog = new WatchdogFeeder(io);
            watchdog.LoopAlive(clock.Now());
            Timer feeder = new Timer(delegate { watchdog.Tick(clock.Now()); }, null, 0, WatchdogFeeder.FeedIntervalMs);

            FlashDriveFiles files = new FlashDriveFiles(Folder);
            Provisioning provisioning = ReadProvisioning(io, watchdog, clock);
            RunFirstBootSelfTest(io, watchdog, clock);

            io.SetLed(StatusLed.Wan, true);
            while (!WanBringUp.TryConnect(provisioning.UseWifi, provisioning.WifiSsid, provisioning.WifiPassword))
            {
                Debug.WriteLine("WAN bring-up failed; retrying");
                watchdog.LoopAlive(clock.Now());
            }
            watchdog.LoopAlive(clock.Now());

            HubAppConfig config = new HubAppConfig();
            config.Provisioning = provisioning;
            config.Flash = NanoFlash.Open(files);
            config.Crypto = new NativeGbcsCrypto();
            // The HAN's network key and trust-centre key are derived from the KA scalar while it is still in RAM.
            config.NcpSettings = HanRadio.DeriveSettings(provisioning.Eui, config.Crypto, provisioning.KeyAgreementScalar);
            config.KeyAgreementKey = NativePrivateKey.Import(provisioning.KeyAgreementScalar, KeyUsage.KeyAgreement);
            config.DigitalSignatureKey = NativePrivateKey.Import(provisioning.DigitalSignatureScalar, KeyUsage.DigitalSignature);
            Array.Clear(provisioning.KeyAgreementScalar, 0, 32); // the key slots hold them now
            Array.Clear(provisioning.DigitalSignatureScalar, 0, 32);
            config.Aes = new NanoAes128();
            config.Transport = new M2MqttWanTransport(provisioning.BrokerHost, provisioning.BrokerPort,
                new X509Certificate(ReadText(provisioning.BrokerCaFile)),
                new X509Certificate2(ReadText(provisioning.DeviceCertFile), ReadText(provisioning.DeviceKeyFile), ""));
            // The ZigBee NCP on the pin map's UART; the app falls back to no radio (logged, Fault LED blinking) when it
            // does not answer its reset.
            config.NcpPort = new SerialNcpPort(pins, gpio);
            config.Io = io;
            config.FirmwareVersion = FirmwareVersion;

            HubApp app = new HubApp(config);
            while (app.RunOnce(clock.Now()) == LoopOutcome.Continue) Thread.Sleep(HubApp.TickMs);

            feeder.Dispose();
            files.DeleteAll(NanoFlash.FileNames);
            if (File.Exists(ProvisionFile)) File.Delete(ProvisionFile);
            if (File.Exists(SelfTestFile)) File.Delete(SelfTestFile);
            Power.RebootDevice();
        }

        private static BoardPins SelectPins()
        {
#if BOARD_ESP32_S3
            return Esp32S3Pins.Create();
#elif BOARD_STM32F769I_DISCO
            return Stm32F769DiscoPins.Create();
#else
            return Esp32DevKitCPins.Create();
#endif
        }

        private static void RouteUartPins(BoardPins pins)
        {
#if BOARD_ESP32_DEVKITC || BOARD_ESP32_S3
            Configuration.SetPinFunction(pins.NcpTx, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(pins.NcpRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(pins.NcpRts, DeviceFunction.COM2_RTS);
            Configuration.SetPinFunction(pins.NcpCts, DeviceFunction.COM2_CTS);
#endif
        }

        private static Provisioning ReadProvisioning(GpioBoardIo io, WatchdogFeeder watchdog, MonotonicMs clock)
        {
            while (true)
            {
                try
                {
                    return Provisioning.Parse(File.Exists(ProvisionFile) ? File.ReadAllBytes(ProvisionFile) : null);
                }
                catch (ProvisioningException e)
                {
                    // Unprovisioned or malformed: Fault LED on, keep the watchdog fed, wait for nanoff --filedeployment.
                    Debug.WriteLine("provisioning: " + e.Message);
                    io.SetLed(StatusLed.Fault, true);
                    for (int i = 0; i < 50; i++) { watchdog.LoopAlive(clock.Now()); Thread.Sleep(100); }
                }
            }
        }

        private static void RunFirstBootSelfTest(GpioBoardIo io, WatchdogFeeder watchdog, MonotonicMs clock)
        {
            if (File.Exists(SelfTestFile)) return;
            watchdog.LoopAlive(clock.Now());
            SelfTestRecorder recorder = new SelfTestRecorder(new ConsoleOutput(), watchdog, clock);
            bool passed = recorder.RunSuite();
            watchdog.LoopAlive(clock.Now());
            File.WriteAllText(SelfTestFile, recorder.Verdict ?? "SELFTEST FAIL (no verdict)");
            io.SetLed(StatusLed.Fault, !passed);
        }

        private static string ReadText(string name)
        {
            byte[] pem = File.ReadAllBytes(Folder + "\\" + name);
            return Encoding.UTF8.GetString(pem, 0, pem.Length);
        }
    }
}
