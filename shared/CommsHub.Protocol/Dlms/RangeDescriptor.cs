namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// Selective access by range (access selector 1) for Profile Generic buffers:
    /// <c>{restricting_object {class id, logical name, attribute, data index}, from_value, to_value, selected_values[]}</c>.
    /// </summary>
    public sealed class RangeDescriptor
    {
        private static readonly DlmsData[] NoColumns = new DlmsData[0];

        /// <summary>Access selector value for a range descriptor.</summary>
        public const int Selector = 1;

        /// <summary>Class id of the column the range restricts.</summary>
        public int RestrictingClassId;
        /// <summary>Logical name of the column the range restricts.</summary>
        public ulong RestrictingInstance;
        /// <summary>Attribute index of the restricting column (signed, integer type).</summary>
        public int RestrictingAttribute;
        /// <summary>Data index of the restricting column.</summary>
        public int RestrictingDataIndex;
        /// <summary>Lower bound (GBCS logs: double-long-unsigned UTC seconds since 2000).</summary>
        public DlmsData From;
        /// <summary>Upper bound.</summary>
        public DlmsData To;
        /// <summary>Selected columns (empty = all).</summary>
        public DlmsData[] SelectedValues = NoColumns;

        /// <summary>Decodes the selector parameters.</summary>
        public static RangeDescriptor FromData(DlmsData d)
        {
            d.ExpectStructure(4, "range descriptor");
            DlmsData ro = d.Children[0].ExpectStructure(4, "restricting object");
            RangeDescriptor r = new RangeDescriptor();
            r.RestrictingClassId = (int)ro.Children[0].Expect(DlmsType.LongUnsigned, "restricting class id").Value;
            DlmsData ln = ro.Children[1].ExpectOctetString(Obis.Length, "restricting logical name");
            r.RestrictingInstance = Obis.Read(ln.Buffer, ln.ValueOffset);
            r.RestrictingAttribute = (int)ro.Children[2].Expect(DlmsType.Integer, "restricting attribute").Value;
            r.RestrictingDataIndex = (int)ro.Children[3].Expect(DlmsType.LongUnsigned, "restricting data index").Value;
            r.From = d.Children[1];
            r.To = d.Children[2];
            r.SelectedValues = d.Children[3].Expect(DlmsType.Array, "selected values").Children;
            return r;
        }

        /// <summary>Encodes as the selector parameters structure.</summary>
        public DlmsData ToData()
        {
            DlmsData ro = DlmsData.Structure(new DlmsData[]
            {
                DlmsData.LongUnsigned(RestrictingClassId),
                DlmsData.OctetString(Obis.ToBytes(RestrictingInstance)),
                DlmsData.Integer(RestrictingAttribute),
                DlmsData.LongUnsigned(RestrictingDataIndex),
            });
            return DlmsData.Structure(new DlmsData[] { ro, From, To, DlmsData.Array(SelectedValues) });
        }
    }
}
