using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Firmware.Host.Storage;

namespace CommsHub.Firmware.Host.Keys;

/// <summary>
/// Private keys a virtual party owns, in the RTDS keystore naming (<c>&lt;eui&gt;-ka.key</c> PKCS#8 PEM plus
/// <c>&lt;eui&gt;-ka.pem</c> SPKI PEM for whoever needs the public half). A key is taken from the keystore folder
/// when present there, else from the party's own folder, else generated and saved there, so a virtual hub or meter
/// keeps its identity across restarts. Private key material is never logged.
/// </summary>
public static class KeyFiles
{
    /// <summary>Where a key came from.</summary>
    public enum Source
    {
        /// <summary>The shared keystore folder (e.g. the RTDS ESME KA key).</summary>
        Keystore,
        /// <summary>Saved earlier in the party's own folder.</summary>
        Saved,
        /// <summary>Generated now and saved.</summary>
        Generated,
    }

    /// <summary>
    /// Loads or creates the private key of <paramref name="eui"/> for <paramref name="usage"/>. <paramref name="keystore"/>
    /// may be null; <paramref name="ownFolder"/> is created when a key must be saved.
    /// </summary>
    public static NetPrivateKey LoadOrCreate(string? keystore, string ownFolder, ulong eui, KeyUsage usage, out Source source, out string path)
    {
        var name = new KeyFileName(eui, usage, false, IsPrivate: true);
        if (keystore is not null)
        {
            var inStore = Find(keystore, name);
            if (inStore is not null)
            {
                source = Source.Keystore;
                path = inStore;
                return NetPrivateKey.FromPkcs8Pem(File.ReadAllText(inStore));
            }
        }
        var saved = Find(ownFolder, name);
        if (saved is not null)
        {
            source = Source.Saved;
            path = saved;
            return NetPrivateKey.FromPkcs8Pem(File.ReadAllText(saved));
        }
        DurableDirectory.Create(ownFolder);
        path = Path.Combine(ownFolder, name.ToString());
        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            // The public half first, each file whole or not at all: the private key is what makes a later start take
            // the pair as saved, so once it exists its public half (which the adapter needs) must exist too. A crash
            // before it leaves no private key, and the next start generates a pair again.
            DurableFile.WriteAllText(Path.Combine(ownFolder, (name with { IsPrivate = false }).ToString()), ec.ExportSubjectPublicKeyInfoPem(), ownerOnly: false);
            DurableFile.WriteAllText(path, ec.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        }
        source = Source.Generated;
        return NetPrivateKey.FromPkcs8Pem(File.ReadAllText(path));
    }

    /// <summary>The file in <paramref name="folder"/> with this name in either hex case, or null.</summary>
    public static string? Find(string folder, KeyFileName name)
    {
        if (!Directory.Exists(folder)) return null;
        foreach (var candidate in new[] { name.FileName(lowerCaseEui: true), name.FileName(lowerCaseEui: false) })
        {
            var p = Path.Combine(folder, candidate);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
