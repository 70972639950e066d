using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>
/// A fact that runs once per store backend: the suites are abstract classes with one concrete class per backend,
/// and this attribute's discoverer sets Skip on the PostgreSQL ones when no PostgreSQL is configured
/// (<see cref="PostgresBackend.SkipReason"/>). With CI set, nothing is skipped: a missing PostgreSQL fails the tests.
/// </summary>
[XunitTestCaseDiscoverer("CommsHub.Dcc.Access.Tests.Backends.StoreFactDiscoverer", "CommsHub.Dcc.Access.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests, skipping those of a backend that is not available.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        var skip = typeof(IPostgresSuite).IsAssignableFrom(testClass) ? PostgresBackend.SkipReason : null;
        if (skip is null && typeof(INeedsSharedData).IsAssignableFrom(testClass) && !SharedData.Available) skip = SharedData.SkipReason;
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return skip is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skip);
    }
}

/// <summary>Marks a concrete suite class that runs against PostgreSQL.</summary>
public interface IPostgresSuite;

/// <summary>Marks a suite class that also reads the shared test data (skipped, with its reason, when that is absent).</summary>
public interface INeedsSharedData;
