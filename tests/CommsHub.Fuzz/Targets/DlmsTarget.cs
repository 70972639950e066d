using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// The DLMS decoders: a bare DLMS data item, ACCESS.request, ACCESS.response and DATA-NOTIFICATION, and on each
/// APDU that decodes, the CHF use-case decoders that read it (CCS01..CCS07, ECS35, ECS52, CS14).
/// </summary>
public sealed class DlmsTarget : FuzzTarget
{
    // RTDS has about 550 distinct DLMS payloads, many alike; every 4th keeps afl's calibration short.
    private const int SeedStep = 4;

    /// <inheritdoc/>
    public override string Name => "dlms";

    /// <inheritdoc/>
    public override string Summary => "DlmsDataReader, AccessRequest/AccessResponse/DataNotification and the CHF use-case decoders; refusal: GbcsFormatException";

    /// <inheritdoc/>
    public override bool Execute(byte[] input)
    {
        var item = GbcsRefusal.Run(() => DlmsDataReader.Read(input, 0, input.Length));

        var request = GbcsRefusal.Decode(() => AccessRequest.Decode(input, 0, input.Length));
        if (request is not null)
        {
            GbcsRefusal.Run(() => Ccs01AddDevice.Decode(request));
            GbcsRefusal.Run(() => Ccs02RemoveDevice.Decode(request));
            GbcsRefusal.Run(() => Ccs03RestoreDeviceLog.Decode(request));
            GbcsRefusal.Run(() => Ccs06ReadDeviceLog.DecodeRequest(request));
            GbcsRefusal.Run(() => Ccs07ReadDeviceLogs.DecodeRequest(request));
            GbcsRefusal.Run(() => Ecs35ReadChfLog.DecodeRequest(request));
            GbcsRefusal.Run(() => Ecs52ReadFirmwareVersion.DecodeRequest(request));
        }

        var response = GbcsRefusal.Decode(() => AccessResponse.Decode(input, 0, input.Length));
        if (response is not null)
        {
            GbcsRefusal.Run(() => Ccs06ReadDeviceLog.Decode(response));
            GbcsRefusal.Run(() => Ccs07ReadDeviceLogs.Decode(response));
            GbcsRefusal.Run(() => Ecs35ReadChfLog.DecodeResponse(response, out _));
            GbcsRefusal.Run(() => Ecs52ReadFirmwareVersion.Decode(response));
        }

        var notification = GbcsRefusal.Decode(() => DataNotification.Decode(input, 0, input.Length));
        if (notification is not null)
            GbcsRefusal.Run(() => Cs14DeviceLogChangedAlert.Decode(notification));
        return item || request is not null || response is not null || notification is not null;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() =>
        SeedCorpus.RtdsContents(c => DlmsApdu.IsDlms(c[0]))
            .Where((_, i) => i % SeedStep == 0)
            .Select(x => new SeedInput(SeedCorpus.SafeName(x.Entry.File), x.Content))
            .ToList();
}
