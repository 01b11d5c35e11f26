using Coach.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Coach.Storage.Tests;

/// <summary>Where the PostgreSQL tests find a server: <c>COACH_TEST_POSTGRES</c>, as <c>.ci/services</c> exports it.</summary>
public static class PostgresServer
{
    public const string Variable = "COACH_TEST_POSTGRES";
    public const string SkipVariable = "COACH_SKIP_POSTGRES";

    /// <summary>The connection string given for tests; its database is used only to create and drop each class's own database.</summary>
    public static string? AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>
    /// True when no server is given and the run may skip the PostgreSQL tests: asked with <c>COACH_SKIP_POSTGRES=1</c>, or outside CI
    /// (a plain <c>dotnet test</c> on a machine without PostgreSQL). In CI (<c>CI=true</c>) a missing server fails the tests.
    /// </summary>
    public static bool SkipRequested => AdminConnectionString is null &&
        (Environment.GetEnvironmentVariable(SkipVariable) == "1" || !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    public const string SkipReason = $"{Variable} is not set: PostgreSQL tests skipped (run `. .ci/services` first to include them; in CI they are required).";

    public const string Missing =
        $"The PostgreSQL store tests need a server: {Variable} is not set. Start one with `. .ci/services` " +
        "(installs Debian's postgresql if missing, starts it on 127.0.0.1, creates the role coach/coach and exports " +
        $"{Variable}), or set {Variable}=\"Host=127.0.0.1;Port=5432;Username=coach;Password=coach;Database=postgres\" " +
        $"for a role that may CREATE DATABASE. To skip these tests instead, set {SkipVariable}=1.";
}

/// <summary>Marks a test class whose tests need PostgreSQL (so <see cref="StoreFactAttribute"/> can skip them on request).</summary>
public interface IUsesPostgres;

/// <summary>A fact that runs everywhere, except in a class that uses PostgreSQL when <c>COACH_SKIP_POSTGRES=1</c> and no server is given.
/// Without a server and without that variable the PostgreSQL tests run and fail, saying how to start one: never a silent pass.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Coach.Storage.Tests.StoreFactDiscoverer", "Coach.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : StoreDiscoverer(diagnosticMessageSink, new FactDiscoverer(diagnosticMessageSink));

/// <summary>A theory that runs everywhere, skipped as <see cref="StoreFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Coach.Storage.Tests.StoreTheoryDiscoverer", "Coach.Storage.Tests")]
public sealed class StoreTheoryAttribute : TheoryAttribute;

public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : StoreDiscoverer(diagnosticMessageSink, new TheoryDiscoverer(diagnosticMessageSink));

/// <summary>Discovers a test as <paramref name="inner"/> does, or as one skipped case in a class that uses PostgreSQL when
/// <c>COACH_SKIP_POSTGRES=1</c>.</summary>
public abstract class StoreDiscoverer(IMessageSink sink, IXunitTestCaseDiscoverer inner) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo attribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        if (PostgresServer.SkipRequested && typeof(IUsesPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()))
        {
            return [new XunitSkippedDataRowTestCase(sink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, PostgresServer.SkipReason)];
        }
        return inner.Discover(discoveryOptions, testMethod, attribute);
    }
}

/// <summary>A fresh database for one test class (CREATE DATABASE with a random name), dropped when the class is done.</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The class's own database; throws, saying how to start PostgreSQL, when no server is given.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(PostgresServer.Missing);

    public async Task InitializeAsync()
    {
        if (PostgresServer.AdminConnectionString is { } admin)
        {
            _connectionString = await ScratchDatabase.CreateAsync(admin, "coach_test_");
        }
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is not null && PostgresServer.AdminConnectionString is { } admin)
        {
            await ScratchDatabase.DropAsync(admin, _connectionString);
        }
    }
}
