using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation.Faults;

/// <summary>
/// The faults armed on one virtual device. A command that passes the device's security checks takes the first armed
/// fault that matches it (<see cref="CommandFault.MessageCode"/>); a one-shot fault is then spent. Owned by the hub
/// loop like the device; <see cref="Arm"/> and <see cref="Clear"/> lock so a rig may call them from another thread.
/// </summary>
public sealed class DeviceFaults
{
    private readonly List<CommandFault> _armed = [];
    private readonly object _gate = new();

    /// <summary>Faults armed and not yet spent, in arming order.</summary>
    public IReadOnlyList<CommandFault> Armed
    {
        get
        {
            lock (_gate) return [.. _armed];
        }
    }

    /// <summary>Commands a fault has tripped.</summary>
    public int Tripped { get; private set; }

    /// <summary>Arms <paramref name="fault"/> after those already armed.</summary>
    public void Arm(CommandFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate) _armed.Add(fault);
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        lock (_gate) _armed.Clear();
    }

    /// <summary>The fault <paramref name="command"/> trips, spending it when one-shot; null when none matches.</summary>
    public CommandFault? Take(GbcsMessage command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            int at = _armed.FindIndex(f => f.MessageCode is null || f.MessageCode == command.MessageCode);
            if (at < 0) return null;
            var fault = _armed[at];
            if (!fault.Persistent) _armed.RemoveAt(at);
            Tripped++;
            return fault;
        }
    }
}
