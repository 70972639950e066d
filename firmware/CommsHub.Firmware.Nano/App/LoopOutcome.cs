namespace CommsHub.Firmware.Nano.App
{
    /// <summary>What the board must do after one <see cref="HubApp.RunOnce"/> pass.</summary>
    public enum LoopOutcome
    {
        /// <summary>Keep looping.</summary>
        Continue = 0,

        /// <summary>The reset button was held: flush, delete the flash partitions and provisioning, reboot.</summary>
        FactoryReset = 1,
    }
}
