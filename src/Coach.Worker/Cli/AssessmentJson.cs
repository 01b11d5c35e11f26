using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Rubric;

namespace Coach.Worker.Cli;

/// <summary>The stable JSON shape of one assessment (<c>coach assess --json</c>): readsAs, role, target, fit, dimensions,
/// redFlags, timing, probes, and more. Written by a source-generated serializer, so a long JSON Lines run spends its
/// time on the rubric rather than on reflection.</summary>
public sealed record AssessmentJson(
    string? Id,
    bool PartsInferred,
    string ReadsAs,
    AssessmentJson.RoleJson Role,
    string Target,
    string Fit,
    double Score,
    string? Principle,
    double ImpactDollars,
    IReadOnlyList<AssessmentJson.DimensionJson> Dimensions,
    IReadOnlyList<AssessmentJson.RedFlagJson> RedFlags,
    AssessmentJson.TimingJson Timing,
    IReadOnlyList<AssessmentJson.StructureJson> Structure,
    IReadOnlyList<string> Probes,
    IReadOnlyList<string> Changes,
    double FirstPersonShare,
    double StrategyShare)
{
    /// <summary>The scope the rubric read: individual, team, several-teams or organisation, in words, with the candidate's
    /// own words that showed it, and whether it holds the level below what the other evidence shows.</summary>
    public sealed record RoleJson(string Scope, string Read, string? Evidence, bool HoldsLevel);

    public sealed record DimensionJson(string Name, string Band, string? Evidence, string Note);

    public sealed record RedFlagJson(string Id, string Direction, string Text, string? Evidence);

    public sealed record TimingJson(int Situation, int Task, int Action, int Result, int Total);

    public sealed record StructureJson(string Id, bool Passed, string Message);

    public static AssessmentJson Of(Assessment a, string? id = null, bool partsInferred = false) => new(
        id,
        partsInferred,
        a.ReadsAs.Id(),
        new RoleJson(a.Role.Id, a.Role.Read, a.Role.Evidence, a.HeldByRole),
        a.Target.ToString(),
        a.Fit.Id(),
        a.Score,
        a.Principle,
        a.ImpactDollars,
        [.. a.Dimensions.Select(d => new DimensionJson(d.Dimension.Id(), d.Band.Id(), d.Evidence, d.Note))],
        [.. a.RedFlags.Select(f => new RedFlagJson(f.Id, f.Direction, f.Text, f.Evidence))],
        new TimingJson(
            a.Timing[StarPart.Situation].Seconds,
            a.Timing[StarPart.Task].Seconds,
            a.Timing[StarPart.Action].Seconds,
            a.Timing[StarPart.Result].Seconds,
            a.Timing.TotalSeconds),
        [.. a.Structure.Select(c => new StructureJson(c.Id, c.Passed, c.Message))],
        [.. a.Probes.Select(p => p.Question)],
        a.Changes,
        a.FirstPersonShare,
        a.StrategyShare);
}

/// <summary>The serializer for <see cref="AssessmentJson"/>: camelCase names, and text kept readable (no \u escapes for
/// quotes, dashes or non-ASCII letters people typed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AssessmentJson))]
internal sealed partial class AssessmentJsonContext : JsonSerializerContext
{
    public static AssessmentJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    });
}
