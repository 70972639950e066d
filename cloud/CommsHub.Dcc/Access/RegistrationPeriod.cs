namespace CommsHub.Dcc.Access;

/// <summary>
/// One row of Registration Data: <paramref name="PartyEui"/> is the registered party in <paramref name="Role"/> for
/// <paramref name="Mpxn"/> from <paramref name="EffectiveFrom"/> until <paramref name="EffectiveTo"/>.
/// </summary>
/// <remarks>
/// <para><b>Boundary rule: inclusive from, exclusive to, UTC.</b> The period covers every instant t with
/// <c>EffectiveFrom &lt;= t &lt; EffectiveTo</c> (no end: open). A change of supplier at T is recorded as the old
/// period ending at T and the new one starting at T, so at any instant exactly one party is registered: the old
/// supplier up to T-1 tick, the new one from T on. Half-open periods are the only form in which consecutive periods
/// neither overlap nor leave a gap, whatever the clock resolution.</para>
/// <para>SEC defines the Import/Export Supplier "for any period of or point in time" as the Supplier Party Registered
/// then (SEC-DCC.md §1.3, §5); hence E4 asks "registered at the required date and time", not "registered now".</para>
/// </remarks>
/// <param name="Mpxn">MPAN (electricity) or MPRN (gas).</param>
/// <param name="Role">Which registration: ImportSupplier, ExportSupplier, GasSupplier, ElectricityDistributor,
/// GasTransporter, or RegisteredSupplierAgent (see <see cref="RegistrationData.IsRegistrable"/>).</param>
/// <param name="PartyEui">The User ID registered in that role.</param>
/// <param name="EffectiveFrom">First instant covered (UTC).</param>
/// <param name="EffectiveTo">First instant no longer covered (UTC); null while open.</param>
public sealed record RegistrationPeriod(string Mpxn, UserRole Role, ulong PartyEui, DateTimeOffset EffectiveFrom, DateTimeOffset? EffectiveTo)
{
    /// <summary>True when the period covers <paramref name="at"/> (inclusive from, exclusive to).</summary>
    public bool Covers(DateTimeOffset at) => EffectiveFrom <= at && (EffectiveTo is not { } to || at < to);
}
