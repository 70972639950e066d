namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// One access-request-specification: the COSEM object (class id, OBIS instance) and the attribute or method id,
    /// plus the access selection for <see cref="AccessKind.GetWithSelection"/>.
    /// </summary>
    public sealed class AccessRequestSpec
    {
        /// <summary>Creates a spec without selective access.</summary>
        public AccessRequestSpec(AccessKind kind, int classId, ulong instance, int id)
        {
            Kind = kind;
            ClassId = classId;
            Instance = instance;
            Id = id;
            Selector = -1;
        }

        /// <summary>Creates a <see cref="AccessKind.GetWithSelection"/> spec.</summary>
        public AccessRequestSpec(int classId, ulong instance, int attributeId, int selector, DlmsData parameters)
            : this(AccessKind.GetWithSelection, classId, instance, attributeId)
        {
            Selector = selector;
            SelectorParameters = parameters;
        }

        /// <summary>Get, set, action or get-with-selection.</summary>
        public AccessKind Kind { get; private set; }
        /// <summary>COSEM interface class id (e.g. 104 ZigBee Network Control, 7 Profile Generic, 1 Data).</summary>
        public int ClassId { get; private set; }
        /// <summary>Logical name (OBIS) as a 48-bit number; see <see cref="Obis"/>.</summary>
        public ulong Instance { get; private set; }
        /// <summary>Attribute id (get/set) or method id (action).</summary>
        public int Id { get; private set; }
        /// <summary>Access selector (1 = range descriptor) for get-with-selection, else -1.</summary>
        public int Selector { get; private set; }
        /// <summary>Selective access parameters, else null. See <see cref="RangeDescriptor"/>.</summary>
        public DlmsData SelectorParameters { get; private set; }
    }
}
