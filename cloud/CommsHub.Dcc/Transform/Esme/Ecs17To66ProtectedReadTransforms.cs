using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME reads of DUIS section 4 whose data GBCS classes as sensitive: a Data Protection
/// get_protected_attributes on the use case's collection object (0-0:43.2.x.255), with the ESME encrypting the
/// response for the user (<see cref="EsmeDlms.ProtectedGet"/>). Register reads name a Data object without selection;
/// log reads name the log's Profile Generic buffer with the body's sr:ReadLogPeriod as an entry date-time range.
/// User-originated, non-critical. (4.1.1 ECS17b, the same shape, is <see cref="Ecs17bReadImportRegistersTransform"/>.)
/// </summary>
internal static class Ecs17To66ProtectedReadTransforms
{
    public static IEnumerable<IUseCaseTransform> All() =>
    [
        // 4.1.2 ECS17d Read ESME Energy Registers (TOU): the TOU register matrix 0-0:94.44.34.1.
        Registers("4.1.2", "ReadInstantaneousImportTOUMatrices", "ECS17d", 0x0029, 0x00002B0209FF, 0x00005E2C2201),
        // 4.1.3 ECS17e Read ESME Energy Registers (TOU with blocks): the TOU-with-blocks matrix 0-0:94.44.34.2.
        Registers("4.1.3", "ReadInstantaneousImportTOUWithBlocksMatrices", "ECS17e", 0x002A, 0x00002B020AFF, 0x00005E2C2202),
        // 4.3 ECS19 Read ESME Prepayment Registers: the prepayment collection 0-0:94.44.34.30.
        Registers("4.3", "ReadInstantaneousPrepayValues", "ECS19", 0x002D, 0x00002B0201FF, 0x00005E2C221E),
        // 4.4.2 ECS20b Read ESME Billing Data Log (change of mode / tariff triggered): 0-0:98.1.2.255.
        Logs("4.4.2", "RetrieveCoMOrTariffTriggeredBillingDataLog", "ECS20b", 0x002F, 0x00002B0203FF, 0x0000620102FF),
        // 4.4.3 ECS20c Read ESME Billing Data Log (billing calendar triggered): 0-0:98.1.0.255 and 0-0:98.1.1.255.
        Logs("4.4.3", "RetrieveBillingCalendarTriggeredBillingDataLog", "ECS20c", 0x0030, 0x00002B0202FF, 0x0000620100FF, 0x0000620101FF),
        // 4.6.1 ECS21a Read Electricity Daily Read Log (import): 0-0:98.1.9.255.
        Logs("4.6.1", "RetrieveImportDailyReadLog", "ECS21a", 0x0033, 0x00002B0205FF, 0x0000620109FF),
        // 4.14 ECS21b Read Electricity (Prepayment) Daily Read Log: 0-0:98.1.8.255. The Unknown Remote Party form
        // (sr:KAPublicSecurityCredentials) is ACB-originated with the user's KA certificate in the grouping header.
        new UnknownRemotePartyRead(Logs("4.14", "ReadPrepaymentDailyReadLog", "ECS21b", 0x0034, 0x00002B0206FF, 0x0000620108FF)),
        // 4.8.1 ECS22b Read Electricity Half Hour Profile Data (active import): 0-0:99.1.0.255.
        Logs("4.8.1", "ReadActiveImportProfileData", "ECS22b", 0x0037, 0x00002B0207FF, 0x0000630100FF),
        // 4.17 ECS66 Read ESME Daily Consumption Log: 0-0:99.1.3.255.
        Logs("4.17", "RetrieveDailyConsumptionLog", "ECS66", 0x0060, 0x00002B0204FF, 0x0000630103FF),
    ];

    private static EsmeSections1To4UseCase Registers(string srv, string body, string useCase, int code, ulong collection, ulong data) =>
        new(srv, body, useCase, code, _ => h => EsmeDlms.ProtectedGet(h, collection,
            EsmeDlms.ProtectedObject(EsmeDlms.DataClass, data, EsmeDlms.NoSelection())));

    private static EsmeSections1To4UseCase Logs(string srv, string body, string useCase, int code, ulong collection, params ulong[] logs) =>
        new(srv, body, useCase, code, r => LogPayload(r, collection, logs));

    private static Func<CommandHeader, byte[]> LogPayload(EsmeRequest r, ulong collection, ulong[] logs)
    {
        var period = r.Period;
        return h => EsmeDlms.ProtectedGet(h, collection, logs.Select(log =>
            EsmeDlms.ProtectedObject(EsmeDlms.ProfileGenericClass, log, EsmeDlms.DateRange(period.Start, period.End))).ToArray());
    }
}
