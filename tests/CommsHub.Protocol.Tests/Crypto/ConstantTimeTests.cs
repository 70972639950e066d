using System.Reflection;
using CommsHub.Protocol.Crypto;
using Xunit;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>
/// SECURITY.md promises MACs are compared in constant time. The comparison must read every byte whatever the first
/// difference is (an early exit tells a forger how many leading bytes were right), and the MAC check must go through it.
/// </summary>
public class ConstantTimeTests
{
    [Fact]
    public void Equal_ranges_compare_equal_and_a_one_bit_difference_anywhere_does_not()
    {
        var a = Enumerable.Range(0, 40).Select(i => (byte)(i * 7)).ToArray();
        var b = new byte[45];
        Array.Copy(a, 3, b, 5, 12);
        Assert.True(ConstantTime.Equals(a, 3, b, 5, 12));
        Assert.True(ConstantTime.Equals(a, 0, b, 0, 0));
        for (int i = 0; i < 12; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                b[5 + i] ^= (byte)(1 << bit);
                Assert.False(ConstantTime.Equals(a, 3, b, 5, 12), $"byte {i} bit {bit}");
                b[5 + i] ^= (byte)(1 << bit);
            }
        }
    }

    [Fact]
    public void The_comparison_reads_every_byte_even_after_the_first_one_differs()
    {
        // The ranges differ at byte 0 and the second array ends one byte short: a comparison that stops at the first
        // difference returns false without noticing; one that reads all count bytes runs off the end.
        byte[] a = [1, 0, 0, 0];
        byte[] b = [2, 0, 0];
        Assert.Throws<IndexOutOfRangeException>(() => ConstantTime.Equals(a, 0, b, 0, a.Length));
    }

    [Fact]
    public void The_mac_check_compares_through_ConstantTime()
    {
        var verify = typeof(GbcsMac).GetMethod(nameof(GbcsMac.Verify))!;
        var equals = typeof(ConstantTime).GetMethod(nameof(ConstantTime.Equals), [typeof(byte[]), typeof(int), typeof(byte[]), typeof(int), typeof(int)])!;
        Assert.Contains(equals, Callees(verify));
    }

    // Methods a method's IL calls: every call opcode (0x28) whose 4-byte operand resolves to a method.
    private static List<MethodBase> Callees(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        var callees = new List<MethodBase>();
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != 0x28) continue;
            try
            {
                var callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
                if (callee is not null) callees.Add(callee);
            }
            catch (ArgumentException)
            {
                // Operand bytes that happen to be 0x28: not a token of this module.
            }
        }
        return callees;
    }
}
