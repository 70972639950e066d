using CommsHub.Protocol.Dlms;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>Builds the ACCESS.responses of CHF commands whose responses carry only result codes.</summary>
    public static class ChfResponses
    {
        /// <summary>
        /// A response with one null-data item per result: <paramref name="kinds"/>[i] answered with
        /// <paramref name="results"/>[i] (0 success, 1 hardware fault, ..., 250 other reason).
        /// </summary>
        public static AccessResponse ResultsOnly(uint longInvokeIdAndPriority, AccessKind[] kinds, int[] results)
        {
            DlmsData[] data = new DlmsData[kinds.Length];
            AccessResponseSpec[] specs = new AccessResponseSpec[kinds.Length];
            for (int i = 0; i < kinds.Length; i++)
            {
                data[i] = DlmsData.Null();
                specs[i] = new AccessResponseSpec(kinds[i], results[i]);
            }
            return new AccessResponse(longInvokeIdAndPriority, data, specs);
        }

        /// <summary>A one-item response: <paramref name="data"/> (null-data when null) with <paramref name="result"/>.</summary>
        public static AccessResponse Single(uint longInvokeIdAndPriority, AccessKind kind, int result, DlmsData data)
        {
            return new AccessResponse(longInvokeIdAndPriority,
                new DlmsData[] { data ?? DlmsData.Null() },
                new AccessResponseSpec[] { new AccessResponseSpec(kind, result) });
        }
    }
}
