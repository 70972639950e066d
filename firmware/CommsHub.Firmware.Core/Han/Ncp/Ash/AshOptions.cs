namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>ASH timing and window (UG101 §5 defaults: T_RX_ACK 1.6 s initial, 0.4–3.2 s; T_RSTACK_MAX 3.2 s; ACK_TIMEOUTS 4).</summary>
    public sealed class AshOptions
    {
        /// <summary>DATA frames sent but not yet acknowledged, at most (1..7).</summary>
        public int Window = 3;

        /// <summary>First wait for an ACK before retransmitting, in milliseconds.</summary>
        public int AckTimeoutMs = 1600;

        /// <summary>Longest wait for an ACK: the wait doubles on each timeout up to this, in milliseconds.</summary>
        public int MaxAckTimeoutMs = 3200;

        /// <summary>Consecutive ACK timeouts after which the link counts as failed.</summary>
        public int MaxAckTimeouts = 4;

        /// <summary>Wait for RSTACK after RST, in milliseconds.</summary>
        public int ResetTimeoutMs = 3200;

        /// <summary>RST frames sent before the reset counts as failed.</summary>
        public int MaxResets = 3;
    }
}
