namespace CommsHub.Protocol.Crypto
{
    /// <summary>Constant-time comparison for MACs, so a forger learns nothing from timing.</summary>
    public static class ConstantTime
    {
        /// <summary>True when the two ranges are equal; the time taken depends only on <paramref name="count"/>.</summary>
        public static bool Equals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int diff = 0;
            for (int i = 0; i < count; i++) diff |= a[aOffset + i] ^ b[bOffset + i];
            return diff == 0;
        }
    }
}
