namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME reads of DUIS section 4 that are a plain DLMS get of a fixed list of COSEM attributes (GBCS's use-case
/// definitions; the request body is empty), user-originated, non-critical.
/// </summary>
internal static class Ecs17To82AttributeReadTransforms
{
    private const int Register = EsmeDlms.RegisterClass;
    private const int Data = EsmeDlms.DataClass;
    private const int ExtendedData = EsmeDlms.GbcsExtendedDataClass;
    private const int DemandRegister = 4;
    private const int Schedule = 10;
    private const int SpecialDaysTable = 11;
    private const int ActivityCalendar = 20;
    private const int RegisterMonitor = 21;
    private const int Limiter = 71;
    private const int Account = 111;
    private const int Credit = 112;
    private const int Charge = 113;

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        // 4.2 ECS17a Read ESME Energy Registers (Export Energy): active and reactive export registers, value and scaler-unit.
        Read("4.2", "ReadInstantaneousExportRegisters", "ECS17a", 0x0026,
            new(Register, 0x0100020800FF, 2), new(Register, 0x0100020800FF, 3),
            new(Register, 0x0100040800FF, 2), new(Register, 0x0100040800FF, 3)),
        // 4.16 ECS17c Read ESME Power Import: the power import collection 0-0:94.44.34.20.
        Read("4.16", "ReadActivePowerImport", "ECS17c", 0x0028, new Cosem(Data, 0x00005E2C2214, 2)),
        // 4.12.2 ECS18a Read Maximum Demand Registers (export): the reset count and the export maximum demand register.
        Read("4.12.2", "ReadMaximumDemandExportRegisters", "ECS18a", 0x002B,
            new(Data, 0x00005E2C0502, 2),
            new(DemandRegister, 0x0100020600FF, 2), new(DemandRegister, 0x0100020600FF, 3), new(DemandRegister, 0x0100020600FF, 5)),
        // 4.12.1 ECS18b Read Maximum Demand Registers (import): both import maximum demand registers and the reset schedule.
        Read("4.12.1", "ReadMaximumDemandImportRegisters", "ECS18b", 0x002C,
            new(Data, 0x00005E2C0500, 2), new(Data, 0x00005E2C0501, 2),
            new(DemandRegister, 0x0100010600FF, 2), new(DemandRegister, 0x0100010600FF, 3), new(DemandRegister, 0x0100010600FF, 5),
            new(DemandRegister, 0x0100010601FF, 2), new(DemandRegister, 0x0100010601FF, 3), new(DemandRegister, 0x0100010601FF, 5),
            new(Schedule, 0x00000C0000FF, 2)),
        // 4.11.1 ECS24 Read ESME Tariff Data (primary element): block thresholds, calendar, special days, register
        // monitors 0-0:16.0.11..18, currency unit, standing charge and the TOU/block price matrix.
        Read("4.11.1", "ReadTariffPrimaryElement", "ECS24", 0x003A,
        [
            new(Register, 0x00005E2C0107, 2), new(Register, 0x00005E2C0107, 3),
            new(ActivityCalendar, 0x00000D0000FF, 3), new(ActivityCalendar, 0x00000D0000FF, 4), new(ActivityCalendar, 0x00000D0000FF, 5),
            new(SpecialDaysTable, 0x00000B0000FF, 2),
            .. Enumerable.Range(11, 8).Select(e => new Cosem(RegisterMonitor, 0x0000100000FF | ((ulong)e << 8), 2)),
            new(ExtendedData, 0x00005E2C0200, 2),
            new(Charge, 0x0000131404FF, 5),
            new(Charge, 0x0000131400FF, 5),
        ]),
        // 4.11.2 ECS24b Read ESME Tariff Data (secondary element).
        Read("4.11.2", "ReadTariffSecondaryElement", "ECS24b", 0x00BD,
            new(Charge, 0x0000131405FF, 5),
            new(Register, 0x00005E2C0108, 2), new(Register, 0x00005E2C0108, 3),
            new(SpecialDaysTable, 0x00000B0001FF, 2),
            new(ActivityCalendar, 0x00000D0001FF, 3), new(ActivityCalendar, 0x00000D0001FF, 4), new(ActivityCalendar, 0x00000D0001FF, 5)),
        // 4.13 ECS26a Read ESME Prepayment Configuration. GBCS lists the debt recovery rates' unit charge both before
        // and after their period, so 0-0:19.20.1/2.255 attribute 5 appear twice.
        Read("4.13", "ReadPrepaymentConfiguration", "ECS26a", 0x003B,
            new(Charge, 0x0000131401FF, 5),
            new(SpecialDaysTable, 0x00000B0002FF, 2),
            new(Charge, 0x0000131401FF, 8), new(Charge, 0x0000131401FF, 5),
            new(Charge, 0x0000131402FF, 5), new(Charge, 0x0000131402FF, 8), new(Charge, 0x0000131402FF, 5),
            new(Charge, 0x0000131403FF, 13),
            new(ExtendedData, 0x00005E2C020A, 2),
            new(RegisterMonitor, 0x0000100001FF, 2),
            new(ExtendedData, 0x00005E2C0214, 2),
            new(Account, 0x0000130000FF, 16), new(Account, 0x0000130000FF, 18), new(Account, 0x0000130000FF, 19),
            new(Credit, 0x0000130A01FF, 9), new(Credit, 0x0000130A01FF, 10),
            new(Schedule, 0x00000C0001FF, 2),
            new(Account, 0x0000130000FF, 11)),
        // 4.15 ECS27 Read ESME Load Limit Data: counter, threshold register and the limiter's threshold, duration and monitored value.
        Read("4.15", "ReadLoadLimitData", "ECS27", 0x0042,
            new(ExtendedData, 0x00005E2C0003, 2),
            new(Register, 0x00005E2C2AFF, 2), new(Register, 0x00005E2C2AFF, 3),
            new(Limiter, 0x0000110000FF, 4), new(Limiter, 0x0000110000FF, 6), new(Limiter, 0x0000110000FF, 7)),
        // 4.18 ECS82 Read Meter Balance: the meter balance credit's current amount.
        Read("4.18", "ReadMeterBalance", "ECS82", 0x0069, new Cosem(Credit, 0x0000130A00FF, 2)),
    ];

    private static EsmeSections1To4UseCase Read(string srv, string body, string useCase, int code, params Cosem[] attributes) =>
        new(srv, body, useCase, code, _ => h => EsmeDlms.Get(h, attributes));
}
