using System.ComponentModel.DataAnnotations;

namespace Coach.Storage;

/// <summary>Where Coach keeps its data (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite a connection string (<c>Data Source=coach.db</c>) or a plain file path;
    /// for PostgreSQL an Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>).</summary>
    public string ConnectionString { get; set; } = "Data Source=coach.db";

    /// <summary>True when <see cref="Provider"/> names PostgreSQL (<c>postgres</c> or <c>postgresql</c>).</summary>
    public bool IsPostgres => Provider?.Trim().ToLowerInvariant() is "postgres" or "postgresql";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgres && !string.Equals(Provider?.Trim(), "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider '{Provider}' is not known; use 'sqlite' or 'postgres'.", [nameof(Provider)]);
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(IsPostgres
                ? "Storage:ConnectionString is empty: give 'Host=…;Port=5432;Username=…;Password=…;Database=…'."
                : "Storage:ConnectionString is empty: give a file path or 'Data Source=…'.", [nameof(ConnectionString)]);
        }
        else if (IsPostgres && PostgresProblem(ConnectionString) is { } problem)
        {
            yield return new ValidationResult($"Storage:ConnectionString is not a PostgreSQL connection string ({problem}): give 'Host=…;Port=5432;Username=…;Password=…;Database=…'.", [nameof(ConnectionString)]);
        }
    }

    private static string? PostgresProblem(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "no Host" : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
