using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coach.Core.Rubric;

/// <summary>Reads STAR answers from the forms people write them in: JSON objects, JSON Lines, or text with headings.</summary>
public static partial class AnswerParser
{
    /// <summary>An answer read from one input, or the reason it could not be read.</summary>
    /// <remarks><see cref="PartsInferred"/>: the text had no headings and <see cref="StarSplitter"/> found the parts.</remarks>
    public sealed record Parsed(StarAnswer? Answer, string? Error, string? Id = null, string? Principle = null, bool PartsInferred = false);

    /// <summary>The words a heading may use for a part: the four names and people's own (<see cref="PartOf"/> maps them).</summary>
    private const string HeadingWords = "situation|task|action|actions|result|results|context|background|the situation|the problem|problem|challenge|the challenge|my role|role|goal|the goal|objective|my task|the task|mission|what i did|approach|my approach|how i did it|steps|outcome|outcomes|the outcome|the result|impact|learnings|lessons|lessons learned|what i learned";

    // at the start of a line, the words people use for the four parts as well as the four names, followed by a colon or a
    // dash ("Situation: …", "- **Task** — …") or alone on their line ("## Situation", "**Result**"); the space around them
    // stays on the line, so a heading alone is not joined to a bullet on the next line
    [GeneratedRegex(@"^[ \t]*(?:[#>*_\-•]+[ \t]*)*(?:\*\*|__)?[ \t]*(" + HeadingWords + @"|s|t|a|r)[ \t]*(?:\*\*|__)?[ \t]*(?:[:\-–—][ \t]*(?:\*\*|__)?|\r?$)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    // a part's name or letter in brackets at the start of a line, with or without a colon after: "(S) …", "S) …", "[Task] …"
    [GeneratedRegex(@"^[ \t]*(?:[#>*_\-•]+[ \t]*)*(?:\*\*|__)?[ \t]*[\(\[]?(" + HeadingWords + @"|s|t|a|r)[\)\]](?:\*\*|__)?[ \t]*(?:[:\-–—][ \t]*)?", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BracketHeading();

    /// <summary>The part a heading word names ("context" is the Situation, "what I did" the Action).</summary>
    private static StarPart PartOf(string heading) => heading.ToLowerInvariant() switch
    {
        "s" or "situation" or "context" or "background" or "the situation" or "the problem" or "problem" or "challenge" or "the challenge" => StarPart.Situation,
        "t" or "task" or "my role" or "role" or "goal" or "the goal" or "objective" or "my task" or "the task" or "mission" => StarPart.Task,
        "a" or "action" or "actions" or "what i did" or "approach" or "my approach" or "how i did it" or "steps" => StarPart.Action,
        _ => StarPart.Result,
    };

    [GeneratedRegex(@"(?:^|(?<=\s))(?:\*\*|__)?(Situation|Task|Action|Result|SITUATION|TASK|ACTION|RESULT)(?:\*\*|__)?\s*:(?:\*\*|__)?", RegexOptions.CultureInvariant)]
    private static partial Regex InlineHeading();

    // a bold heading anywhere, in the four names or people's own words: "**My role:** ...", "__Outcome__: ..."
    [GeneratedRegex(@"(?:\*\*|__)\s*(" + HeadingWords + @")\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoldHeading();

    /// <summary>Reads text with <c>Situation:</c> / <c>Task:</c> / <c>Action:</c> / <c>Result:</c> headings (markdown bold or bullets allowed).</summary>
    public static bool TryParseHeadings(string text, out StarAnswer answer)
    {
        answer = StarAnswer.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var matches = Heading().Matches(text);
        // "/coach review Situation: … Task: … Action: … Result: …" typed on one line, or some headings mid-line
        var inline = InlineHeading().Matches(text);
        static int Distinct(MatchCollection m) => m.Select(x => PartOf(x.Groups[1].Value)).Distinct().Count();
        if (Distinct(inline) > Distinct(matches))
        {
            matches = inline;
        }
        var bold = BoldHeading().Matches(text);
        if (Distinct(bold) > Distinct(matches))
        {
            matches = bold;
        }
        var bracketed = BracketHeading().Matches(text);
        if (Distinct(bracketed) > Distinct(matches))
        {
            matches = bracketed;
        }
        // an answer headed with the four names keeps lines such as "Impact: ..." or "Steps: ..." inside its parts
        static bool Canonical(Match m) => m.Groups[1].Value.ToLowerInvariant() is "situation" or "task" or "action" or "actions" or "result" or "results"
            or "s" or "t" or "a" or "r";
        bool canonicalOnly = matches.Where(Canonical).Select(m => PartOf(m.Groups[1].Value)).Distinct().Count() >= 2;
        var found = new List<(StarPart Part, int Start, int ContentStart)>();
        foreach (Match m in matches)
        {
            if (canonicalOnly && !Canonical(m))
            {
                continue;
            }
            string word = m.Groups[1].Value.ToLowerInvariant();
            // single-letter headings only count when the text uses them consistently ("S:", "T:")
            StarPart part = PartOf(word);
            if (word.Length == 1 && matches.Count(x => x.Groups[1].Value.Length == 1) < 3)
            {
                continue;
            }
            found.Add((part, m.Index, m.Index + m.Length));
        }
        if (found.Count == 0)
        {
            return false;
        }
        var parts = new Dictionary<StarPart, string>();
        for (int i = 0; i < found.Count; i++)
        {
            int end = i + 1 < found.Count ? found[i + 1].Start : text.Length;
            string content = text[found[i].ContentStart..end].Trim();
            parts[found[i].Part] = parts.TryGetValue(found[i].Part, out string? existing) ? existing + "\n" + content : content;
        }
        answer = new StarAnswer(
            parts.GetValueOrDefault(StarPart.Situation, ""),
            parts.GetValueOrDefault(StarPart.Task, ""),
            parts.GetValueOrDefault(StarPart.Action, ""),
            parts.GetValueOrDefault(StarPart.Result, ""));
        return true;
    }

    /// <summary>Reads one JSON object with situation, task, action and result (any case).</summary>
    public static Parsed ParseJsonObject(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return new Parsed(null, $"not valid JSON ({ex.Message.Split('.')[0]})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new Parsed(null, "expected a JSON object with situation, task, action and result");
            }
            string Get(string name)
            {
                foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                {
                    if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        return p.Value.ValueKind switch
                        {
                            JsonValueKind.String => p.Value.GetString() ?? "",
                            JsonValueKind.Array => string.Join("\n", p.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString())),
                            JsonValueKind.Null => "",
                            _ => p.Value.ToString(),
                        };
                    }
                }
                return "";
            }
            var answer = new StarAnswer(Get("situation"), Get("task"), Get("action"), Get("result"));
            if (answer.MissingParts().Count() == 4)
            {
                return new Parsed(null, "the object has none of situation, task, action, result");
            }
            string id = Get("id");
            string principle = Get("principle");
            if (TooFewParts(answer) is { } tooFew)
            {
                // the whole story in one field ("situation": "When I joined ... We hired four ..."): read it as text, with its
                // headings or its parts found by their cues, and say so
                string whole = string.Join("\n\n", StarParts.All.Select(p => answer[p]).Where(t => !string.IsNullOrWhiteSpace(t)));
                return TextAnswer(whole) is { Answer: not null } text
                    ? text with { Id = id.Length > 0 ? id : null, Principle = principle.Length > 0 ? principle : null }
                    : new Parsed(null, tooFew);
            }
            return new Parsed(answer, null, id.Length > 0 ? id : null, principle.Length > 0 ? principle : null);
        }
    }

    /// <summary>An answer with text in one part and three empty ones is not assessed: the reason names the empty parts.</summary>
    public static string? TooFewParts(StarAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var missing = answer.MissingParts().ToList();
        if (missing.Count < 3)
        {
            return null;
        }
        if (missing.Count == 4)
        {
            return "the situation, task, action and result are all empty";
        }
        StarPart given = StarParts.All.First(p => !missing.Contains(p));
        return $"only the {given.Id()} has text: the {missing[0].Id()}, {missing[1].Id()} and {missing[2].Id()} are empty";
    }

    /// <summary>Reads a whole input: one JSON object, JSON Lines (one answer a line), or headed text.</summary>
    public static IReadOnlyList<Parsed> ParseInput(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return [new Parsed(null, "the input is empty")];
        }
        string trimmed = input.TrimStart('\uFEFF').Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            var whole = ParseJsonObject(trimmed);
            if (whole.Answer is not null)
            {
                return [whole];
            }
            string[] lines = trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length > 1 && lines.All(l => l.StartsWith('{')))
            {
                return [.. lines.Select((l, i) => ParseJsonObject(l) is var one && one.Error is not null ? one with { Error = $"line {i + 1}: {one.Error}" } : one)];
            }
            // "[S] …", "[Situation] …", a markdown link first: text that only opens like JSON is read as text
            if (!trimmed.StartsWith('[') || !(TextAnswer(trimmed) is { Answer: not null } text))
            {
                return [whole];
            }
            return [text];
        }
        return [TextAnswer(trimmed)];
    }

    /// <summary>Headed text, or four parts found by <see cref="StarSplitter"/> in text without headings.</summary>
    private static Parsed TextAnswer(string trimmed)
    {
        if (TryParseHeadings(trimmed, out StarAnswer answer))
        {
            return TooFewParts(answer) is { } tooFew ? new Parsed(null, tooFew) : new Parsed(answer, null);
        }
        // no headings: four paragraphs, or four or more sentences labelled by their cues and place
        StarAnswer split = StarSplitter.Split(trimmed);
        return split.MissingParts().Any()
            ? new Parsed(null, "no Situation:, Task:, Action: or Result: headings found, the input is not JSON, and it is too short to find the four parts in")
            : new Parsed(split, null, PartsInferred: true);
    }
}
