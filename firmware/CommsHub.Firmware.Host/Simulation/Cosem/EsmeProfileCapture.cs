using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Fills the ESME's consumption profiles as time passes on the meter's clock: at every half-hour boundary a row
/// {capture time, active import register} goes into the profile data log (0-0:99.1.0.255, read by ECS22b), and at
/// every midnight a row {capture time, the day's active import} into the daily consumption log (0-0:99.1.3.255, read
/// by ECS66). The first tick only sets the baseline; boundaries crossed between two ticks are each captured with the
/// register's value at the later tick. Buffers keep their newest rows up to a fixed depth.
/// </summary>
public sealed class EsmeProfileCapture
{
    /// <summary>Half-hour rows kept (31 days).</summary>
    public const int HalfHourDepth = 48 * 31;

    /// <summary>Daily rows kept (13 months).</summary>
    public const int DailyDepth = 396;

    private const int ProfileGenericClass = 7;
    private const int RegisterClass = 3;
    private const ulong HalfHourProfile = 0x0000630100FFUL; // 0-0:99.1.0.255
    private const ulong DailyConsumptionLog = 0x0000630103FFUL; // 0-0:99.1.3.255
    private const ulong ActiveImportRegister = 0x0100010800FFUL; // 1-0:1.8.0.255
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly CosemObjectModel _model;
    private DateTime? _last;
    private uint _importAtMidnight;

    /// <summary>Captures into <paramref name="model"/>.</summary>
    public EsmeProfileCapture(CosemObjectModel model) => _model = model;

    /// <summary>Captures every boundary passed since the previous call.</summary>
    public void Tick(DateTime now)
    {
        uint import = _model.Get(RegisterClass, ActiveImportRegister, 2)?.UInt32Value ?? 0;
        if (_last is not { } last)
        {
            _last = now;
            _importAtMidnight = import;
            return;
        }
        if (now <= last) return;
        // A clock that jumps far ahead captures no more rows than the buffer keeps.
        for (var t = Next(Latest(last, now, HalfHour, HalfHourDepth), HalfHour); t <= now; t += HalfHour)
            Append(HalfHourProfile, HalfHourDepth, t, import);
        for (var t = Next(Latest(last, now, Day, DailyDepth), Day); t <= now; t += Day)
        {
            Append(DailyConsumptionLog, DailyDepth, t, import - _importAtMidnight);
            _importAtMidnight = import;
        }
        _last = now;
    }

    private static DateTime Latest(DateTime last, DateTime now, TimeSpan step, int depth)
    {
        var earliest = now - step * depth;
        return last > earliest ? last : earliest;
    }

    private void Append(ulong profile, int depth, DateTime at, uint value)
    {
        var buffer = _model.Get(ProfileGenericClass, profile, 2)!;
        var row = DlmsData.Structure([DlmsData.DoubleLongUnsigned(DlmsDateTime.SecondsSince2000(at)), DlmsData.DoubleLongUnsigned(value)]);
        var rows = buffer.Children.Append(row).TakeLast(depth).ToArray();
        _model.Seed(ProfileGenericClass, profile, 2, DlmsData.CompactArray(buffer.TypeDescription, rows));
    }

    // The first boundary of length step strictly after t.
    private static DateTime Next(DateTime t, TimeSpan step) => new(t.Ticks - t.Ticks % step.Ticks + step.Ticks, DateTimeKind.Utc);
}
