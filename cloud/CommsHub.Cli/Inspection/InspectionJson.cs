using System.Text.Encodings.Web;
using System.Text.Json;

namespace CommsHub.Cli.Inspection;

/// <summary>Writes one inspection result as a single JSON line, every contract field present (null when unknown).</summary>
internal static class InspectionJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(InspectionResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            Str(w, "form", r.Form);
            Str(w, "cra", r.Cra);
            Str(w, "messageCode", r.MessageCode);
            Str(w, "useCase", r.UseCase);
            Str(w, "originator", r.Originator);
            Str(w, "target", r.Target);
            Str(w, "counter", r.Counter);
            Num(w, "otherInfoLength", r.OtherInfoLength);
            Str(w, "supplementaryRemotePartyId", r.SupplementaryRemotePartyId);
            Str(w, "supplementaryRemotePartyCounter", r.SupplementaryRemotePartyCounter);
            Num(w, "contentLength", r.ContentLength);
            Str(w, "signature", r.Signature);
            Str(w, "mac", r.Mac);
            Str(w, "error", r.Error);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Num(Utf8JsonWriter w, string name, int? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteNumber(name, value.Value);
    }
}
