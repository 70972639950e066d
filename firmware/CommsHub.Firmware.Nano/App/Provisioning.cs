using System.Collections;
using CommsHub.Firmware.Core.Security;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The hub's first-boot settings, read from <c>I:\commshub\provision.txt</c> (deployed with
    /// <c>nanoff --filedeployment</c>; hardware/boards/*/README.md). ASCII, one <c>key=value</c> per line, <c>#</c>
    /// comments. Keys: <c>eui</c> (16 hex digits), <c>ka_key</c>/<c>ds_key</c> (32-byte P-256 scalars, hex),
    /// <c>broker_host</c>, <c>broker_port</c> (default 8883), <c>mqtt_user</c>/<c>mqtt_password</c> (optional),
    /// <c>wan</c> (<c>wifi</c> or <c>ethernet</c>), <c>wifi_ssid</c>/<c>wifi_password</c> (for wifi),
    /// <c>broker_ca</c>, <c>device_cert</c>, <c>device_key</c> (file names on I: for the TLS trust anchor and the hub's
    /// device certificate and its key), and one <c>anchor.&lt;Role&gt;=EUI,DS-hex,KA-hex</c> per GBCS trust anchor
    /// (empty DS or KA allowed). Unknown keys are refused, so a typo never passes silently.
    /// </summary>
    public sealed class Provisioning
    {
        private const int MaxLines = 64;
        private const int MaxLineLength = 400;

        private Provisioning() { }

        /// <summary>The hub's EUI-64.</summary>
        public ulong Eui { get; private set; }

        /// <summary>KA private scalar (32 bytes).</summary>
        public byte[] KeyAgreementScalar { get; private set; }

        /// <summary>DS private scalar (32 bytes).</summary>
        public byte[] DigitalSignatureScalar { get; private set; }

        /// <summary>Broker host name.</summary>
        public string BrokerHost { get; private set; }

        /// <summary>Broker port (TLS).</summary>
        public int BrokerPort { get; private set; }

        /// <summary>MQTT user name, or null.</summary>
        public string MqttUser { get; private set; }

        /// <summary>MQTT password, or null.</summary>
        public string MqttPassword { get; private set; }

        /// <summary>True for Wi-Fi, false for Ethernet.</summary>
        public bool UseWifi { get; private set; }

        /// <summary>Wi-Fi SSID (Wi-Fi only).</summary>
        public string WifiSsid { get; private set; }

        /// <summary>Wi-Fi passphrase (Wi-Fi only).</summary>
        public string WifiPassword { get; private set; }

        /// <summary>File (on I:) of the broker's CA certificate, PEM.</summary>
        public string BrokerCaFile { get; private set; }

        /// <summary>File (on I:) of the hub's device (TLS client) certificate, PEM.</summary>
        public string DeviceCertFile { get; private set; }

        /// <summary>File (on I:) of the device certificate's private key, PEM.</summary>
        public string DeviceKeyFile { get; private set; }

        /// <summary>The GBCS trust anchors to install (<see cref="TrustAnchorCell"/> each).</summary>
        public TrustAnchorCell[] Anchors { get; private set; }

        /// <summary>Parses the file's bytes.</summary>
        /// <exception cref="ProvisioningException">a malformed line, an unknown key, or a missing required setting.</exception>
        public static Provisioning Parse(byte[] text)
        {
            if (text == null) throw new ProvisioningException("no provisioning file");
            Provisioning p = new Provisioning();
            p.BrokerPort = 8883;
            p.UseWifi = true;
            ArrayList anchors = new ArrayList();
            int line = 0;
            int start = 0;
            while (start < text.Length)
            {
                int end = start;
                while (end < text.Length && text[end] != (byte)'\n') end++;
                line++;
                if (line > MaxLines) throw new ProvisioningException("more than " + MaxLines + " lines");
                if (end - start > MaxLineLength) throw new ProvisioningException("line " + line + " is too long");
                string s = Ascii(text, start, end - start, line).Trim();
                start = end + 1;
                if (s.Length == 0 || s[0] == '#') continue;
                int eq = s.IndexOf('=');
                if (eq <= 0) throw new ProvisioningException("line " + line + ": expected key=value");
                p.Set(s.Substring(0, eq).Trim(), s.Substring(eq + 1).Trim(), line, anchors);
            }
            p.Anchors = (TrustAnchorCell[])anchors.ToArray(typeof(TrustAnchorCell));
            p.Check();
            return p;
        }

        private void Set(string key, string value, int line, ArrayList anchors)
        {
            switch (key)
            {
                case "eui": Eui = ParseEui(value, key); break;
                case "ka_key": KeyAgreementScalar = Scalar(value, key); break;
                case "ds_key": DigitalSignatureScalar = Scalar(value, key); break;
                case "broker_host": BrokerHost = value; break;
                case "broker_port": BrokerPort = ParsePort(value); break;
                case "mqtt_user": MqttUser = value; break;
                case "mqtt_password": MqttPassword = value; break;
                case "wan":
                    if (value == "wifi") UseWifi = true;
                    else if (value == "ethernet") UseWifi = false;
                    else throw new ProvisioningException("wan must be wifi or ethernet");
                    break;
                case "wifi_ssid": WifiSsid = value; break;
                case "wifi_password": WifiPassword = value; break;
                case "broker_ca": BrokerCaFile = value; break;
                case "device_cert": DeviceCertFile = value; break;
                case "device_key": DeviceKeyFile = value; break;
                default:
                    if (key.StartsWith("anchor.")) { anchors.Add(ParseAnchor(key.Substring(7), value)); break; }
                    throw new ProvisioningException("line " + line + ": unknown key '" + key + "'");
            }
        }

        private void Check()
        {
            if (Eui == 0) Missing("eui");
            if (KeyAgreementScalar == null) Missing("ka_key");
            if (DigitalSignatureScalar == null) Missing("ds_key");
            if (BrokerHost == null || BrokerHost.Length == 0) Missing("broker_host");
            if (BrokerCaFile == null) Missing("broker_ca");
            if (DeviceCertFile == null) Missing("device_cert");
            if (DeviceKeyFile == null) Missing("device_key");
            if (UseWifi && (WifiSsid == null || WifiSsid.Length == 0)) Missing("wifi_ssid");
        }

        private static void Missing(string key) { throw new ProvisioningException("missing " + key); }

        private static string Ascii(byte[] b, int offset, int count, int line)
        {
            char[] c = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte x = b[offset + i];
                if (x == (byte)'\r' || x == (byte)'\t') { c[i] = ' '; continue; }
                if (x < 0x20 || x > 0x7E) throw new ProvisioningException("line " + line + ": not printable ASCII");
                c[i] = (char)x;
            }
            return new string(c);
        }

        private static ulong ParseEui(string value, string key)
        {
            if (value.Length != 16 || !Hex.IsHex(value)) throw new ProvisioningException(key + " must be 16 hex digits");
            return Eui64.Parse(value);
        }

        private static byte[] Scalar(string value, string key)
        {
            // The value is a secret: the message names the key, never the value.
            if (value.Length != 64 || !Hex.IsHex(value)) throw new ProvisioningException(key + " must be 64 hex digits");
            return Hex.Decode(value);
        }

        private static byte[] PublicKey(string value, string what)
        {
            if (value.Length == 0) return null;
            if (value.Length != TrustAnchorCell.PublicKeyLength * 2 || !Hex.IsHex(value) || value[0] != '0' || value[1] != '4')
                throw new ProvisioningException(what + " must be a 65-byte uncompressed point (04...) in hex");
            return Hex.Decode(value);
        }

        private static int ParsePort(string value)
        {
            int port = 0;
            if (value.Length == 0 || value.Length > 5) throw new ProvisioningException("broker_port must be 1..65535");
            for (int i = 0; i < value.Length; i++)
            {
                char ch = value[i];
                if (ch < '0' || ch > '9') throw new ProvisioningException("broker_port must be 1..65535");
                port = port * 10 + (ch - '0');
            }
            if (port < 1 || port > 65535) throw new ProvisioningException("broker_port must be 1..65535");
            return port;
        }

        private static TrustAnchorCell ParseAnchor(string roleName, string value)
        {
            RemotePartyRole role = ParseRole(roleName);
            string[] parts = value.Split(',');
            if (parts.Length != 3) throw new ProvisioningException("anchor." + roleName + " must be EUI,DS-hex,KA-hex");
            ulong eui = ParseEui(parts[0].Trim(), "anchor." + roleName + " EUI");
            if (eui == 0) throw new ProvisioningException("anchor." + roleName + " EUI must not be 0");
            byte[] ds = PublicKey(parts[1].Trim(), "anchor." + roleName + " DS key");
            byte[] ka = PublicKey(parts[2].Trim(), "anchor." + roleName + " KA key");
            if (ds == null && ka == null) throw new ProvisioningException("anchor." + roleName + " has neither a DS nor a KA key");
            return new TrustAnchorCell(role, eui, ds, ka);
        }

        private static RemotePartyRole ParseRole(string name)
        {
            switch (name)
            {
                case "Root": return RemotePartyRole.Root;
                case "Recovery": return RemotePartyRole.Recovery;
                case "Supplier": return RemotePartyRole.Supplier;
                case "NetworkOperator": return RemotePartyRole.NetworkOperator;
                case "AccessControlBroker": return RemotePartyRole.AccessControlBroker;
                case "TransitionalCoS": return RemotePartyRole.TransitionalCoS;
                case "WanProvider": return RemotePartyRole.WanProvider;
                default: throw new ProvisioningException("unknown anchor role '" + name + "'");
            }
        }
    }
}
