namespace CommsHub.Protocol.Dlms
{
    /// <summary>Access-request/response specification choice (DLMS ACCESS service).</summary>
    public enum AccessKind
    {
        /// <summary>GET of an attribute.</summary>
        Get = 1,
        /// <summary>SET of an attribute.</summary>
        Set = 2,
        /// <summary>ACTION (method invocation).</summary>
        Action = 3,
        /// <summary>GET with selective access (profile reads).</summary>
        GetWithSelection = 4,
    }
}
