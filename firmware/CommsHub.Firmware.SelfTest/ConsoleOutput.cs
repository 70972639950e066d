using System;

namespace CommsHub.Firmware.SelfTest
{
    /// <summary>Console output (nanoFramework has only the string overload, which is all this uses).</summary>
    public sealed class ConsoleOutput : ISelfTestOutput
    {
        /// <inheritdoc />
        public void WriteLine(string line)
        {
            Console.WriteLine(line);
        }
    }
}
