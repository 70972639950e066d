using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Wan
{
    /// <summary>
    /// The hub's MQTT topic contract (DESIGN.md): <c>chub/{EUI}/down</c>, <c>chub/{EUI}/up</c>,
    /// <c>chub/{EUI}/status</c> and <c>chub/{EUI}/ota/...</c>, the EUI as 16 upper-case hex digits. Shared by the hub
    /// (firmware and virtual hub) and the cloud adapter so both sides build and recognise exactly the same strings.
    /// </summary>
    public static class WanTopics
    {
        /// <summary>First segment of every hub topic.</summary>
        public const string Root = "chub";

        /// <summary>Last segment of the adapter-to-hub topic.</summary>
        public const string DownSegment = "down";

        /// <summary>Last segment of the hub-to-adapter topic.</summary>
        public const string UpSegment = "up";

        /// <summary>Last segment of the retained status topic.</summary>
        public const string StatusSegment = "status";

        /// <summary>Segment under which firmware update topics live.</summary>
        public const string OtaSegment = "ota";

        // "chub/" + 16 hex digits + "/": where the kind segment starts.
        private const int KindStart = 5 + 16 + 1;

        /// <summary><c>chub/{EUI}/down</c>.</summary>
        public static string Down(ulong hubEui) { return Topic(hubEui, DownSegment); }

        /// <summary><c>chub/{EUI}/up</c>.</summary>
        public static string Up(ulong hubEui) { return Topic(hubEui, UpSegment); }

        /// <summary><c>chub/{EUI}/status</c>.</summary>
        public static string Status(ulong hubEui) { return Topic(hubEui, StatusSegment); }

        /// <summary><c>chub/{EUI}/ota/{subtopic}</c>, e.g. <c>Ota(eui, "image")</c>.</summary>
        /// <exception cref="ArgumentException">empty subtopic, or one with MQTT wildcards.</exception>
        public static string Ota(ulong hubEui, string subtopic)
        {
            if (subtopic == null || subtopic.Length == 0 || subtopic.IndexOf('#') >= 0 || subtopic.IndexOf('+') >= 0)
                throw new ArgumentException("an OTA subtopic is a non-empty topic without wildcards");
            return Topic(hubEui, OtaSegment) + "/" + subtopic;
        }

        /// <summary><c>chub/{EUI}/ota/#</c>: the filter a hub subscribes to for its firmware traffic.</summary>
        public static string OtaFilter(ulong hubEui) { return Topic(hubEui, OtaSegment) + "/#"; }

        /// <summary>
        /// Classifies <paramref name="topic"/> and returns its hub EUI. Strict: the EUI must be 16 upper-case hex
        /// digits (the contract form), so a topic that would alias another hub's is never accepted.
        /// </summary>
        public static WanTopicKind Classify(string topic, out ulong hubEui)
        {
            hubEui = 0;
            if (topic == null || topic.Length < KindStart + 2) return WanTopicKind.None;
            if (!topic.StartsWith(Root + "/") || topic[KindStart - 1] != '/') return WanTopicKind.None;
            ulong eui = 0;
            for (int i = 5; i < 5 + 16; i++)
            {
                int v = UpperHexValue(topic[i]);
                if (v < 0) return WanTopicKind.None;
                eui = (eui << 4) | (uint)v;
            }
            string rest = topic.Substring(KindStart);
            WanTopicKind kind = WanTopicKind.None;
            if (rest == DownSegment) kind = WanTopicKind.Down;
            else if (rest == UpSegment) kind = WanTopicKind.Up;
            else if (rest == StatusSegment) kind = WanTopicKind.Status;
            else if (rest.Length > OtaSegment.Length + 1 && rest.StartsWith(OtaSegment + "/")) kind = WanTopicKind.Ota;
            if (kind != WanTopicKind.None) hubEui = eui;
            return kind;
        }

        private static string Topic(ulong hubEui, string segment)
        {
            return Root + "/" + Eui64.ToText(hubEui) + "/" + segment;
        }

        private static int UpperHexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
