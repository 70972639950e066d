using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// A fact that checks our XML signatures against xmlsec1, the independent implementation. Reported as skipped, with
/// the reason, when the reference data or xmlsec1 is absent on a developer's machine, instead of passing without
/// having run. Under CI (the <c>CI</c> variable set) a missing xmlsec1 is not skipped: <c>.ci/run</c> installs it, so
/// the test runs and fails on <see cref="Xmlsec.Path"/>.
/// </summary>
public sealed class XmlsecFactAttribute : FactAttribute
{
    /// <summary>A fact needing the reference data and xmlsec1.</summary>
    public XmlsecFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
        else if (Xmlsec.Find() is null && Environment.GetEnvironmentVariable("CI") is null) Skip = Xmlsec.SkipReason;
    }
}

/// <summary>Where xmlsec1 is installed.</summary>
public static class Xmlsec
{
    private static readonly string[] Candidates = ["/usr/bin/xmlsec1", "/usr/local/bin/xmlsec1"];

    /// <summary>The message a skipped test shows.</summary>
    public const string SkipReason = "xmlsec1 not found (/usr/bin/xmlsec1, /usr/local/bin/xmlsec1): apt-get install xmlsec1";

    /// <summary>The xmlsec1 executable, or null when it is not installed.</summary>
    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    /// <summary>The xmlsec1 executable; fails the test when it is missing (under CI, where it must be installed).</summary>
    public static string Path => Find() ?? throw new Xunit.Sdk.XunitException("xmlsec1 is not installed; .ci/run must install it");
}
