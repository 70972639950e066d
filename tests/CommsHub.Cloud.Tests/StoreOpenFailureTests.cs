using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A store that cannot be opened stops the start with an error the host prints as one line (Program.cs prints the message
/// of an <see cref="InvalidOperationException"/>), naming the setting or the file: never the driver's exception and its
/// stack trace, never the connection string's password.
/// </summary>
public sealed class StoreOpenFailureTests
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("Host=127.0.0.1;Port=notaport;Password=hunter2hunter2")]
    [InlineData("Host=127.0.0.1;Frobnicate=1")]
    // A password with an unquoted ';': its second part parses as an unknown keyword, which must not be echoed.
    [InlineData("Host=127.0.0.1;Password=abc;hunter2hunter2=x")]
    public void A_connection_string_that_does_not_parse_stops_the_start_naming_the_setting(string connection)
    {
        var failures = CloudFixture.RefusedStart("--postgres", connection);
        Assert.Contains("CommsHub:Storage:PostgresConnectionString", failures);
        Assert.DoesNotContain("hunter2", failures);
    }

    [Fact]
    public void A_bad_value_of_a_known_keyword_is_named() =>
        Assert.Contains("port", CloudFixture.RefusedStart("--postgres", "Host=127.0.0.1;Port=notaport"));

    [Fact]
    public void A_postgres_server_that_cannot_be_reached_stops_the_start_naming_the_setting()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            var ex = Assert.Throws<InvalidOperationException>(() => CloudApp.Create(
                ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--CommsHub:Mqtt:Enabled=false",
                 "--postgres", "Host=127.0.0.1;Port=1;Username=commshub;Password=hunter2hunter2;Timeout=5"],
                console: TextWriter.Null));
            Assert.Contains("CommsHub:Storage:PostgresConnectionString", ex.Message);
            Assert.DoesNotContain("hunter2", ex.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_sqlite_file_that_is_not_a_database_stops_the_start_naming_the_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var database = Path.Combine(dir, "commshub.db");
        File.WriteAllText(database, new string('x', 4096));
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => CloudApp.Create(
                ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--CommsHub:Mqtt:Enabled=false"], console: TextWriter.Null));
            Assert.Contains(database, ex.Message);
            Assert.Equal(new string('x', 4096), File.ReadAllText(database)); // reported, not replaced
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
