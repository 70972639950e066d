using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Readings;

/// <summary>
/// Opens the one encrypted content of a register read response (GBCS.md §1.5: the registers travel encrypted for the
/// reader, DLMS protected attributes for an ESME, a GBZ encrypted component for a GSME) with the reader's KA key.
/// </summary>
internal static class EncryptedReading
{
    /// <summary>The content and its plaintext.</summary>
    /// <exception cref="ReadingException">none or several encrypted contents, or they do not decrypt with the keys held.</exception>
    public static (EncryptedContent Content, byte[] Plaintext) Decrypt(GbcsMessage response, IGbcsKeyStore keys, string useCase)
    {
        var found = EncryptedContentLocator.Find(response);
        if (found.Length != 1)
            throw new ReadingException($"{useCase}: expected one encrypted register content, found {found.Length}");
        var content = found[0];
        var plain = new byte[content.CiphertextLength];
        var result = new GbcsPayloadCipher(new NetGbcsCrypto()).Decrypt(response, content, keys, false, plain, 0);
        return result switch
        {
            CheckResult.Valid => (content, plain),
            CheckResult.NoKey => throw new ReadingException(
                $"{useCase}: no KA key pair to decrypt the registers for {Eui(GbcsPayloadCipher.KeyRecipient(response))} from {Eui(response.Originator)}"),
            _ => throw new ReadingException($"{useCase}: the registers do not decrypt with the reader's KA key ({result})"),
        };
    }

    private static string Eui(ulong eui) => CommsHub.Protocol.Encoding.Eui64.ToText(eui);
}
