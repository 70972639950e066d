using System.Globalization;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Readings;

/// <summary>
/// The decrypted ECS17b registers (DLMS, as RTDS and the virtual ESME answer them):
/// <c>structure { structure { active import, scaler-unit, reactive import, scaler-unit [, twin-element register] } }</c>,
/// each value scaled by 10^scaler and named by its DLMS unit.
/// </summary>
internal static class EsmeImportRegisters
{
    private const int UnitWattHour = 30;
    private const int UnitVarHour = 32;
    // decimal holds 28 significant digits: a scaler beyond that cannot be applied exactly (nor meant by a meter).
    private const int MaxScale = 28;

    /// <summary>"active import 10 Wh, reactive import 10 varh".</summary>
    /// <exception cref="ReadingException">the plaintext has another shape.</exception>
    public static string Describe(byte[] plaintext)
    {
        try
        {
            var outer = DlmsDataReader.Read(plaintext, 0, plaintext.Length).ExpectStructure(1, "ECS17b registers");
            // Four elements; a twin-element ESME adds its second active import register as a fifth (not printed).
            var r = outer.Children[0].Expect(DlmsType.Structure, "ECS17b register set");
            if (r.Children.Length < 4) throw new ReadingException($"ECS17b: the register set has {r.Children.Length} elements, expected 4 or more");
            return $"active import {Scaled(r.Children[0], r.Children[1])}, reactive import {Scaled(r.Children[2], r.Children[3])}";
        }
        catch (GbcsFormatException e)
        {
            throw new ReadingException("ECS17b: " + e.Message, e);
        }
    }

    private static string Scaled(DlmsData value, DlmsData scalerUnit)
    {
        scalerUnit.ExpectStructure(2, "ECS17b scaler-unit");
        var scaler = (int)(sbyte)scalerUnit.Children[0].Expect(DlmsType.Integer, "ECS17b scaler").Value;
        if (scaler is < -MaxScale or > MaxScale) throw new ReadingException($"ECS17b: scaler {scaler} is outside what a register can mean");
        var unit = scalerUnit.Children[1].Expect(DlmsType.Enum, "ECS17b unit").Value switch
        {
            UnitWattHour => "Wh",
            UnitVarHour => "varh",
            var u => $"unit {u}",
        };
        // decimal keeps 10^scaler exact (a double would print 0.30000000000000004 for 3 x 10^-1).
        var number = (decimal)value.Value;
        for (int i = 0; i < scaler; i++) number *= 10;
        for (int i = 0; i > scaler; i--) number /= 10;
        return $"{number.ToString(CultureInfo.InvariantCulture)} {unit}";
    }
}
