using System;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Firmware.Core.Wan;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// <see cref="IWanTransport"/> over nanoFramework.M2Mqtt: MQTT 3.1.1 over TLS 1.2 with the broker's CA and the
    /// hub's device certificate (mutual TLS), QoS 1. Only the binding lives here: the last will (retained offline
    /// status), the persisted outbox, one frame in flight and the backoff are the portable <see cref="WanLink"/>'s.
    /// </summary>
    public sealed class M2MqttWanTransport : IWanTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate _brokerCa;
        private readonly X509Certificate2 _deviceCert;
        private MqttClient _client;

        /// <summary>Targets <paramref name="host"/>:<paramref name="port"/>; nothing is opened until <see cref="Connect"/>.</summary>
        public M2MqttWanTransport(string host, int port, X509Certificate brokerCa, X509Certificate2 deviceCert)
        {
            _host = host;
            _port = port;
            _brokerCa = brokerCa;
            _deviceCert = deviceCert;
        }

        /// <inheritdoc />
        public bool IsConnected { get { MqttClient c = _client; return c != null && c.IsConnected; } }

        /// <inheritdoc />
        public event WanMessageHandler MessageReceived;

        /// <inheritdoc />
        public event WanPublishAckHandler PublishCompleted;

        /// <inheritdoc />
        public event WanDisconnectedHandler Disconnected;

        /// <inheritdoc />
        public bool Connect(WanConnectOptions options)
        {
            Close();
            MqttClient client = new MqttClient(_host, _port, true, _brokerCa, _deviceCert, MqttSslProtocols.TLSv1_2);
            client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            client.MqttMsgPublishReceived += OnPublishReceived;
            client.MqttMsgPublished += OnPublished;
            client.ConnectionClosed += OnClosed;
            try
            {
                // M2Mqtt's will message is a string; the status JSON is ASCII (StatusJson.AsciiBytes), so this is exact.
                MqttReasonCode code = client.Connect(options.ClientId, options.UserName, options.Password,
                    options.WillRetain, MqttQoSLevel.AtLeastOnce, options.WillTopic != null, options.WillTopic,
                    Ascii(options.WillPayload), options.CleanSession, (ushort)options.KeepAliveSeconds);
                if (code != MqttReasonCode.Success) { Dispose(client); return false; }
            }
            catch (Exception)
            {
                // TLS or socket failure: WanLink retries with backoff.
                Dispose(client);
                return false;
            }
            _client = client;
            return true;
        }

        /// <inheritdoc />
        public void Disconnect() { Close(); }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            MqttClient c = _client;
            if (c == null) return false;
            try { c.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce }); return true; }
            catch (Exception) { return false; }
        }

        /// <inheritdoc />
        public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            MqttClient c = _client;
            if (c == null) return 0;
            byte[] copy = new byte[count]; // M2Mqtt keeps the array until PUBACK
            Array.Copy(payload, offset, copy, 0, count);
            try { return c.Publish(topic, copy, null, null, MqttQoSLevel.AtLeastOnce, retain); }
            catch (Exception) { return 0; }
        }

        /// <inheritdoc />
        /// <remarks>
        /// Nothing to send: M2Mqtt acknowledges a QoS 1 message itself before raising its event, so every message is
        /// reported with delivery id 0 ("acknowledged by the transport"). A command the link's inbox has no room for
        /// (HubApp.DownInboxCapacity, 4) is therefore not delivered again by the broker, and MQTT 3.1.1 has no Receive
        /// Maximum to stop it coming: the request ends with the adapter's timeout (E21), not with a redelivery.
        /// </remarks>
        public void Acknowledge(int deliveryId) { }

        /// <inheritdoc />
        /// <remarks>Nothing is held per message here (see <see cref="Acknowledge"/>).</remarks>
        public void Release(int deliveryId) { }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            WanMessageHandler h = MessageReceived;
            if (h != null && e.Message != null) h(e.Topic, e.Message, 0, e.Message.Length, 0);
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            WanPublishAckHandler h = PublishCompleted;
            if (h != null) h(e.MessageId, e.IsPublished);
        }

        private void OnClosed(object sender, EventArgs e)
        {
            WanDisconnectedHandler h = Disconnected;
            if (h != null) h();
        }

        private void Close()
        {
            MqttClient c = _client;
            _client = null;
            if (c == null) return;
            // Detach first: a disconnect we asked for is not a lost connection for WanLink.
            Detach(c);
            try { if (c.IsConnected) c.Disconnect(); } catch (Exception) { }
            try { c.Close(); } catch (Exception) { }
        }

        private void Dispose(MqttClient c)
        {
            Detach(c);
            try { c.Close(); } catch (Exception) { }
        }

        private void Detach(MqttClient c)
        {
            c.MqttMsgPublishReceived -= OnPublishReceived;
            c.MqttMsgPublished -= OnPublished;
            c.ConnectionClosed -= OnClosed;
        }

        private static string Ascii(byte[] b)
        {
            if (b == null) return null;
            char[] c = new char[b.Length];
            for (int i = 0; i < b.Length; i++) c[i] = (char)b[i];
            return new string(c);
        }
    }
}
