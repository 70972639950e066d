using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// ECS35c Read CHF Event Log (0x0093) and ECS35d Read CHF Security Log (0x0094): get-with-selection of attribute 2
    /// (buffer) of the Profile Generic 0-0:99.98.0.255 (event) or 0-0:99.98.1.255 (security), with a range descriptor
    /// in UTC seconds since 2000-01-01. The response is a compact-array of <c>{double-long-unsigned time,
    /// long-unsigned event code[, octet-string data]}</c>: three columns for the event log, two for the security log.
    /// </summary>
    public sealed class Ecs35ReadChfLog
    {
        /// <summary>Profile Generic interface class.</summary>
        public const int ProfileGenericClassId = 7;
        /// <summary>0-0:99.98.1.255, the CHF security log.</summary>
        public const ulong SecurityLog = 0x0000636201FFUL;

        private static readonly ChfLogEntry[] NoEntries = new ChfLogEntry[0];

        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>The log read: <see cref="Obis.EventLog"/> (ECS35c) or <see cref="SecurityLog"/> (ECS35d).</summary>
        public ulong Log = Obis.EventLog;
        /// <summary>Range start, UTC seconds since 2000-01-01.</summary>
        public uint From;
        /// <summary>Range end, UTC seconds since 2000-01-01.</summary>
        public uint To;

        /// <summary>Decodes the command.</summary>
        public static Ecs35ReadChfLog DecodeRequest(AccessRequest request)
        {
            request.ExpectCount(1, "ECS35");
            AccessRequestSpec s = request.Specs[0];
            if (s.Kind != AccessKind.GetWithSelection || s.ClassId != ProfileGenericClassId || s.Id != 2 ||
                (s.Instance != Obis.EventLog && s.Instance != SecurityLog) || s.Selector != RangeDescriptor.Selector)
                throw new GbcsFormatException(GbcsErrorCode.BadField, request.Offset, "ECS35: get-with-selection of a CHF log buffer expected");
            RangeDescriptor range = RangeDescriptor.FromData(s.SelectorParameters);
            Ecs35ReadChfLog r = new Ecs35ReadChfLog();
            r.LongInvokeIdAndPriority = request.LongInvokeIdAndPriority;
            r.Log = s.Instance;
            r.From = range.From.Expect(DlmsType.DoubleLongUnsigned, "range from").UInt32Value;
            r.To = range.To.Expect(DlmsType.DoubleLongUnsigned, "range to").UInt32Value;
            return r;
        }

        /// <summary>Decodes a command content region.</summary>
        public static Ecs35ReadChfLog DecodeRequest(byte[] buffer, int offset, int count)
        {
            return DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        /// <summary>Builds the command (restricting object as RTDS: class 1, 0-0:94.44.100.255, attribute 2, index 0).</summary>
        public AccessRequest ToRequest()
        {
            RangeDescriptor range = new RangeDescriptor();
            range.RestrictingClassId = 1;
            range.RestrictingInstance = Obis.LogRangeRestrictingObject;
            range.RestrictingAttribute = 2;
            range.RestrictingDataIndex = 0;
            range.From = DlmsData.DoubleLongUnsigned(From);
            range.To = DlmsData.DoubleLongUnsigned(To);
            return new AccessRequest(LongInvokeIdAndPriority,
                new AccessRequestSpec[] { new AccessRequestSpec(ProfileGenericClassId, Log, 2, RangeDescriptor.Selector, range.ToData()) },
                new DlmsData[] { DlmsData.Null() });
        }

        /// <summary>Encodes the command payload.</summary>
        public byte[] Encode()
        {
            return ToRequest().Encode();
        }

        /// <summary>Decodes the log entries of a response; <paramref name="result"/> receives the data-access result.</summary>
        public static ChfLogEntry[] DecodeResponse(AccessResponse response, out int result)
        {
            response.ExpectCount(1, "ECS35 response");
            if (response.Results[0].Kind != AccessKind.Get)
                throw new GbcsFormatException(GbcsErrorCode.BadField, response.Offset, "ECS35 response: get result expected");
            result = response.Results[0].Result;
            DlmsData d = response.Data[0];
            if (d.Type == DlmsType.Null) return NoEntries;
            d.Expect(DlmsType.CompactArray, "log buffer");
            ChfLogEntry[] entries = new ChfLogEntry[d.Children.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                DlmsData row = d.Children[i];
                row.Expect(DlmsType.Structure, "log entry");
                if (row.Children.Length != 2 && row.Children.Length != 3)
                    throw new GbcsFormatException(GbcsErrorCode.BadField, d.TagOffset, "log entry of " + row.Children.Length.ToString() + " columns");
                ChfLogEntry e = new ChfLogEntry();
                e.Time = row.Children[0].Expect(DlmsType.DoubleLongUnsigned, "entry time").UInt32Value;
                e.EventCode = (int)row.Children[1].Expect(DlmsType.LongUnsigned, "event code").Value;
                if (row.Children.Length == 3) e.Data = row.Children[2].ExpectOctetString(-1, "event data").ToBytes();
                entries[i] = e;
            }
            return entries;
        }

        /// <summary>
        /// Builds the response: a compact-array with three columns when <paramref name="withData"/> (event log) or
        /// two (security log); null-data when <paramref name="result"/> is not 0.
        /// </summary>
        public static AccessResponse BuildResponse(uint longInvokeIdAndPriority, int result, ChfLogEntry[] entries, bool withData)
        {
            DlmsData data = null;
            if (result == 0)
            {
                DlmsTypeDescription[] columns = withData
                    ? new DlmsTypeDescription[] { new DlmsTypeDescription(DlmsType.DoubleLongUnsigned), new DlmsTypeDescription(DlmsType.LongUnsigned), new DlmsTypeDescription(DlmsType.OctetString) }
                    : new DlmsTypeDescription[] { new DlmsTypeDescription(DlmsType.DoubleLongUnsigned), new DlmsTypeDescription(DlmsType.LongUnsigned) };
                DlmsData[] rows = new DlmsData[entries == null ? 0 : entries.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    ChfLogEntry e = entries[i];
                    rows[i] = withData
                        ? DlmsData.Structure(new DlmsData[] { DlmsData.DoubleLongUnsigned(e.Time), DlmsData.LongUnsigned(e.EventCode), DlmsData.OctetString(e.Data ?? new byte[0]) })
                        : DlmsData.Structure(new DlmsData[] { DlmsData.DoubleLongUnsigned(e.Time), DlmsData.LongUnsigned(e.EventCode) });
                }
                data = DlmsData.CompactArray(DlmsTypeDescription.Structure(columns), rows);
            }
            return ChfResponses.Single(longInvokeIdAndPriority, AccessKind.Get, result, data);
        }
    }
}
