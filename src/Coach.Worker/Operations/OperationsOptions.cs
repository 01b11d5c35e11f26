using System.ComponentModel.DataAnnotations;

namespace Coach.Worker.Operations;

/// <summary>Health and metrics endpoints (section <c>Health</c>) and the metrics exporter (section <c>Metrics</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>; 0 turns the endpoints off.</summary>
    [Range(0, 65535, ErrorMessage = "Health:Port must be between 0 (off) and 65535.")]
    public int Port { get; set; }

    /// <summary>The address to listen on (<c>0.0.0.0</c> in a container).</summary>
    [Required(ErrorMessage = "Health:Address is required.")]
    public string Address { get; set; } = "127.0.0.1";
}

public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary><c>prometheus</c> (served at <c>/metrics</c> on the health port), <c>otlp</c>, or <c>none</c>.</summary>
    public string Exporter { get; set; } = "prometheus";

    /// <summary>The OTLP collector endpoint when <see cref="Exporter"/> is <c>otlp</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Exporter is not ("prometheus" or "otlp" or "none"))
        {
            yield return new ValidationResult($"Metrics:Exporter '{Exporter}' is not one of prometheus, otlp, none.", [nameof(Exporter)]);
        }
        if (Exporter == "otlp" && OtlpEndpoint is null)
        {
            yield return new ValidationResult("Metrics:OtlpEndpoint is required when Metrics:Exporter is otlp.", [nameof(OtlpEndpoint)]);
        }
    }
}
