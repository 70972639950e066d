namespace CommsHub.Firmware.SelfTest
{
    /// <summary>One self-test check.</summary>
    public interface ISelfTestCheck
    {
        /// <summary>Short name printed on the check's line and in <c>SELFTEST FAIL &lt;check&gt;</c>.</summary>
        string Name { get; }

        /// <summary>Runs the check: null when it passed, else why it failed.</summary>
        string Run();
    }
}
