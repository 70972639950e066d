using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// The dual-band CHF's Sub GHz use cases, one access each on its Sub GHz objects:
    /// DBCH01 Read CHF Sub GHz Channel (get 0-0:94.44.10.2 attr 2: the operating channel, bit-string),
    /// DBCH02 Read CHF Sub GHz Channel Log (get-with-selection of Profile Generic 0-0:94.44.10.3 attr 2: compact array
    /// of {double-long-unsigned time, long-unsigned event, octet-string}),
    /// DBCH03 Read / DBCH04 Set CHF Sub GHz Configuration (0-0:94.44.10.0 attr 2: a structure of 15, four 32-bit
    /// channel masks then eleven unsigned / long-unsigned parameters) and
    /// DBCH05 Request CHF Sub GHz Channel Scan (set 0-0:94.44.10.1 attr 2, unsigned).
    /// This hub has no Sub GHz radio: it keeps the configuration set (in RAM: a restart returns the unconfigured
    /// all-zero one), reports channel 0, a scan request changes nothing, and its channel log is empty.
    /// </summary>
    internal sealed class DbchSubGhzHandler : ChfCommandHandler
    {
        private const int DataClass = 1;
        private const int ProfileGenericClass = 7;
        private const int ValueAttribute = 2;
        private const ulong Configuration = 0x00005E2C0A00UL;
        private const ulong ChannelScan = 0x00005E2C0A01UL;
        private const ulong OperatingChannel = 0x00005E2C0A02UL;
        private const ulong ChannelLog = 0x00005E2C0A03UL;
        private const int ChannelMasks = 4;
        private const int ConfigurationFields = 15;
        private const int ChannelBits = 32;

        private DlmsData _configuration = Unconfigured();
        private int _messageCode;
        private uint _invokeId;
        private DlmsData _set;

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            AccessRequest r = AccessRequest.Decode(buffer, offset, count);
            r.ExpectCount(1, "DBCH");
            _messageCode = messageCode;
            _invokeId = r.LongInvokeIdAndPriority;
            _set = null;
            if (messageCode == MessageCodes.DBCH01) r.ExpectSpec(0, AccessKind.Get, DataClass, OperatingChannel, ValueAttribute, "DBCH01");
            else if (messageCode == MessageCodes.DBCH02) r.ExpectSpec(0, AccessKind.GetWithSelection, ProfileGenericClass, ChannelLog, ValueAttribute, "DBCH02");
            else if (messageCode == MessageCodes.DBCH03) r.ExpectSpec(0, AccessKind.Get, DataClass, Configuration, ValueAttribute, "DBCH03");
            else if (messageCode == MessageCodes.DBCH05)
            {
                r.ExpectSpec(0, AccessKind.Set, DataClass, ChannelScan, ValueAttribute, "DBCH05");
                r.Data[0].Expect(DlmsType.Unsigned, "DBCH05 scan request");
            }
            else
            {
                r.ExpectSpec(0, AccessKind.Set, DataClass, Configuration, ValueAttribute, "DBCH04");
                _set = CheckedConfiguration(r.Data[0]);
            }
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            AccessKind kind = AccessKind.Get;
            DlmsData data;
            if (_messageCode == MessageCodes.DBCH01) data = DlmsData.BitString(new byte[ChannelBits / 8], ChannelBits);
            else if (_messageCode == MessageCodes.DBCH02)
            {
                // A get-with-selection is answered as a get (the response specs are get, set or action).
                DlmsTypeDescription[] columns = new DlmsTypeDescription[]
                {
                    new DlmsTypeDescription(DlmsType.DoubleLongUnsigned), new DlmsTypeDescription(DlmsType.LongUnsigned),
                    new DlmsTypeDescription(DlmsType.OctetString),
                };
                data = DlmsData.CompactArray(DlmsTypeDescription.Structure(columns), new DlmsData[0]);
            }
            else if (_messageCode == MessageCodes.DBCH03) data = _configuration;
            else
            {
                kind = AccessKind.Set;
                data = DlmsData.Null();
                // The command's buffer is reused for the next message: keep a copy of the structure set.
                if (_set != null)
                {
                    ByteWriter copy = new ByteWriter(64);
                    DlmsDataWriter.Write(copy, _set);
                    byte[] encoded = copy.ToArray();
                    _configuration = DlmsDataReader.Read(encoded, 0, encoded.Length);
                }
            }
            new AccessResponse(_invokeId, new DlmsData[] { data }, new AccessResponseSpec[] { new AccessResponseSpec(kind, DlmsResults.Success) })
                .Encode(response);
            return ChfCommandEffects.None;
        }

        // Four 32-bit channel masks, then the eleven parameters as unsigned or long-unsigned, as DBCH03 reports them.
        private static DlmsData CheckedConfiguration(DlmsData d)
        {
            d.ExpectStructure(ConfigurationFields, "DBCH04 Sub GHz configuration");
            for (int i = 0; i < ConfigurationFields; i++)
            {
                DlmsData f = d.Child(i);
                bool ok = i < ChannelMasks ? f.Type == DlmsType.BitString && f.Count == ChannelBits
                    : f.Type == DlmsType.Unsigned || f.Type == DlmsType.LongUnsigned;
                if (!ok) throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "DBCH04: field " + i.ToString() + " has the wrong type");
            }
            return d;
        }

        private static DlmsData Unconfigured()
        {
            DlmsData[] fields = new DlmsData[ConfigurationFields];
            for (int i = 0; i < ConfigurationFields; i++)
            {
                fields[i] = i < ChannelMasks ? DlmsData.BitString(new byte[ChannelBits / 8], ChannelBits)
                    : (i == 6 || i == 8 || i == 9 || i == 11) ? DlmsData.Unsigned(0) : DlmsData.LongUnsigned(0);
            }
            return DlmsData.Structure(fields);
        }
    }
}
