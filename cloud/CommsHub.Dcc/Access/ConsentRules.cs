namespace CommsHub.Dcc.Access;

/// <summary>What an Other User's consent covers (the categories of an OU consent statement, SEC-DCC.md §4).</summary>
public enum ConsentPurpose
{
    /// <summary>(A) collecting and using the consumer's consumption data (and tariff details, see <see cref="ConsentRules"/>).</summary>
    ConsumptionData,
    /// <summary>(B) using Service Requests to join or unjoin Type 2 devices (e.g. the OU's own consumer access device).</summary>
    Type2JoinUnjoin,
}

/// <summary>
/// Which Other User SRVs need a recorded consumer consent for the device's MPxN in force at the time (E4 otherwise).
/// Only Other Users are checked: suppliers and network operators are governed by their licences (SEC-DCC.md §4),
/// which the DCC does not enforce per request.
/// </summary>
public static class ConsentRules
{
    /// <summary>
    /// SRVs that count as consumption data, and why:
    /// 4.8.1 Read Active Import Profile Data, 4.8.2 Read Reactive Import Profile Data, 4.8.3 Read Export Profile Data
    /// (half-hourly consumption and export: the "history of a customer's consumption" the DCC says needs consent);
    /// 4.17 Retrieve Daily Consumption Log (daily consumption);
    /// 4.11.1, 4.11.2 Read Tariff (the DCC's own example pairs "details of their current tariff" with consumption as
    /// needing consent, SEC-DCC.md §4 [DCCUSERS]).
    /// Not consumption data: 6.2.4/6.2.7 identity and MPxN, 7.7/7.11/7.14/7.15 auxiliary load and boost configuration,
    /// 8.9/8.11 device logs, 11.2 firmware version, 5.x schedules (a schedule only delivers what the scheduled SRV
    /// would, and that SRV is checked when it runs), 8.2/8.4 inventory, 12.x, and 9.1 Request Customer Identification
    /// Number, which is how an OU verifies the consumer it is asking consent from, so it cannot require that consent.
    /// </summary>
    public static IReadOnlySet<string> ConsumptionDataSrvs { get; } =
        new HashSet<string>(["4.8.1", "4.8.2", "4.8.3", "4.17", "4.11.1", "4.11.2"], StringComparer.Ordinal);

    /// <summary>8.7.2 Join Service and 8.8.2 Unjoin Service (non-critical): the only join/unjoin SRVs an OU may send.</summary>
    public static IReadOnlySet<string> Type2JoinUnjoinSrvs { get; } =
        new HashSet<string>(["8.7.2", "8.8.2"], StringComparer.Ordinal);

    /// <summary>The consent an Other User needs for <paramref name="srv"/>, or null when none is needed.</summary>
    public static ConsentPurpose? PurposeOf(string srv) =>
        ConsumptionDataSrvs.Contains(srv) ? ConsentPurpose.ConsumptionData
        : Type2JoinUnjoinSrvs.Contains(srv) ? ConsentPurpose.Type2JoinUnjoin
        : null;
}

/// <summary>A consumer's consent to an Other User for one metering point, in force over a half-open period (UTC).</summary>
/// <param name="UserEui">The Other User.</param>
/// <param name="Mpxn">The metering point the consumer consented for.</param>
/// <param name="Purpose">What the consent covers.</param>
/// <param name="From">First instant in force.</param>
/// <param name="To">First instant no longer in force (withdrawn or expired); null while open.</param>
public sealed record ConsentRecord(ulong UserEui, string Mpxn, ConsentPurpose Purpose, DateTimeOffset From, DateTimeOffset? To)
{
    /// <summary>True when in force at <paramref name="at"/> (inclusive from, exclusive to, like Registration Data).</summary>
    public bool InForce(DateTimeOffset at) => From <= at && (To is not { } to || at < to);
}
