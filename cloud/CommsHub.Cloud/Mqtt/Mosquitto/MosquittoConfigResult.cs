namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>What <see cref="MosquittoConfigWriter"/> wrote.</summary>
/// <param name="ConfigFile"><c>mosquitto.conf</c> (start with <c>mosquitto -c</c>).</param>
/// <param name="DynamicSecurityFile">The dynamic security plugin's accounts and roles (null with <see cref="MosquittoAccessControl.AclFile"/>).</param>
/// <param name="PasswordFile">The password file (<see cref="MosquittoAccessControl.AclFile"/> only).</param>
/// <param name="AclFile">The ACL file (<see cref="MosquittoAccessControl.AclFile"/> only).</param>
/// <param name="CertificateFile">The broker's TLS certificate (null without a TLS listener).</param>
/// <param name="KeyFile">Its private key.</param>
/// <param name="CaFile">The CA clients trust the broker with (the test SMKI root).</param>
/// <param name="PersistenceDirectory">Where Mosquitto keeps sessions and retained messages.</param>
/// <param name="Accounts">How many accounts were written.</param>
/// <param name="Hashing">How the passwords were hashed (<c>mosquitto_passwd</c> or <c>built-in</c> PBKDF2-SHA512).</param>
/// <param name="AdminSecretFile">The plugin admin account's secret (<see cref="MosquittoDynsecAdmin"/>; null with <see cref="MosquittoAccessControl.AclFile"/>).</param>
public sealed record MosquittoConfigResult(string ConfigFile, string? DynamicSecurityFile, string? PasswordFile, string? AclFile,
    string? CertificateFile, string? KeyFile, string? CaFile, string PersistenceDirectory, int Accounts, string Hashing, string? AdminSecretFile = null)
{
    /// <summary>The files written, for printing.</summary>
    public IEnumerable<(string What, string Path)> Files()
    {
        yield return ("config", ConfigFile);
        if (DynamicSecurityFile is not null) yield return ("dynamic-security", DynamicSecurityFile);
        if (AdminSecretFile is not null) yield return ("admin-secret", AdminSecretFile);
        if (PasswordFile is not null) yield return ("passwords", PasswordFile);
        if (AclFile is not null) yield return ("acl", AclFile);
        if (CertificateFile is not null) yield return ("certificate", CertificateFile);
        if (KeyFile is not null) yield return ("key", KeyFile);
        if (CaFile is not null) yield return ("ca", CaFile);
        yield return ("persistence", PersistenceDirectory);
    }
}
