using System.Text.Encodings.Web;
using System.Text.Json;
using Coach.Core.Rubric;
using Coach.Worker.Console;

namespace Coach.Worker.Cli;

/// <summary><c>coach assess --target L7 [--principle ownership] [--json] FILE|-</c>: the rubric on a file or stdin.</summary>
public static class AssessCommand
{
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions JsonOut = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        Level target = Level.L6;
        string? principle = null, file = null;
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--target" or "-t" or "--level":
                    if (i + 1 >= args.Length || !RubricWords.TryParseLevel(args[i + 1], out target))
                    {
                        return Fail(stderr, $"unknown level '{(i + 1 < args.Length ? args[i + 1] : "")}': use L6 or L7");
                    }
                    i++;
                    break;
                case "--principle" or "-p":
                    if (i + 1 >= args.Length)
                    {
                        return Fail(stderr, "--principle needs a value, e.g. --principle ownership");
                    }
                    principle = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "--help" or "-h":
                    stdout.WriteLine("usage: coach assess --target L6|L7 [--principle NAME] [--json] FILE|-");
                    return 0;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal))
                    {
                        return Fail(stderr, $"unknown option '{a}'");
                    }
                    if (file is not null)
                    {
                        return Fail(stderr, "give one FILE (or - for stdin)");
                    }
                    file = a;
                    break;
            }
        }
        if (file is null)
        {
            return Fail(stderr, "give a FILE to assess (or - for stdin)");
        }
        string input;
        try
        {
            input = file == "-" ? stdin.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file}: {ex.Message}");
        }

        IReadOnlyList<AnswerParser.Parsed> parsed = AnswerParser.ParseInput(input);
        if (parsed.Count == 1 && parsed[0].Answer is null)
        {
            return Fail(stderr, parsed[0].Error!);
        }
        int exit = 0;
        bool first = true;
        foreach (AnswerParser.Parsed p in parsed)
        {
            if (p.Answer is null)
            {
                stderr.WriteLine($"coach assess: {p.Error}");
                exit = BadInput;
                continue;
            }
            Assessment a = Assessor.Default.Assess(p.Answer, target, principle ?? p.Principle);
            if (json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(ToJson(a, p.Id, p.PartsInferred), JsonOut));
            }
            else
            {
                if (!first)
                {
                    stdout.WriteLine();
                }
                if (p.Id is not null)
                {
                    stdout.WriteLine($"# {p.Id}");
                }
                if (p.PartsInferred)
                {
                    stdout.WriteLine("No Situation: / Task: / Action: / Result: headings, so the parts below were inferred from the text; add headings to choose them yourself.");
                    stdout.WriteLine();
                }
                stdout.WriteLine(PlainText.Render(FeedbackWriter.Write(a, Principles.FocusLine(a.Principle, target)).ToCard()));
            }
            first = false;
        }
        return exit;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"coach assess: {message}");
        return BadInput;
    }

    /// <summary>The stable JSON shape: readsAs, role (the scope read), target, fit, dimensions, redFlags, timing, probes, and more.</summary>
    public static object ToJson(Assessment a, string? id = null, bool partsInferred = false) => new
    {
        id,
        partsInferred,
        readsAs = a.ReadsAs.Id(),
        role = new { scope = a.Role.Id, read = a.Role.Read, evidence = a.Role.Evidence, holdsLevel = a.HeldByRole },
        target = a.Target.ToString(),
        fit = a.Fit.Id(),
        score = a.Score,
        principle = a.Principle,
        impactDollars = a.ImpactDollars,
        dimensions = a.Dimensions.Select(d => new { name = d.Dimension.Id(), band = d.Band.Id(), evidence = d.Evidence, note = d.Note }),
        redFlags = a.RedFlags.Select(f => new { id = f.Id, direction = f.Direction, text = f.Text, evidence = f.Evidence }),
        timing = new
        {
            situation = a.Timing[StarPart.Situation].Seconds,
            task = a.Timing[StarPart.Task].Seconds,
            action = a.Timing[StarPart.Action].Seconds,
            result = a.Timing[StarPart.Result].Seconds,
            total = a.Timing.TotalSeconds,
        },
        structure = a.Structure.Select(c => new { id = c.Id, passed = c.Passed, message = c.Message }),
        probes = a.Probes.Select(p => p.Question),
        changes = a.Changes,
        firstPersonShare = a.FirstPersonShare,
        strategyShare = a.StrategyShare,
    };
}
