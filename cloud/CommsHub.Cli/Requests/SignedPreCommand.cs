using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Requests;

/// <summary>
/// The second half of a critical SRV (DUIS CV 4 then CV 5): the adapter answers the CV 4 request with a GBCS
/// pre-command, the user signs it with their GBCS digital-signing key (the signature goes in the frame's ECDSA field)
/// and sends it back as a CV 5 <c>sr:SignedPreCommand</c> request, which the adapter completes (ACB MAC) and dispatches.
/// </summary>
internal static class SignedPreCommand
{
    /// <summary>The pre-command with an ECDSA signature field added and filled by <paramref name="key"/>.</summary>
    /// <exception cref="CommsHub.Protocol.Encoding.GbcsFormatException">The adapter's pre-command is not a GBCS frame.</exception>
    public static byte[] Sign(byte[] preCommand, IGbcsPrivateKey key)
    {
        var builder = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(preCommand));
        builder.Signature = SignatureKind.Ecdsa;
        var signed = builder.Build();
        GbcsSigner.Sign(new NetGbcsCrypto(), key, GbcsFrameParser.Parse(signed));
        return signed;
    }

    /// <summary>The user's GBCS digital-signing key from a PKCS#8 PEM file (the adapter's <c>smki/keys/EUI-ds.key</c>).</summary>
    /// <exception cref="SendUsageException">The file is missing.</exception>
    public static NetPrivateKey LoadKey(string path) => File.Exists(path)
        ? NetPrivateKey.FromPkcs8Pem(File.ReadAllText(path))
        : throw new SendUsageException($"no GBCS digital-signing key for the critical command's pre-command at {path}: give --data (the adapter's data folder)");

    /// <summary>The unsigned CV 5 request carrying <paramref name="signed"/> for <paramref name="srv"/>, with RequestID <paramref name="id"/>.</summary>
    public static XmlDocument Request(string srv, string serviceReference, RequestId id, byte[] signed)
    {
        var body = DuisRequestBuilder.NewRequest(id.ToString(), 5, serviceReference, srv, "SignedPreCommand");
        DuisRequestBuilder.Append(body, "GBCSPayload", Convert.ToBase64String(signed));
        return body.OwnerDocument;
    }
}
