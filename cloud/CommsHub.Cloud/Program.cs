using CommsHub.Cloud;
using Microsoft.Extensions.Options;

// The DCC adapter service. `dotnet run --project cloud/CommsHub.Cloud` starts it on embedded defaults.
try
{
    var app = CloudApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"commshub-cloud: invalid configuration: {string.Join("; ", ex.Failures)}");
    return 1;
}
catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"commshub-cloud: {ex.Message}");
    return 1;
}
