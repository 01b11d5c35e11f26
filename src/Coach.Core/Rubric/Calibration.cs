using System.Text.Json;

namespace Coach.Core.Rubric;

/// <summary>An answer with the level an experienced interviewer gave it.</summary>
public sealed record LabelledAnswer(string Id, ReadsAs Label, StarAnswer Answer, string? Principle)
{
    /// <summary>The level the answer is assessed against: L7 when labelled L7, else L6.</summary>
    public Level Target => Label == ReadsAs.L7 ? Level.L7 : Level.L6;
}

/// <summary>One labelled answer, what the rubric read, and the credit it earns.</summary>
public sealed record CalibrationItem(LabelledAnswer Case, Assessment Assessment, double Credit)
{
    public bool Miss => Credit < 1;
}

/// <summary>How closely the rubric agrees with labelled answers.</summary>
public sealed record CalibrationReport(IReadOnlyList<CalibrationItem> Items)
{
    public static readonly ReadsAs[] Labels = [ReadsAs.BelowL6, ReadsAs.L6, ReadsAs.BetweenL6L7, ReadsAs.L7];

    /// <summary>Mean credit: an exact match counts 1; "between L6 and L7" counts half for an L6 or L7 label (and the reverse).</summary>
    public double Agreement => Items.Count == 0 ? 0 : Items.Sum(i => i.Credit) / Items.Count;

    /// <summary>How many answers carry <paramref name="label"/> and read as <paramref name="read"/>.</summary>
    public int Count(ReadsAs label, ReadsAs read) => Items.Count(i => i.Case.Label == label && i.Assessment.ReadsAs == read);

    public int Labelled(ReadsAs label) => Items.Count(i => i.Case.Label == label);

    /// <summary>The error that matters most: answers labelled below L6 that the rubric reads at L6 or above.</summary>
    public int BelowL6ReadAtL6OrAbove => Items.Count(i => i.Case.Label == ReadsAs.BelowL6 && i.Assessment.ReadsAs >= ReadsAs.L6);

    public IEnumerable<CalibrationItem> Misses => Items.Where(i => i.Miss);
}

/// <summary>Runs the rubric over labelled answers (JSON Lines with <c>level_label</c>) and measures its agreement.</summary>
public static class Calibration
{
    /// <summary>The credit one reading earns against its label.</summary>
    public static double Credit(ReadsAs label, ReadsAs read) =>
        label == read ? 1
        : (label, read) is (ReadsAs.L6 or ReadsAs.L7, ReadsAs.BetweenL6L7) or (ReadsAs.BetweenL6L7, ReadsAs.L6 or ReadsAs.L7) ? 0.5
        : 0;

    public static bool TryParseLabel(string? text, out ReadsAs label)
    {
        switch (text?.Trim().ToLowerInvariant().Replace(' ', '-'))
        {
            case "below-l6" or "belowl6":
                label = ReadsAs.BelowL6;
                return true;
            case "l6":
                label = ReadsAs.L6;
                return true;
            case "between-l6-l7" or "between-l6-and-l7" or "l6-l7":
                label = ReadsAs.BetweenL6L7;
                return true;
            case "l7":
                label = ReadsAs.L7;
                return true;
            default:
                label = default;
                return false;
        }
    }

    /// <summary>Reads labelled answers, one JSON object a line; a line that cannot be read gives an error naming it.</summary>
    /// <remarks>The label is <c>level_label</c> (or <c>expect</c>); the parts and their checks are <see cref="AnswerParser"/>'s.</remarks>
    public static (List<LabelledAnswer> Answers, List<string> Errors) Read(string jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        var answers = new List<LabelledAnswer>();
        var errors = new List<string>();
        string[] lines = jsonLines.TrimStart('\uFEFF').Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            AnswerParser.Parsed parsed = AnswerParser.ParseJsonObject(line);
            string? id = parsed.Id ?? Field(line, "id");
            string where = $"line {n + 1}{(id is null ? "" : $" ({id})")}";
            if (parsed.Answer is null)
            {
                errors.Add($"{where}: {parsed.Error}");
                continue;
            }
            string? labelText = Field(line, "level_label", "levelLabel", "expect");
            if (!TryParseLabel(labelText, out ReadsAs label))
            {
                errors.Add($"{where}: level_label '{labelText}' is not below-L6, L6, between-L6-L7 or L7");
                continue;
            }
            answers.Add(new LabelledAnswer(parsed.Id ?? $"line-{n + 1}", label, parsed.Answer, parsed.Principle));
        }
        return (answers, errors);
    }

    /// <summary>The first of the named string fields in one JSON object (null when absent or the line is not JSON).</summary>
    private static string? Field(string line, params string[] names)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (names.Any(n => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase)) && p.Value.ValueKind == JsonValueKind.String)
                {
                    return p.Value.GetString();
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Assesses each answer at its target (L7 when labelled L7, else L6) and scores the readings.</summary>
    public static CalibrationReport Run(IEnumerable<LabelledAnswer> answers, Assessor? assessor = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        assessor ??= Assessor.Default;
        var items = new List<CalibrationItem>();
        foreach (LabelledAnswer c in answers)
        {
            Assessment a = assessor.Assess(c.Answer, c.Target, c.Principle);
            items.Add(new CalibrationItem(c, a, Credit(c.Label, a.ReadsAs)));
        }
        return new CalibrationReport(items);
    }
}
