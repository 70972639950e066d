using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// The data protection (class 30) method 1 get_protected_attributes as GBCS uses it for reads of sensitive data
/// (ECS17b/d/e registers, ECS19 prepayment values, ECS20b/c billing logs, ECS21a/b daily logs, ECS22b and ECS66
/// profiles): the parameter is <c>{object_list, protection parameters}</c> where each object is
/// <c>{class id, logical name, attribute, data index, {access selector, access parameters}}</c>. The plain answer is
/// a structure holding each listed attribute's value, in order; the meter then encrypts it for the reader.
/// </summary>
public static class ProtectedAttributeRead
{
    /// <summary>Class id of the data protection interface class.</summary>
    public const int DataProtectionClass = 30;

    /// <summary>Method get_protected_attributes.</summary>
    public const int GetProtectedAttributes = 1;

    private const int RangeSelector = 1;

    /// <summary>True when <paramref name="spec"/> invokes get_protected_attributes.</summary>
    public static bool Is(AccessRequestSpec spec) =>
        spec.Kind == AccessKind.Action && spec.ClassId == DataProtectionClass && spec.Id == GetProtectedAttributes;

    /// <summary>
    /// The plain structure of the listed attributes' values, or null when the model lacks one of them (the meter
    /// then cannot answer the read).
    /// </summary>
    /// <exception cref="GbcsFormatException">the parameter is not an object list GBCS defines.</exception>
    public static DlmsData? Read(CosemObjectModel model, DlmsData parameter)
    {
        var objects = parameter.ExpectStructure(2, "get_protected_attributes parameter").Children[0].Expect(DlmsType.Array, "object list").Children;
        var values = new DlmsData[objects.Length];
        for (int i = 0; i < objects.Length; i++)
        {
            var o = objects[i].ExpectStructure(5, "protected object");
            int classId = (int)o.Children[0].Expect(DlmsType.LongUnsigned, "class id").Value;
            var name = o.Children[1].ExpectOctetString(Obis.Length, "logical name");
            ulong obis = Obis.Read(name.Buffer, name.ValueOffset);
            int attribute = (int)o.Children[2].Expect(DlmsType.Integer, "attribute").Value;
            var access = o.Children[4].ExpectStructure(2, "access selection");
            var value = model.Get(classId, obis, attribute);
            if (value is null) return null;
            values[i] = access.Children[0].Value == RangeSelector ? ProfileRange.Select(value, access.Children[1]) : value;
        }
        return DlmsData.Structure(values);
    }
}
