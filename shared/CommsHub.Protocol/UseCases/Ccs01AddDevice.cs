using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CCS01 Add Device to CHF device log (0x0001): an ACCESS.request on the CHF Device Log with three requests,
    /// <c>action register_device {EUI, device type, install code, key type}</c>, <c>set join_timeout</c>,
    /// <c>set enable_joining</c>. The response has three results (action, set, set).
    /// </summary>
    public sealed class Ccs01AddDevice
    {
        /// <summary>long-invoke-id-and-priority of the request.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>EUI-64 of the device to whitelist.</summary>
        public ulong DeviceId;
        /// <summary>Device type enum, same numbering as <see cref="Asn1.DeviceType"/> (RTDS: 1 = ESME).</summary>
        public int DeviceType;
        /// <summary>The install code bytes (RTDS: the 16 ASCII bytes "0123456789ABCDEF").</summary>
        public byte[] InstallCode;
        /// <summary>
        /// Fourth register_device parameter, an enum that RTDS sets to 0. Taken to say what the key parameter is
        /// (0 = install code); the public sources do not name it, so it is kept raw.
        /// </summary>
        public int KeyType;
        /// <summary>join_timeout attribute value (seconds, long-unsigned; RTDS 90).</summary>
        public int JoinTimeout;
        /// <summary>enable_joining attribute value.</summary>
        public bool EnableJoining;

        /// <summary>Decodes the use case from its ACCESS.request; a different shape is a <see cref="GbcsFormatException"/>.</summary>
        public static Ccs01AddDevice Decode(AccessRequest request)
        {
            request.ExpectCount(3, "CCS01");
            request.ExpectSpec(0, AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.RegisterDevice, "CCS01");
            request.ExpectSpec(1, AccessKind.Set, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.JoinTimeout, "CCS01");
            request.ExpectSpec(2, AccessKind.Set, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.EnableDisableJoining, "CCS01");
            DlmsData reg = request.Data[0].ExpectStructure(4, "register_device parameters");
            Ccs01AddDevice c = new Ccs01AddDevice();
            c.LongInvokeIdAndPriority = request.LongInvokeIdAndPriority;
            c.DeviceId = reg.Children[0].ExpectEui64("ieee address");
            c.DeviceType = (int)reg.Children[1].Expect(DlmsType.Enum, "device type").Value;
            c.InstallCode = reg.Children[2].ExpectOctetString(-1, "install code").ToBytes();
            c.KeyType = (int)reg.Children[3].Expect(DlmsType.Enum, "key type").Value;
            c.JoinTimeout = (int)request.Data[1].Expect(DlmsType.LongUnsigned, "join timeout").Value;
            c.EnableJoining = request.Data[2].Expect(DlmsType.Boolean, "enable joining").Value != 0;
            return c;
        }

        /// <summary>Decodes from a content region.</summary>
        public static Ccs01AddDevice Decode(byte[] buffer, int offset, int count)
        {
            return Decode(AccessRequest.Decode(buffer, offset, count));
        }

        /// <summary>Builds the ACCESS.request.</summary>
        public AccessRequest ToRequest()
        {
            DlmsData reg = DlmsData.Structure(new DlmsData[]
            {
                DlmsData.OctetString(DeviceId),
                DlmsData.Enum(DeviceType),
                DlmsData.OctetString(InstallCode ?? new byte[0]),
                DlmsData.Enum(KeyType),
            });
            return new AccessRequest(LongInvokeIdAndPriority,
                new AccessRequestSpec[]
                {
                    new AccessRequestSpec(AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.RegisterDevice),
                    new AccessRequestSpec(AccessKind.Set, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.JoinTimeout),
                    new AccessRequestSpec(AccessKind.Set, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.EnableDisableJoining),
                },
                new DlmsData[] { reg, DlmsData.LongUnsigned(JoinTimeout), DlmsData.Boolean(EnableJoining) });
        }

        /// <summary>Encodes the payload (ACCESS.request bytes).</summary>
        public byte[] Encode()
        {
            return ToRequest().Encode();
        }

        /// <summary>The CHF's response: register_device action result, then the two set results.</summary>
        public static AccessResponse BuildResponse(uint longInvokeIdAndPriority, int registerResult, int joinTimeoutResult, int enableJoiningResult)
        {
            return ChfResponses.ResultsOnly(longInvokeIdAndPriority,
                new AccessKind[] { AccessKind.Action, AccessKind.Set, AccessKind.Set },
                new int[] { registerResult, joinTimeoutResult, enableJoiningResult });
        }
    }
}
