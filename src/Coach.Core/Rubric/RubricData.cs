using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coach.Core.Rubric;

/// <summary>The rubric derived from the L6/L7 guide, loaded from <c>seeds/rubric.json</c> (embedded in the assembly).</summary>
public sealed class RubricData
{
    private static readonly Lazy<RubricData> DefaultInstance = new(() => Load(ReadSeed("rubric.json")));

    public static RubricData Default => DefaultInstance.Value;

    public required int WordsPerMinute { get; init; }
    public required IReadOnlyDictionary<Level, LevelInfo> Levels { get; init; }
    public required IReadOnlyDictionary<Level, IReadOnlyDictionary<string, TimeWindow>> Timing { get; init; }
    public required IReadOnlyDictionary<StarPart, IReadOnlyDictionary<Level, string>> PartGuidance { get; init; }
    public required IReadOnlyDictionary<Dimension, DimensionInfo> Dimensions { get; init; }
    public required IReadOnlyDictionary<string, RedFlagInfo> RedFlags { get; init; }

    public TimeWindow Window(Level level, StarPart part) => Timing[level][part.Id()];

    public TimeWindow TotalWindow(Level level) => Timing[level]["total"];

    public static string ReadSeed(string fileName)
    {
        Assembly assembly = typeof(RubricData).Assembly;
        using Stream stream = assembly.GetManifestResourceStream("seeds." + fileName)
            ?? throw new InvalidOperationException($"The seed file '{fileName}' is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static RubricData Load(string json)
    {
        var file = JsonSerializer.Deserialize<RubricFile>(json, SeedJson.Options)
            ?? throw new InvalidDataException("rubric.json is empty.");
        var levels = new Dictionary<Level, LevelInfo>();
        var timing = new Dictionary<Level, IReadOnlyDictionary<string, TimeWindow>>();
        foreach (Level level in Enum.GetValues<Level>())
        {
            string key = level.ToString();
            levels[level] = file.Levels[key];
            timing[level] = file.Timing[key].ToDictionary(kv => kv.Key, kv => new TimeWindow(kv.Value[0], kv.Value[1]));
        }
        var parts = new Dictionary<StarPart, IReadOnlyDictionary<Level, string>>();
        foreach (StarPart part in StarParts.All)
        {
            var byLevel = file.Parts[part.Id()];
            parts[part] = new Dictionary<Level, string> { [Level.L6] = byLevel["L6"], [Level.L7] = byLevel["L7"] };
        }
        var dims = new Dictionary<Dimension, DimensionInfo>();
        foreach (DimensionInfo d in file.Dimensions)
        {
            if (!RubricWords.TryParseDimension(d.Id, out Dimension dim))
            {
                throw new InvalidDataException($"rubric.json names an unknown dimension '{d.Id}'.");
            }
            dims[dim] = d;
        }
        foreach (Dimension d in Enum.GetValues<Dimension>())
        {
            if (!dims.ContainsKey(d))
            {
                throw new InvalidDataException($"rubric.json lacks the dimension '{d.Id()}'.");
            }
        }
        return new RubricData
        {
            WordsPerMinute = file.WordsPerMinute,
            Levels = levels,
            Timing = timing,
            PartGuidance = parts,
            Dimensions = dims,
            RedFlags = file.RedFlags.ToDictionary(r => r.Id),
        };
    }

    private sealed record RubricFile(
        int WordsPerMinute,
        Dictionary<string, LevelInfo> Levels,
        Dictionary<string, Dictionary<string, int[]>> Timing,
        Dictionary<string, Dictionary<string, string>> Parts,
        List<DimensionInfo> Dimensions,
        List<RedFlagInfo> RedFlags);
}

internal static class SeedJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

public sealed record TimeWindow(int MinSeconds, int MaxSeconds);

public sealed record StoryBankTarget(int MinStories, int MaxStories, double ImpactMin, double ImpactMax);

public sealed record LevelInfo(string Title, string Summary, StoryBankTarget StoryBank);

public sealed record DimensionInfo(
    string Id,
    string Name,
    double Weight,
    string Part,
    [property: JsonPropertyName("belowL6")] string BelowL6,
    [property: JsonPropertyName("L6")] string L6,
    [property: JsonPropertyName("L7")] string L7,
    Dictionary<string, double>? Thresholds,
    Dictionary<string, string> Advice)
{
    public double Threshold(string key, double fallback) =>
        Thresholds is not null && Thresholds.TryGetValue(key, out double v) ? v : fallback;

    public string AdviceFor(string key) => Advice.TryGetValue(key, out string? text) ? text : "";
}

public sealed record RedFlagInfo(string Id, string Direction, string Text);
