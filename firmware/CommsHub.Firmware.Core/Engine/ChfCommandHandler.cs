using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// One CHF use case. The engine calls <see cref="Decode"/> before it accepts the command's counter, so a payload
    /// the use case cannot read is rejected with no state change; <see cref="Execute"/> then changes state and writes
    /// the response payload into the engine's reused writer, so a response costs no payload array and no DLMS object
    /// tree (a full device log would otherwise take more than the 8 KB per command a device heap can spare). A handler
    /// sees only a <see cref="ChfCommandContext"/>, and returns what the engine must announce after the response (CS14).
    /// The codes a handler executes are its rows in <see cref="ChfHandlerTable"/>. Instances are reused (one per engine,
    /// not thread-safe).
    /// </summary>
    internal abstract class ChfCommandHandler
    {
        /// <summary>Decodes the payload into the handler's fields; throws <c>GbcsFormatException</c> when it is not this use case.</summary>
        internal abstract void Decode(int messageCode, byte[] buffer, int offset, int count);

        /// <summary>
        /// Executes the decoded command, appends the response payload to <paramref name="response"/> (empty on entry)
        /// and says what changed.
        /// </summary>
        internal abstract ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response);
    }
}
