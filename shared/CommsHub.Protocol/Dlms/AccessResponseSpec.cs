namespace CommsHub.Protocol.Dlms
{
    /// <summary>One access-response-specification: the kind it answers and its result code.</summary>
    public sealed class AccessResponseSpec
    {
        /// <summary>Creates a result.</summary>
        public AccessResponseSpec(AccessKind kind, int result)
        {
            Kind = kind;
            Result = result;
        }

        /// <summary>Get (1), set (2) or action (3).</summary>
        public AccessKind Kind { get; private set; }

        /// <summary>
        /// Data-Access-Result (get/set) or Action-Result (action): 0 success, 1 hardware fault, 2 temporary failure,
        /// 3 read-write denied, ..., 250 other reason.
        /// </summary>
        public int Result { get; private set; }

        /// <summary>True for result 0.</summary>
        public bool IsSuccess { get { return Result == 0; } }
    }
}
