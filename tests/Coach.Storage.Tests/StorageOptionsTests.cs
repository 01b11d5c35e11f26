using System.ComponentModel.DataAnnotations;
using Coach.Core.Storage;
using Coach.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Storage.Tests;

public class StorageOptionsTests
{
    private static List<string> Errors(string provider, string connectionString)
    {
        var options = new StorageOptions { Provider = provider, ConnectionString = connectionString };
        return [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];
    }

    [Theory]
    [InlineData("sqlite", "Data Source=coach.db")]
    [InlineData("SQLite", "coach.db")]
    [InlineData("postgres", "Host=127.0.0.1;Username=coach;Password=coach;Database=coach")]
    [InlineData("PostgreSQL", "Host=db;Port=5433;Username=coach;Password=x;Database=coach")]
    public void Known_providers_with_a_connection_string_are_valid(string provider, string connectionString) =>
        Assert.Empty(Errors(provider, connectionString));

    [Fact]
    public void An_unknown_provider_names_the_key_and_the_choices()
    {
        string error = Assert.Single(Errors("mysql", "Server=x"));
        Assert.Contains("Storage:Provider", error, StringComparison.Ordinal);
        Assert.Contains("'postgres'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "")]
    [InlineData("postgres", " ")]
    [InlineData("postgres", "Data Source=coach.db")]
    [InlineData("postgres", "Username=coach;Database=coach")]
    public void A_missing_or_wrong_connection_string_names_the_key(string provider, string connectionString)
    {
        string error = Assert.Single(Errors(provider, connectionString));
        Assert.Contains("Storage:ConnectionString", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", typeof(PostgresCoachStore))]
    [InlineData("postgresql", typeof(PostgresCoachStore))]
    [InlineData("sqlite", typeof(SqliteCoachStore))]
    public void The_host_registers_the_store_the_provider_names(string provider, Type expected)
    {
        string connectionString = provider == "sqlite"
            ? $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db")}"
            : "Host=127.0.0.1;Username=coach;Password=coach;Database=never_opened";
        IConfiguration config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["Storage:ConnectionString"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoachCore(config);
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.IsType(expected, sp.GetRequiredService<ICoachStore>()); // built, not opened: no server is needed
    }

    [Theory]
    [InlineData("Host=db;Username=coach;Password=secret", true)]
    [InlineData("Host=db;Username=coach;Password=secret;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=coach;Password=secret;noresetonclose=False", false)]
    public void The_PostgreSQL_store_does_not_reset_connections_it_leaves_unchanged_unless_the_connection_string_says_otherwise(string connectionString, bool expected)
    {
        using var store = new PostgresCoachStore(connectionString, NullLogger<PostgresCoachStore>.Instance);
        Assert.Equal(expected, store.Settings.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;Username=coach;Password=secret", PostgresCoachStore.AutoPrepare)]
    [InlineData("Host=db;Username=coach;Password=secret;Max Auto Prepare=0", 0)]   // a pooler that cannot keep prepared statements
    [InlineData("Host=db;Username=coach;Password=secret;maxautoprepare=10", 10)]
    public void The_PostgreSQL_store_prepares_its_statements_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        using var store = new PostgresCoachStore(connectionString, NullLogger<PostgresCoachStore>.Instance);
        Assert.Equal(expected, store.Settings.MaxAutoPrepare);
        Assert.Equal("coach", store.Settings.ApplicationName);
    }
}
