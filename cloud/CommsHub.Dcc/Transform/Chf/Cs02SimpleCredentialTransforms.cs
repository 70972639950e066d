using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// The CS02 credential commands with small bodies:
/// 6.24.1 Retrieve Device Security Credentials (KRP) -> CS02a (or CS02f when a Load Controller's credentials are asked
/// for), originated by the ACB in its own right (no Supplementary Remote Party): <c>SEQUENCE { authorising TA cell (the ACB's key agreement cell), SEQUENCE OF remotePartyRole }</c>;
/// 6.17 Issue Security Credentials -> CS02c and 6.24.2 Retrieve Device Security Credentials (Device) -> CS02e, critical,
/// user-originated: <c>SEQUENCE { keyUsage }</c>.
/// </summary>
internal static class Cs02SimpleCredentialTransforms
{
    /// <summary>The transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All() =>
    [
        new ProvideSecurityCredentialDetails(),
        new KeyUsageCommand("6.17", "IssueSecurityCredentials", "CS02c", 0x000A /* CS02c */),
        new KeyUsageCommand("6.24.2", "RetrieveDeviceSecurityCredentialsDevice", "CS02e", 0x000C /* CS02e */),
    ];

    private sealed class ProvideSecurityCredentialDetails() : UseCaseTransform("6.24.1", "CS02a", "CS02f")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != "RetrieveDeviceSecurityCredentialsKRP") return null;
            var roles = body.ChildNodes.OfType<System.Xml.XmlElement>().Where(e => e.LocalName == "RemotePartyRole")
                .Select(e => e.InnerText.Trim()).ToArray();
            if (roles.Length == 0) throw DuisBody.Invalid("sr:RetrieveDeviceSecurityCredentialsKRP names no sr:RemotePartyRole");
            var codes = roles.Select(SecurityCredentialsAsn1.RoleOf).ToArray();
            var (useCase, code) = roles.Contains("LoadController") ? ("CS02f", 0x011B /* CS02f */) : ("CS02a", 0x0008 /* CS02a */);
            // RTDS sends CS02a/f from the ACB in its own right: a 2-byte other-information, no Supplementary Remote Party.
            return new UseCasePlan(useCase, code, CommandOrigin.AccessControlBrokerOnly, false, _ =>
            {
                var w = new ByteWriter();
                var d = new DerWriter(w);
                d.BeginSequence();
                SecurityCredentialsAsn1.WriteCellIdentifier(d, SecurityCredentialsAsn1.AccessControlBroker, KeyUsage.KeyAgreement);
                d.BeginSequence();
                foreach (var role in codes) d.WriteInteger(role);
                d.EndSequence();
                d.EndSequence();
                return w.ToArray();
            });
        }
    }

    private sealed class KeyUsageCommand(string srv, string bodyName, string useCase, int code) : UseCaseTransform(srv, useCase)
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != bodyName) return null;
            var usage = SecurityCredentialsAsn1.KeyUsageOf(DuisBody.RequiredText(body, "CredentialType"));
            return new UseCasePlan(useCase, code, CommandOrigin.User, true, _ =>
            {
                var w = new ByteWriter();
                var d = new DerWriter(w);
                d.BeginSequence();
                SecurityCredentialsAsn1.WriteKeyUsage(d, usage);
                d.EndSequence();
                return w.ToArray();
            });
        }
    }
}
