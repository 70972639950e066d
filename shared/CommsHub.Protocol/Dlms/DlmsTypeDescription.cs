namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// The element type of a compact array (A-XDR Type-Description): a simple type tag, a structure of
    /// descriptions, or a fixed-count array of one description.
    /// </summary>
    public sealed class DlmsTypeDescription
    {
        private static readonly DlmsTypeDescription[] NoChildren = new DlmsTypeDescription[0];

        /// <summary>Creates a simple (non-constructed) type description.</summary>
        public DlmsTypeDescription(DlmsType type)
        {
            Type = type;
            Children = NoChildren;
        }

        /// <summary>Creates a structure description.</summary>
        public static DlmsTypeDescription Structure(DlmsTypeDescription[] elements)
        {
            DlmsTypeDescription d = new DlmsTypeDescription(DlmsType.Structure);
            d.Children = elements;
            return d;
        }

        /// <summary>Creates an array description of <paramref name="count"/> elements of <paramref name="element"/>.</summary>
        public static DlmsTypeDescription Array(int count, DlmsTypeDescription element)
        {
            DlmsTypeDescription d = new DlmsTypeDescription(DlmsType.Array);
            d.ElementCount = count;
            d.Element = element;
            return d;
        }

        /// <summary>The described type.</summary>
        public DlmsType Type { get; private set; }

        /// <summary>Element descriptions of a structure (empty otherwise).</summary>
        public DlmsTypeDescription[] Children { get; private set; }

        /// <summary>Element count of an array description (a 16-bit field on the wire).</summary>
        public int ElementCount { get; private set; }

        /// <summary>Element description of an array description, else null.</summary>
        public DlmsTypeDescription Element { get; private set; }

        /// <summary>Width of a structure description's count field as received (0 = minimal).</summary>
        public int LengthWidth { get; internal set; }
    }
}
