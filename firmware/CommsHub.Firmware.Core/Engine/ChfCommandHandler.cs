namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// One CHF use case. The engine calls <see cref="Decode"/> before it accepts the command's counter, so a payload
    /// the use case cannot read is rejected with no state change; <see cref="Execute"/> then changes state and returns
    /// the response payload. Instances are reused (one per engine, not thread-safe).
    /// </summary>
    internal abstract class ChfCommandHandler
    {
        /// <summary>True when this handler executes <paramref name="messageCode"/>.</summary>
        internal abstract bool Handles(int messageCode);

        /// <summary>Decodes the payload into the handler's fields; throws <c>GbcsFormatException</c> when it is not this use case.</summary>
        internal abstract void Decode(int messageCode, byte[] buffer, int offset, int count);

        /// <summary>Executes the decoded command and returns the response payload.</summary>
        internal abstract byte[] Execute(HubEngine hub);
    }
}
