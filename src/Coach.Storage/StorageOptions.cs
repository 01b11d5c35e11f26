using System.ComponentModel.DataAnnotations;

namespace Coach.Storage;

/// <summary>Where Coach keeps its data (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite a connection string (<c>Data Source=coach.db</c>) or a plain file path.</summary>
    public string ConnectionString { get; set; } = "Data Source=coach.db";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider '{Provider}' is not available in this build; use 'sqlite'.", [nameof(Provider)]);
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is empty: give a file path or 'Data Source=…'.", [nameof(ConnectionString)]);
        }
    }
}
