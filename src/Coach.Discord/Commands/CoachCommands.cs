using System.Text.Json;
using System.Text.Json.Nodes;
using Coach.Core.Rubric;
using Coach.Discord.Payloads;

namespace Coach.Discord.Commands;

internal sealed record CommandChoice(string Name, string Value);

internal sealed record CommandOption(int Type, string Name, string Description, bool? Required = null, IReadOnlyList<CommandChoice>? Choices = null, IReadOnlyList<CommandOption>? Options = null);

internal sealed record ApplicationCommand(string Name, string Description, IReadOnlyList<CommandOption> Options, int Type = 1, IReadOnlyList<int>? Contexts = null);

/// <summary>The one <c>/coach</c> command with a sub-command per engine command.</summary>
public static class CoachCommands
{
    public const string Name = "coach";

    internal static readonly IReadOnlyList<CommandChoice> Levels = [new("L6 (engineering manager)", "L6"), new("L7 (senior manager)", "L7")];

    /// <summary>The question bank's principles (name shown, id sent: the engine finds a principle by its id).</summary>
    internal static readonly IReadOnlyList<CommandChoice> Principles =
        [.. QuestionBank.Default.Principles.Take(25).Select(p => new CommandChoice(p.Name, p.Id))];

    /// <summary>Sub-commands with their options, in the order their values are joined into <c>Incoming.Text</c>.</summary>
    internal static readonly IReadOnlyList<CommandOption> SubCommands =
    [
        Sub("practice", "Practise one STAR answer, one part at a time",
            new CommandOption(3, "level", "The level you are aiming for", false, Levels),
            new CommandOption(3, "principle", "The leadership principle to practise", false, Principles)),
        Sub("review", "Paste a whole answer (Situation, Task, Action, Result) for feedback"),
        Sub("level", "Set the level you are aiming for", new CommandOption(3, "level", "L6 or L7", true, Levels)),
        Sub("skip", "Skip the current part"),
        Sub("redo", "Answer the current part again"),
        Sub("stop", "Stop the current practice"),
        Sub("stories", "List your saved stories"),
        Sub("progress", "Show your progress over time"),
        Sub("compare", "Compare your last answer at L6 and L7"),
        Sub("daily", "A practice question every day at your time",
            new CommandOption(3, "when", "e.g. 08:30 Europe/London weekdays · status · off · channel 09:00 America/New_York", false)),
        Sub("mock", "Interview another member in a thread: a private guide for you, a scorecard at the end",
            new CommandOption(6, "candidate", "The member you will interview", true),
            new CommandOption(3, "level", "The level they are aiming for", false, Levels),
            new CommandOption(3, "principle", "The leadership principle to ask about", false, Principles)),
        Sub("pair", "In a mock-interview channel, get matched with a partner"),
        Sub("forget", "Delete everything Coach keeps about you"),
        Sub("export", "Export your stories and history"),
        Sub("help", "How Coach works"),
    ];

    internal static ApplicationCommand Definition { get; } =
        new(Name, "Practise STAR answers for L6/L7 engineering manager interviews", SubCommands, 1, [0, 1]);

    private static CommandOption Sub(string name, string description, params CommandOption[] options) =>
        new(1, name, description, null, null, options.Length == 0 ? null : options);

    /// <summary>A comparable form of a command set: only the fields Coach sets, defaults filled in, sorted by name.</summary>
    internal static string Canonical(JsonElement commands)
    {
        var array = new JsonArray();
        if (commands.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in commands.EnumerateArray().OrderBy(c => Str(c, "name"), StringComparer.Ordinal))
            {
                array.Add(new JsonObject
                {
                    ["name"] = Str(c, "name"),
                    ["description"] = Str(c, "description"),
                    ["type"] = Int(c, "type", 1),
                    ["options"] = Options(c),
                });
            }
        }
        return array.ToJsonString();

        static JsonArray Options(JsonElement e)
        {
            var result = new JsonArray();
            if (e.TryGetProperty("options", out var opts) && opts.ValueKind == JsonValueKind.Array)
            {
                foreach (var o in opts.EnumerateArray())
                {
                    var choices = new JsonArray();
                    if (o.TryGetProperty("choices", out var ch) && ch.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var c in ch.EnumerateArray())
                        {
                            choices.Add(new JsonObject { ["name"] = Str(c, "name"), ["value"] = c.TryGetProperty("value", out var v) ? v.ToString() : "" });
                        }
                    }
                    result.Add(new JsonObject
                    {
                        ["type"] = Int(o, "type", 0),
                        ["name"] = Str(o, "name"),
                        ["description"] = Str(o, "description"),
                        ["required"] = o.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                        ["choices"] = choices,
                        ["options"] = Options(o),
                    });
                }
            }
            return result;
        }

        static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        static int Int(JsonElement e, string name, int fallback) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : fallback;
    }

    internal static JsonElement DesiredSet() => JsonSerializer.SerializeToElement(new[] { Definition }, DiscordJson.Options);
}
