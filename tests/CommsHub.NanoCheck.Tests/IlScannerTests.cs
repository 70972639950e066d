using System.Reflection.Emit;

namespace CommsHub.NanoCheck.Tests;

/// <summary>IL decoding without builds: operands are skipped by size, never read as opcodes.</summary>
public sealed class IlScannerTests
{
    [Fact]
    public void Operand_bytes_that_look_like_localloc_are_not_opcodes()
    {
        // ldc.i4 0x000F0FFE ; pop ; ldc.i8 (FE 0F ...) ; pop ; ret
        byte[] il = [0x20, 0xFE, 0x0F, 0x0F, 0x00, 0x26, 0x21, 0xFE, 0x0F, 0xFE, 0x0F, 0xFE, 0x0F, 0xFE, 0x0F, 0x26, 0x2A];
        var ops = IlScanner.Decode(il).Select(i => i.OpCode).ToList();
        Assert.Equal([OpCodes.Ldc_I4, OpCodes.Pop, OpCodes.Ldc_I8, OpCodes.Pop, OpCodes.Ret], ops);
    }

    [Fact]
    public void Switch_table_is_skipped_and_two_byte_opcodes_are_decoded()
    {
        // ldarg.0 ; switch (2 targets whose bytes read FE 0F / 29) ; localloc ; readonly. ; ret
        byte[] il = [0x02, 0x45, 0x02, 0x00, 0x00, 0x00, 0xFE, 0x0F, 0x29, 0x00, 0x29, 0x27, 0xFE, 0x0F,
                     0xFE, 0x0F, 0xFE, 0x1E, 0x2A];
        var ins = IlScanner.Decode(il);
        Assert.Equal([OpCodes.Ldarg_0, OpCodes.Switch, OpCodes.Localloc, OpCodes.Readonly, OpCodes.Ret], ins.Select(i => i.OpCode).ToList());
        Assert.Equal([0, 1, 14, 16, 18], ins.Select(i => i.Offset).ToList());
        Assert.True(IlScanner.Unsupported.ContainsKey(OpCodes.Localloc.Value));
        Assert.True(IlScanner.Unsupported.ContainsKey(OpCodes.Readonly.Value));
    }

    [Fact]
    public void All_listed_unsupported_opcodes_are_known()
    {
        short[] expected = [OpCodes.Localloc.Value, OpCodes.Calli.Value, OpCodes.Jmp.Value, OpCodes.Cpblk.Value, OpCodes.Initblk.Value,
                            OpCodes.Arglist.Value, OpCodes.Ckfinite.Value, OpCodes.Mkrefany.Value, OpCodes.Refanytype.Value,
                            OpCodes.Refanyval.Value, OpCodes.Readonly.Value];
        Assert.Equal(expected.Order(), IlScanner.Unsupported.Keys.Order());
    }

    [Fact]
    public void Token_operand_is_captured()
    {
        byte[] il = [0x28, 0x01, 0x00, 0x00, 0x0A, 0x2A]; // call 0x0A000001 (MemberRef row 1) ; ret
        var call = IlScanner.Decode(il)[0];
        Assert.Equal(0x0A000001, call.Token);
        Assert.Equal(System.Reflection.Metadata.HandleKind.MemberReference, IlScanner.TokenHandle(call).Kind);
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x01 })]             // truncated ldc.i4
    [InlineData(new byte[] { 0xFE })]                   // truncated two-byte opcode
    [InlineData(new byte[] { 0x45, 0x05, 0, 0, 0, 1 })] // switch table runs past the end
    [InlineData(new byte[] { 0xA6 })]                   // unassigned opcode
    public void Malformed_IL_is_an_error(byte[] il)
    {
        Assert.Throws<BadImageFormatException>(() => IlScanner.Decode(il));
    }
}
