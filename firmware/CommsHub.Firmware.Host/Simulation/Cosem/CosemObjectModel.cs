using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// The ESME's COSEM state: one value per (class id, OBIS, attribute). A get returns the held value, a set replaces
/// it when the type (and a buffer's row layout) matches, an action runs the method's behaviour (default: succeed with no return data). Values
/// absent from the table answer the data-access-result GBCS gives for an object the meter does not hold.
/// </summary>
public sealed class CosemObjectModel
{
    /// <summary>DLMS data-access-result success.</summary>
    public const int Success = 0;

    /// <summary>DLMS data-access-result object-undefined (the meter holds no such attribute).</summary>
    public const int ObjectUndefined = 4;

    /// <summary>DLMS data-access-result read-write-denied (a write to a derived, read-only attribute).</summary>
    public const int ReadWriteDenied = 3;

    /// <summary>DLMS data-access-result type-unmatched (a set of a value of another type).</summary>
    public const int TypeUnmatched = 12;

    /// <summary>
    /// Values the table holds at most. The seed knows the types of the GBCS interface classes, not the ESME's object
    /// list, so a write to an attribute it has no value for is taken (RTDS's commands write many such). A meter's object
    /// list is finite, though: a write that would add a value beyond this many is answered <see cref="ObjectUndefined"/>,
    /// as for an object the meter does not have, so no sender (a faulty head end, a rogue supplier) can grow the meter
    /// without bound. Far above what the GBCS use cases write (RTDS's commands: a few hundred).
    /// </summary>
    public const int MaxValues = 4096;

    private readonly Dictionary<(int ClassId, ulong Obis, int Attribute), DlmsData> _values = [];
    private readonly Dictionary<(int ClassId, ulong Obis, int Method), Func<DlmsData, DlmsData?>> _methods = [];
    private readonly Dictionary<(int ClassId, ulong Obis, int Attribute), Func<DlmsData>> _derived = [];

    /// <summary>
    /// The value an attribute (class id, OBIS, attribute) holds before anything is written to it, or null when
    /// neither the object nor its interface class defines one; consulted only for attributes absent from the table.
    /// </summary>
    public Func<int, ulong, int, DlmsData?>? ClassDefault { get; init; }

    /// <summary>
    /// What a get answers for an attribute neither held nor defined by <see cref="ClassDefault"/>: a likely type, not
    /// a defined one, so writes are not type-checked against it.
    /// </summary>
    public Func<int, ulong, int, DlmsData?>? ReadFallback { get; init; }

    /// <summary>Sets a value directly (seeding, tests), whatever its type.</summary>
    public void Seed(int classId, ulong obis, int attribute, DlmsData value) => _values[(classId, obis, attribute)] = value;

    /// <summary>Registers what method <paramref name="method"/> does; it returns the action's return data or null.</summary>
    public void OnAction(int classId, ulong obis, int method, Func<DlmsData, DlmsData?> behaviour) => _methods[(classId, obis, method)] = behaviour;

    /// <summary>
    /// Makes an attribute a view computed from others at each get (a GBCS register collection is the current values
    /// of its registers); a derived attribute is read-only.
    /// </summary>
    public void Derive(int classId, ulong obis, int attribute, Func<DlmsData> value) => _derived[(classId, obis, attribute)] = value;

    /// <summary>The held value, or null when the meter has no such attribute.</summary>
    public DlmsData? Get(int classId, ulong obis, int attribute) =>
        _derived.TryGetValue((classId, obis, attribute), out var view) ? view()
            : Defined(classId, obis, attribute) ?? ReadFallback?.Invoke(classId, obis, attribute);

    /// <summary>
    /// Writes <paramref name="value"/>: <see cref="TypeUnmatched"/> when the held value (or the object's value at
    /// manufacture) has another type or, for a profile buffer, rows of another layout (<see cref="DlmsLayout"/>); an attribute nobody defined takes the written value (the table grows as
    /// configuration arrives), up to <see cref="MaxValues"/> values, beyond which a new one is <see cref="ObjectUndefined"/>.
    /// </summary>
    public int Set(int classId, ulong obis, int attribute, DlmsData value)
    {
        var key = (classId, obis, attribute);
        if (_derived.ContainsKey(key)) return ReadWriteDenied;
        if (Defined(classId, obis, attribute) is { } current && !DlmsLayout.Same(current, value)) return TypeUnmatched;
        if (_values.Count >= MaxValues && !_values.ContainsKey(key)) return ObjectUndefined;
        _values[key] = value;
        return Success;
    }

    private DlmsData? Defined(int classId, ulong obis, int attribute) =>
        _values.GetValueOrDefault((classId, obis, attribute)) ?? ClassDefault?.Invoke(classId, obis, attribute);

    /// <summary>Runs a method: its registered behaviour, else success with no data.</summary>
    public DlmsData? Action(int classId, ulong obis, int method, DlmsData parameters) =>
        _methods.TryGetValue((classId, obis, method), out var behaviour) ? behaviour(parameters) : null;
}
