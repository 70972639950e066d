using System.Text;
using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Storage;

public class Crc32Tests
{
    [Fact]
    public void Check_value()
    {
        var b = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(b, 0, b.Length));
    }

    [Fact]
    public void Incremental_equals_one_shot_and_matches_System_IO_Hashing_free_reference()
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        uint run = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start(), data, 0, 333), data, 333, 667));
        Assert.Equal(Crc32.Compute(data, 0, 1000), run);
        Assert.Equal(Bitwise(data), run);
    }

    [Fact]
    public void Empty_is_zero() => Assert.Equal(0u, Crc32.Compute(new byte[0], 0, 0));

    private static uint Bitwise(byte[] d)
    {
        uint c = 0xFFFFFFFF;
        foreach (var x in d)
        {
            c ^= x;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
