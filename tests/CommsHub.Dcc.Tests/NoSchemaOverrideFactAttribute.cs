using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// A fact about where the DUIS schemas are found when nothing names them: reported as skipped, with the reason, when
/// the reference data is absent or <c>COMMSHUB_DUIS_SCHEMAS</c> is set (the setting wins, so the default lookup never
/// runs), instead of passing without having checked anything.
/// </summary>
public sealed class NoSchemaOverrideFactAttribute : FactAttribute
{
    /// <summary>A fact needing the reference data and no schema folder override.</summary>
    public NoSchemaOverrideFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
        else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DuisSchemaLocator.EnvironmentVariable)))
            Skip = $"{DuisSchemaLocator.EnvironmentVariable} is set: the default schema folder is not looked up";
    }
}
