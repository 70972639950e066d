using CommsHub.Firmware.SelfTest.Doubles;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>The identities the self-test frames use (DCC Boxed EUIs) and their test-double keys.</summary>
    public static class Parties
    {
        /// <summary>Access Control Broker.</summary>
        public const ulong Acb = 0x90B3D51F30000002;
        /// <summary>A supplier.</summary>
        public const ulong Supplier = 0x90B3D51F30010000;
        /// <summary>The comms hub function.</summary>
        public const ulong Chf = 0x00DB1234567890A2;
        /// <summary>An electricity meter.</summary>
        public const ulong Esme = 0x00DB1234567890A0;
        /// <summary>A gas meter.</summary>
        public const ulong Gsme = 0x00DB1234567890A1;

        /// <summary>ACB key-agreement key.</summary>
        public static readonly DoubleKey AcbKa = new DoubleKey(new byte[] { 1, 1 });
        /// <summary>CHF key-agreement key.</summary>
        public static readonly DoubleKey ChfKa = new DoubleKey(new byte[] { 2, 1 });
        /// <summary>CHF digital-signature key.</summary>
        public static readonly DoubleKey ChfDs = new DoubleKey(new byte[] { 2, 2 });
        /// <summary>Supplier digital-signature key.</summary>
        public static readonly DoubleKey SupplierDs = new DoubleKey(new byte[] { 3, 2 });
    }
}
