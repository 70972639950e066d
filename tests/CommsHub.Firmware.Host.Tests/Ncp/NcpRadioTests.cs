using System.Collections.Concurrent;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Han.Tests.Ncp;
using CommsHub.Firmware.Host.Ncp;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommsHub.Firmware.Host.Tests.Ncp;

/// <summary>The host's NCP radio over a byte stream to the simulated NCP: threads, locking and event posting.</summary>
public class NcpRadioTests
{
    private const ulong Meter = 0x70B3D5C1D0000001;

    [Fact]
    public void Radio_brings_the_network_up_joins_a_device_and_carries_tunnel_payloads_both_ways()
    {
        using var pipe = new SimulatedNcpStream();
        var loop = new InlineLoop();
        using var radio = new NcpRadio(pipe, loop, SystemClock.Instance, 0x00DB1234567890A2, NullLogger.Instance);
        var joined = new BlockingCollection<ulong>();
        var payloads = new BlockingCollection<string>();
        radio.DeviceJoined += (d, _) => joined.Add(d);
        radio.PayloadReceived += (_, b, o, c) => payloads.Add(Convert.ToHexString(b, o, c));

        Assert.True(SpinWait.SpinUntil(() => radio.Status == NcpHanStatus.Up, TimeSpan.FromSeconds(10)), radio.LastFailure);
        radio.PermitJoin(Meter, new byte[16], 60);
        Assert.True(SpinWait.SpinUntil(() => pipe.With(n => n.PermitJoinSeconds.Count) == 1, TimeSpan.FromSeconds(10)));

        pipe.With(n => { n.JoinDevice(Meter, 0x4F21); return 0; });
        Assert.True(joined.TryTake(out ulong device, TimeSpan.FromSeconds(10)));
        Assert.Equal(Meter, device);

        pipe.With(n => { n.TunnelFromDevice(0x4F21, 3, [0x03, 0xDD, 0x00]); return 0; });
        Assert.True(payloads.TryTake(out string? payload, TimeSpan.FromSeconds(10)));
        Assert.Equal("03DD00", payload);

        Assert.True(radio.Send(Meter, [0x03, 0xDD, 0x01], 0, 3));
        Assert.True(SpinWait.SpinUntil(() => pipe.With(n => n.Unicasts.Count) == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("1100020300" + "03DD01", Convert.ToHexString(pipe.With(n => n.Unicasts[0].Message)));
        Assert.True(loop.Posted > 0); // events went through the hub's loop, not straight to the bridge
    }

    [Fact]
    public void An_exception_out_of_the_driver_takes_this_radio_down_once_not_the_process_and_the_NCP_is_reset_after_the_delay()
    {
        using var pipe = new SimulatedNcpStream();
        var loop = new InlineLoop();
        using var radio = new NcpRadio(pipe, loop, SystemClock.Instance, 0x00DB1234567890A2, NullLogger.Instance);
        Assert.True(SpinWait.SpinUntil(() => radio.Status == NcpHanStatus.Up, TimeSpan.FromSeconds(10)), radio.LastFailure);
        radio.PermitJoin(Meter, new byte[16], 60);
        Assert.True(SpinWait.SpinUntil(() => pipe.With(n => n.PermitJoinSeconds.Count) == 1, TimeSpan.FromSeconds(10)));

        // The join callback reaches the hub's loop from inside NcpHanNetwork.Receive, on the reader thread: the loop
        // throws there. Unhandled, that exception ends the process.
        loop.Fails = new InvalidDataException("the hub's loop refused the event");
        pipe.With(n => { n.JoinDevice(Meter, 0x4F21); return 0; });
        Assert.True(SpinWait.SpinUntil(() => radio.DriverFaults > 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(NcpHanStatus.Down, radio.Status);
        Assert.Contains("the hub's loop refused the event", radio.LastFailure);
        Assert.False(radio.Send(Meter, [0x03, 0xDD, 0x01], 0, 3));

        // What the NCP sends meanwhile is not fed to a driver in an unknown state (nor logged byte by byte).
        for (int i = 0; i < 5; i++) pipe.With(n => { n.TunnelFromDevice(0x4F21, 3, [0x03, 0xDD, (byte)i]); return 0; });
        // Until the radio has read all of it (not a fixed sleep: under load the reader may not have run yet).
        Assert.True(SpinWait.SpinUntil(() => pipe.AllRead, TimeSpan.FromSeconds(10)), "the radio did not read what the NCP sent");
        Assert.Equal(1, radio.DriverFaults);

        // After the restart delay the NCP is reset and the network comes back.
        loop.Fails = null;
        Assert.True(SpinWait.SpinUntil(() => radio.Status == NcpHanStatus.Up, NcpRadio.RestartDelay + TimeSpan.FromSeconds(10)), radio.LastFailure);
        Assert.Equal(1, radio.DriverFaults);
    }

    private sealed class InlineLoop : IHubScheduler
    {
        private int _posted;
        public int Posted => _posted;

        /// <summary>Thrown by every post while set.</summary>
        public volatile Exception? Fails;

        public bool Post(Action work)
        {
            Interlocked.Increment(ref _posted);
            if (Fails is { } e) throw e;
            work();
            return true;
        }
    }

    /// <summary>The host end of a serial line whose far end is a <see cref="SimulatedNcp"/>.</summary>
    private sealed class SimulatedNcpStream : Stream
    {
        private readonly object _gate = new();
        private readonly Queue<byte> _fromNcp = new();
        private readonly BlockingCollection<byte[]> _readable = new();
        private readonly SimulatedNcp _ncp;
        private int _chunks; // handed to the reader so far
        private int _reads;  // Read calls begun so far

        public SimulatedNcpStream() => _ncp = new SimulatedNcp(_fromNcp);

        /// <summary>
        /// True once the reader has come back for more after every chunk handed to it so far: it reads one chunk a call and
        /// feeds it to the radio before the next, so every byte sent before this is through the radio's receive path.
        /// </summary>
        public bool AllRead
        {
            get { lock (_gate) return Volatile.Read(ref _reads) > _chunks; }
        }

        public T With<T>(Func<SimulatedNcp, T> action)
        {
            lock (_gate)
            {
                T result = action(_ncp);
                Drain();
                return result;
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                for (int i = 0; i < count; i++) _ncp.Receive(buffer[offset + i]);
                Drain();
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            byte[] chunk;
            Interlocked.Increment(ref _reads);
            try { chunk = _readable.Take(); }
            catch (InvalidOperationException) { return 0; } // completed: the port closed
            Array.Copy(chunk, 0, buffer, offset, chunk.Length); // chunks are at most 256 bytes: see Drain
            return chunk.Length;
        }

        private void Drain()
        {
            while (_fromNcp.Count > 0)
            {
                int n = Math.Min(_fromNcp.Count, 256);
                var chunk = new byte[n];
                for (int i = 0; i < n; i++) chunk[i] = _fromNcp.Dequeue();
                _chunks++;
                _readable.Add(chunk);
            }
        }

        protected override void Dispose(bool disposing)
        {
            _readable.CompleteAdding();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
