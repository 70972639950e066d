using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Cli.Readings;

/// <summary>
/// Turns the GBCS payload of a 4.1.1 I0 into the register line <c>read-meter</c> prints. The adapter picks the use case
/// by the target's device type (ECS17b for an ESME, GCS13a for a GSME), and the response carries its message code, so
/// the decoder is chosen by that code rather than by what was asked.
/// </summary>
internal static class MeterReading
{
    /// <summary>Message code of ECS17b Read ESME Energy Registers (Import Energy).</summary>
    public const int Ecs17b = 0x0027;

    /// <summary>Message code of GCS13a Read GSME Consumption Register.</summary>
    public const int Gcs13a = 0x0074;

    /// <summary>
    /// Decrypts the registers with the reader's KA key from <paramref name="keys"/> and formats them:
    /// "active import 10 Wh, reactive import 10 varh" or "consumption 12.345 m3".
    /// </summary>
    /// <exception cref="ReadingException">anything that keeps the answer from being read, as one line.</exception>
    public static string Describe(byte[] gbcs, IGbcsKeyStore keys)
    {
        ArgumentNullException.ThrowIfNull(gbcs);
        try
        {
            var m = GbcsFrameParser.Parse(gbcs);
            if (m.Cra != CraFlag.Response) throw new ReadingException($"the payload is a {m.Cra.ToString().ToLowerInvariant()}, not a response");
            switch (m.MessageCode)
            {
                case Ecs17b:
                    return EsmeImportRegisters.Describe(EncryptedReading.Decrypt(m, keys, "ECS17b").Plaintext);
                case Gcs13a:
                    var (content, plain) = EncryptedReading.Decrypt(m, keys, "GCS13a");
                    return GsmeConsumptionRegister.Describe(content.ClusterId, content.ZclCommandId, plain);
                default:
                    var useCase = MessageCodes.Lookup(m.MessageCode) is { } info ? $" ({info.Name} {info.Title})" : "";
                    throw new ReadingException($"message code 0x{m.MessageCode:X4}{useCase} is not a register read read-meter decodes (ECS17b, GCS13a)");
            }
        }
        catch (GbcsFormatException e)
        {
            throw new ReadingException("the GBCS payload does not parse: " + e.Message, e);
        }
    }
}
