using System.Data.Common;
using CommsHub.Cloud.Adapter;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Http;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Cloud.Security;
using CommsHub.Dcc.Duis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud;

/// <summary>Builds the service: configuration, identities (minting the test SMKI on first start), broker, DUIS endpoints.</summary>
public static class CloudApp
{
    /// <summary>
    /// Builds the application (not started). <paramref name="configureServices"/> runs after the defaults, so tests can
    /// replace e.g. the store; the start banner goes to <paramref name="console"/> (stdout by default).
    /// </summary>
    /// <exception cref="OptionsValidationException">a setting is invalid.</exception>
    /// <exception cref="InvalidOperationException">the store, or a file in the data directory, cannot be used.</exception>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null, TextWriter? console = null)
    {
        // Content root = the app folder, so the shipped appsettings.json is found whatever the working directory;
        // the data directory, in contrast, is relative to the working directory.
        args = CommsHubOptions.ExpandFlags(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, CommsHubOptions.CommandLineSwitches);
        var section = builder.Configuration.GetSection(CommsHubOptions.Section);
        var options = section.Get<CommsHubOptions>() ?? new CommsHubOptions();
        var validation = new CommsHubOptionsValidator().Validate(null, options);
        if (validation.Failed) throw new OptionsValidationException(CommsHubOptions.Section, typeof(CommsHubOptions), validation.Failures);

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        // Owner-only from creation: the folder holds private keys, secrets and the database (MPxNs, personal data).
        OwnerOnlyFile.CreateDirectory(dataDirectory);
        var database = string.IsNullOrWhiteSpace(options.Storage.PostgresConnectionString)
            ? Path.Combine(dataDirectory, options.Storage.Sqlite.FileName)
            : null;
        if (database is not null) OwnerOnlyFile.CreateEmpty(database);
        var identities = IdentityLoader.Load(options, dataDirectory);
        var credentials = MqttCredentials.LoadOrCreate(Path.Combine(dataDirectory, "mqtt", "credentials.json"), identities.Hubs, identities.Users.Keys);
        var operatorToken = OperatorToken.Load(options.Operator, dataDirectory);
        var brokerTls = BrokerTls.Load(options.Mqtt, dataDirectory, TimeProvider.System);
        var validator = DuisSchemaValidator.Shared(options.Duis.SchemaDirectory);

        builder.WebHost.UseUrls(options.Http.Url);
        // The DUIS endpoints stop reading at MaxRequestBodyBytes and answer 413 themselves. Kestrel's own cap is set
        // higher so it can still drain a moderately oversized body after that answer: the client then reads a clean 413
        // instead of a reset connection. Anything beyond it is cut off by Kestrel.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 4L * options.Http.MaxRequestBodyBytes);
        var services = builder.Services;
        services.AddOptions<CommsHubOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CommsHubOptions>, CommsHubOptionsValidator>();
        services.AddSingleton(identities);
        services.AddSingleton(credentials);
        services.AddSingleton(brokerTls);
        services.AddSingleton(validator);
        OperatorAccess.Add(services, options.Operator, operatorToken);
        services.TryAddSingleton(TimeProvider.System);
        // Replay counters, like all adapter state, live in the store (SQLite under the data directory by default).
        AdapterServices.Add(services, options, identities, dataDirectory);
        MqttTransport.Add(services, options.Mqtt);
        // After the broker: the demo hubs connect to it as soon as they start.
        services.AddSingleton<DemoLauncher>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoLauncher>());
        configureServices?.Invoke(services);

        var app = builder.Build();
        // Open, migrate and seed the store now, so a bad connection string or a locked file stops the start here.
        OpenStore(app, database);
        // A folder or database from before owner-only creation (or widened since) is reported, not changed behind the owner's back.
        var exposed = new[] { dataDirectory, database, database + "-wal", database + "-shm" }
            .Where(p => p is not null && Path.Exists(p) && OwnerOnlyFile.IsWiderThanOwner(p)).Cast<string>().ToList();
        DuisHttpEndpoints.Map(app);
        StatusEndpoints.Map(app);
        OperatorEndpoints.Map(app);
        var output = console ?? Console.Out;
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, output, dataDirectory, identities, operatorToken, options.Operator, exposed));
        return app;
    }

    // The driver's exception would reach the console as a stack trace: the start stops with one line naming the setting
    // or the file instead (the database's own message names no password).
    private static void OpenStore(WebApplication app, string? database)
    {
        try
        {
            app.Services.GetRequiredService<CommsHub.Dcc.Storage.IDccStore>();
        }
        catch (DbException ex)
        {
            ((IDisposable)app).Dispose();
            throw new InvalidOperationException(database is null
                ? $"the PostgreSQL store of {CommsHubOptions.Section}:Storage:PostgresConnectionString could not be opened: {ex.Message}"
                : $"the SQLite store '{database}' could not be opened: {ex.Message}", ex);
        }
    }

    /// <summary>The HTTP addresses Kestrel actually bound (differs from the setting when it asked for port 0).</summary>
    public static IReadOnlyList<string> HttpAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void PrintBanner(WebApplication app, TextWriter output, string dataDirectory, IdentitySet identities,
        OperatorToken operatorToken, OperatorSettings operatorSettings, IReadOnlyList<string> exposed)
    {
        output.WriteLine($"commshub: http {string.Join(" ", HttpAddresses(app))}");
        foreach (var line in app.Services.GetRequiredService<IMqttMessageSource>().Describe()) output.WriteLine(line);
        output.WriteLine($"commshub: data {dataDirectory} (identities: {identities.Mode.ToString().ToLowerInvariant()}, {identities.Source})");
        // Where the token is, never the token: the banner ends up in terminals, logs and CI output.
        var where = operatorToken.Created ? "generated in" : operatorToken.Path is null ? "from" : "in";
        output.WriteLine($"commshub: operator {HttpAddresses(app).FirstOrDefault()}/api/v1/operator (Authorization: Bearer <token>, token {where} "
            + $"{operatorToken.Source}{(operatorSettings.LoopbackOnly ? ", loopback clients only" : "")})");
        if (operatorToken.Exposed) output.WriteLine($"commshub: warning: {operatorToken.Path} is readable by others than its owner (chmod 600 it)");
        foreach (var path in exposed)
            output.WriteLine($"commshub: warning: {path} is open to others than its owner (chmod {(Directory.Exists(path) ? "700" : "600")} it)");
        foreach (var line in app.Services.GetRequiredService<DemoLauncher>().Describe(HttpAddresses(app).FirstOrDefault() ?? "")) output.WriteLine(line);
        output.Flush();
    }
}
