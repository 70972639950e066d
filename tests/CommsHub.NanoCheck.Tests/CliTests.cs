namespace CommsHub.NanoCheck.Tests;

public sealed class CliTests
{
    [Fact]
    public void No_arguments_is_a_usage_error()
    {
        var err = new StringWriter();
        Assert.Equal(2, NanoCheckCli.Run([], new StringWriter(), err));
        Assert.Contains("usage: nanocheck", err.ToString());
    }

    [Fact]
    public void Missing_file_is_an_error_not_a_pass()
    {
        var err = new StringWriter();
        Assert.Equal(2, NanoCheckCli.Run([Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".dll")], new StringWriter(), err));
        Assert.Contains("cannot read", err.ToString());
    }

    [Fact]
    public void A_net10_assembly_fails_on_its_framework_references()
    {
        // The checker itself targets net10.0: it references System.Runtime etc., which the gate must reject.
        var dll = typeof(NanoCheckCli).Assembly.Location;
        var result = MetadataRules.Check(dll, []);
        Assert.False(result.Ok);
        Assert.Contains(result.Findings, f => f.Location == "<assembly>" && f.Problem.StartsWith("references assembly System.Runtime,", StringComparison.Ordinal));
    }

    [Fact]
    public void Nano_mscorlib_is_found()
    {
        Assert.True(File.Exists(ProbeBuild.NanoMscorlib), ProbeBuild.NanoMscorlib);
    }
}
