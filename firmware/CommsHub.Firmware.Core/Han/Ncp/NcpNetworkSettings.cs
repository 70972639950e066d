using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;

namespace CommsHub.Firmware.Core.Han.Ncp
{
    /// <summary>What <see cref="NcpHanNetwork"/> needs to bring a HAN up on an EZSP NCP.</summary>
    public sealed class NcpNetworkSettings
    {
        /// <summary>Used by formNetwork when the NCP has no network saved.</summary>
        public EzspNetworkParameters Network = new EzspNetworkParameters();

        /// <summary>Network key and the trust centre's own preconfigured key, used when forming.</summary>
        public EzspInitialSecurityState Security = new EzspInitialSecurityState();

        /// <summary>The hub's SE endpoint.</summary>
        public int LocalEndpoint = 1;

        /// <summary>The devices' SE endpoint.</summary>
        public int DeviceEndpoint = 1;

        /// <summary>ASH timing and window.</summary>
        public AshOptions Ash = new AshOptions();

        /// <summary>How long to wait for the NCP's answer to one command, in milliseconds.</summary>
        public int CommandTimeoutMs = 5000;

        /// <summary>Devices the HAN remembers (node IDs and tunnels) at most.</summary>
        public int MaxDevices = 32;
    }
}
