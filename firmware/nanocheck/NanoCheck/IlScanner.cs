using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace CommsHub.NanoCheck;

/// <summary>One decoded IL instruction: offset, opcode and (for token operands) the metadata token.</summary>
public readonly record struct IlInstruction(int Offset, OpCode OpCode, int Token);

/// <summary>
/// Decodes a method body's IL opcode by opcode, honouring every operand size (incl. the 0xFE two-byte
/// prefix and switch jump tables), so operand bytes are never mistaken for opcodes.
/// </summary>
public static class IlScanner
{
    private static readonly OpCode?[] OneByte = new OpCode?[256];
    private static readonly OpCode?[] TwoByte = new OpCode?[256];

    /// <summary>Opcodes nanoCLR 1.x's interpreter rejects (nf-interpreter Interpreter.cpp "Unsupported opcodes").</summary>
    public static readonly IReadOnlyDictionary<short, string> Unsupported = new Dictionary<short, string>
    {
        [OpCodes.Localloc.Value] = "localloc (stackalloc)",
        [OpCodes.Calli.Value] = "calli (function pointer call)",
        [OpCodes.Jmp.Value] = "jmp",
        [OpCodes.Cpblk.Value] = "cpblk",
        [OpCodes.Initblk.Value] = "initblk",
        [OpCodes.Arglist.Value] = "arglist (__arglist)",
        [OpCodes.Ckfinite.Value] = "ckfinite",
        [OpCodes.Mkrefany.Value] = "mkrefany (__makeref)",
        [OpCodes.Refanytype.Value] = "refanytype (__reftype)",
        [OpCodes.Refanyval.Value] = "refanyval (__refvalue)",
        [OpCodes.Readonly.Value] = "readonly. prefix",
    };

    static IlScanner()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode op) continue;
            var v = (ushort)op.Value;
            if (op.Size == 1) OneByte[v] = op;
            else TwoByte[v & 0xFF] = op;
        }
    }

    /// <summary>Decodes <paramref name="il"/>; throws <see cref="BadImageFormatException"/> on an unknown opcode or a truncated operand.</summary>
    public static List<IlInstruction> Decode(byte[] il)
    {
        var result = new List<IlInstruction>();
        var pos = 0;
        while (pos < il.Length)
        {
            var start = pos;
            OpCode? op;
            var b = il[pos++];
            if (b == 0xFE)
            {
                if (pos >= il.Length) throw new BadImageFormatException($"IL_{start:X4}: truncated two-byte opcode");
                op = TwoByte[il[pos++]];
            }
            else op = OneByte[b];
            if (op is not OpCode code)
                throw new BadImageFormatException($"IL_{start:X4}: unknown opcode 0x{b:X2}");

            var token = 0;
            int operand = OperandSize(code.OperandType, il, pos, start);
            if (pos + operand > il.Length) throw new BadImageFormatException($"IL_{start:X4}: truncated operand of {code.Name}");
            if (IsTokenOperand(code.OperandType)) token = BitConverter.ToInt32(il, pos);
            pos += operand;
            result.Add(new IlInstruction(start, code, token));
        }
        return result;
    }

    private static int OperandSize(OperandType type, byte[] il, int pos, int start) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => pos + 4 <= il.Length
            ? checked(4 + 4 * (int)BitConverter.ToUInt32(il, pos))
            : throw new BadImageFormatException($"IL_{start:X4}: truncated switch"),
        _ => 4, // InlineBrTarget, InlineI, ShortInlineR, InlineField/Method/Sig/String/Tok/Type
    };

    private static bool IsTokenOperand(OperandType type) => type is OperandType.InlineField or OperandType.InlineMethod
        or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType;

    /// <summary>The metadata handle an instruction's token operand refers to (default if none or a user string).</summary>
    public static EntityHandle TokenHandle(IlInstruction ins)
    {
        if (ins.Token == 0 || (ins.Token >> 24) == 0x70) return default;
        return MetadataTokens.EntityHandle(ins.Token);
    }
}
