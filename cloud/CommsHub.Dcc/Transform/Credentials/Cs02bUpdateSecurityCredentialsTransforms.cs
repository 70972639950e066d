using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms.Chf;

namespace CommsHub.Dcc.Transforms.Credentials;

/// <summary>
/// The credential-replacement SRVs, each to CS02b Update Security Credentials (or CS02g for a load controller), built as
/// <see cref="UpdateSecurityCredentials"/> from the DUIS body. The certificates are the ones the request carries:
/// <list type="bullet">
/// <item>6.15.1 Update Security Credentials (KRP), critical: the user replaces its own trust anchors (supplier by
/// supplier 0x0102, NO by NO 0x0103) or, as supplier, a load controller's (CS02g 0x0126, mode 11);</item>
/// <item>6.21 Request Handover of DCC Controlled Device: the ACB, on its own account, signs the replacement of the
/// supplier or NO cells the DCC held (0x0102 / 0x0103);</item>
/// <item>6.23 Update Security Credentials (CoS): the DCC's Transitional CoS party signs the new supplier's (0x0107);</item>
/// <item>8.5 Service Opt Out: the ACB replaces its own (0x0104), MAC only.</item>
/// </list>
/// A DSP-held execution time (6.21, 8.5) is not in the command: the DCC sends it at that time.
/// </summary>
internal static class Cs02bUpdateSecurityCredentialsTransforms
{
    /// <summary>The transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All =>
        [new KeyRemotePartyTransform(), new HandoverTransform(), new ChangeOfSupplierTransform(), new ServiceOptOutTransform()];

    private const int Supplier = 2, NetworkOperator = 3, TransitionalCoS = 5, LoadController = 8;

    private static UseCasePlan PlanOf(string useCase, int code, CommandOrigin origin, bool critical, Func<CommandHeader, UpdateSecurityCredentials> build,
        bool signedByAcb = false) =>
        new(useCase, code, origin, critical, h => build(h).Encode()) { SignedByAccessControlBroker = signedByAcb };

    /// <summary>6.15.1 -> CS02b (supplier or NO by itself) or CS02g (load controller by supplier), critical.</summary>
    private sealed class KeyRemotePartyTransform() : UseCaseTransform("6.15.1", "CS02b", "CS02g")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != "UpdateSecurityCredentialsKRP") return null;
            var roleText = DuisBody.RequiredText(body, "RemotePartyRole");
            var (replaced, useCase, code, mode) = roleText switch
            {
                "Supplier" => (Supplier, "CS02b", 0x0102, 2),
                "NetworkOperator" => (NetworkOperator, "CS02b", 0x0103, 3),
                "LoadController" => (LoadController, "CS02g", 0x0126, 11),
                _ => throw Unsupported($"sr:RemotePartyRole '{roleText}' (a user replaces a supplier's, a network operator's or a load controller's trust anchors)"),
            };
            // The authorising party is the user: its own role must match, and a load controller's cells are the supplier's to replace.
            var authorising = replaced == NetworkOperator ? NetworkOperator : Supplier;
            if (context.UserRole is { } role && PartyRoleOf(role) != authorising)
                throw DuisBody.Invalid($"sr:RemotePartyRole '{roleText}' needs a {(authorising == Supplier ? "supplier" : "network operator")} user; the user acts as {role}");
            var certificates = DuisBody.Required(DuisBody.Required(body, "ReplacementCertificates"), "SupplierOrNetworkOperatorCertificates");
            var replacements = CredentialsBody.Replacements(certificates, replaced);
            var path = CredentialsBody.CertificationPath(body);
            var own = replaced == authorising;
            // A user replacing its own credentials hands its cells to certificates that must name it.
            ReplacementCertificates.Check(replacements, path, own ? request.Header.RequestId.Originator : null);
            var floor = CredentialsBody.Floor(body, "RemotePartyFloorSeqNumber");
            var topUp = CredentialsBody.Floor(body, "RemotePartyPrepaymentTopUpFloorSeqNumber");
            var disapply = CredentialsBody.DisapplyTimeBasedChecks(body);
            var when = CredentialsBody.ExecutionDateTime(body);
            return PlanOf(useCase, code, CommandOrigin.User, true, h => new UpdateSecurityCredentials
            {
                Mode = mode,
                DisapplyTimeBasedCpvChecks = disapply,
                AuthorisingCell = new TrustAnchorCell(authorising, KeyUsage.DigitalSignature),
                AuthorisingSeqNumber = CredentialsBody.SeqNumber(h),
                NewFloorSeqNumber = own ? floor : null,
                NewPrepaymentTopUpFloorSeqNumber = own ? topUp : null,
                OtherChange = !own && floor is { } f ? new RemotePartySeqNumberChange(replaced, f, topUp) : null,
                Replacements = replacements,
                CertificationPath = path,
                ExecutionDateTime = when,
            });
        }

        private static int PartyRoleOf(UserRole role) => role is UserRole.ElectricityDistributor or UserRole.GasTransporter ? NetworkOperator : Supplier;
    }

    /// <summary>6.21 -> CS02b supplier by supplier / NO by NO, originated and signed by the ACB for the DCC that held the cells.</summary>
    private sealed class HandoverTransform() : UseCaseTransform("6.21", "CS02b")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != "RequestHandoverOfDCCControlledDevice") return null;
            var roleText = DuisBody.RequiredText(body, "RemotePartyRole");
            var (role, code, mode) = roleText switch
            {
                "Supplier" => (Supplier, 0x0102, 2),
                "NetworkOperator" => (NetworkOperator, 0x0103, 3),
                _ => throw Unsupported($"sr:RemotePartyRole '{roleText}' (a handover gives a supplier's or a network operator's cells)"),
            };
            var replacements = CredentialsBody.Replacements(DuisBody.Required(body, "ReplacementCertificates"), role);
            var path = CredentialsBody.CertificationPath(body);
            ReplacementCertificates.Check(replacements, path, owner: null);
            var floor = CredentialsBody.Floor(body, "RemotePartyFloorSeqNumber");
            var topUp = CredentialsBody.Floor(body, "RemotePartyPrepaymentTopUpFloorSeqNumber");
            var disapply = CredentialsBody.DisapplyTimeBasedChecks(body);
            return PlanOf("CS02b", code, CommandOrigin.AccessControlBrokerOnly, false, h => new UpdateSecurityCredentials
            {
                Mode = mode,
                DisapplyTimeBasedCpvChecks = disapply,
                AuthorisingCell = new TrustAnchorCell(role, KeyUsage.DigitalSignature),
                AuthorisingSeqNumber = CredentialsBody.SeqNumber(h),
                NewFloorSeqNumber = floor,
                NewPrepaymentTopUpFloorSeqNumber = topUp,
                Replacements = replacements,
                CertificationPath = path,
            }, signedByAcb: true);
        }
    }

    /// <summary>6.23 -> CS02b supplier by TransCoS (mode 7), originated and signed by the DCC's Transitional CoS party.</summary>
    private sealed class ChangeOfSupplierTransform() : UseCaseTransform("6.23", "CS02b")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != "UpdateSecurityCredentialsCoS") return null;
            var replacements = CredentialsBody.Replacements(DuisBody.Required(body, "SupplierReplacementCertificates"), Supplier);
            var path = CredentialsBody.CertificationPath(body);
            ReplacementCertificates.Check(replacements, path, owner: null);
            var floor = CredentialsBody.Floor(body, "SupplierFloorSeqNumber")
                ?? throw DuisBody.Invalid("sr:UpdateSecurityCredentialsCoS has no sr:SupplierFloorSeqNumber");
            var topUp = CredentialsBody.Floor(body, "SupplierPrepaymentTopUpFloorSeqNumber");
            var disapply = CredentialsBody.DisapplyTimeBasedChecks(body);
            var when = CredentialsBody.ExecutionDateTime(body);
            return PlanOf("CS02b", 0x0107, CommandOrigin.TransitionalCoS, false, h => new UpdateSecurityCredentials
            {
                Mode = 7,
                DisapplyTimeBasedCpvChecks = disapply,
                AuthorisingCell = new TrustAnchorCell(TransitionalCoS, KeyUsage.DigitalSignature),
                AuthorisingSeqNumber = CredentialsBody.SeqNumber(h),
                OtherChange = new RemotePartySeqNumberChange(Supplier, floor, topUp),
                Replacements = replacements,
                CertificationPath = path,
                ExecutionDateTime = when,
            });
        }
    }

    /// <summary>8.5 -> CS02b ACB by ACB (mode 4): the ACB's own, MAC only, no authorising cell (the MAC is the ACB's).</summary>
    private sealed class ServiceOptOutTransform() : UseCaseTransform("8.5", "CS02b")
    {
        public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
        {
            var body = request.BodyElement;
            if (body.LocalName != "ServiceOptOut") return null;
            // DUIS makes the execution time mandatory and in the future: the DCC holds the request until then.
            var when = DuisBody.DateTime(body, "ExecutionDateTime");
            if (when <= context.Now)
                throw DuisBody.Invalid($"sr:ExecutionDateTime {when:O} of a Service Opt Out must be in the future (now {context.Now:O})");
            var replacements = CredentialsBody.Replacements(DuisBody.Required(body, "ReplacementCertificates"), SecurityCredentialsAsn1.AccessControlBroker);
            var path = CredentialsBody.CertificationPath(body);
            ReplacementCertificates.Check(replacements, path, owner: null);
            var floor = CredentialsBody.Floor(body, "ACBFloorSeqNumber")
                ?? throw DuisBody.Invalid("sr:ServiceOptOut has no sr:ACBFloorSeqNumber");
            var disapply = CredentialsBody.DisapplyTimeBasedChecks(body);
            return PlanOf("CS02b", 0x0104, CommandOrigin.AccessControlBrokerOnly, false, h => new UpdateSecurityCredentials
            {
                Mode = 4,
                DisapplyTimeBasedCpvChecks = disapply,
                AuthorisingSeqNumber = CredentialsBody.SeqNumber(h),
                NewFloorSeqNumber = floor,
                Replacements = replacements,
                CertificationPath = path,
            });
        }
    }
}
