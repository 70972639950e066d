using System.Net;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Configuration;

/// <summary>Checks <see cref="CommsHubOptions"/> so a bad setting stops the start with a message naming it.</summary>
public sealed class CommsHubOptionsValidator : IValidateOptions<CommsHubOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CommsHubOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) errors.Add("CommsHub:DataDirectory must not be empty");
        if (!Uri.TryCreate(options.Http.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors.Add($"CommsHub:Http:Url '{options.Http.Url}' is not an http(s) URL");
        if (options.Http.MaxRequestBodyBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"CommsHub:Http:MaxRequestBodyBytes {options.Http.MaxRequestBodyBytes} is outside 1 KiB..64 MiB");
        if (options.Mqtt.Port is < 0 or > 65535) errors.Add($"CommsHub:Mqtt:Port {options.Mqtt.Port} is not a TCP port");
        if (!IPAddress.TryParse(options.Mqtt.Address, out _)) errors.Add($"CommsHub:Mqtt:Address '{options.Mqtt.Address}' is not an IP address");
        if (!Enum.IsDefined(options.Identity.Mode)) errors.Add($"CommsHub:Identity:Mode '{options.Identity.Mode}' is not minted or rtds");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
