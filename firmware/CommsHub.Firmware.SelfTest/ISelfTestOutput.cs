namespace CommsHub.Firmware.SelfTest
{
    /// <summary>Where the self-test writes its lines: the console on the host, the serial console on a board.</summary>
    public interface ISelfTestOutput
    {
        /// <summary>Writes one line.</summary>
        void WriteLine(string line);
    }
}
