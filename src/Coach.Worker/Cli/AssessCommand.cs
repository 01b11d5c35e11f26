using System.Text;
using System.Text.Json;
using Coach.Core.Rubric;
using Coach.Worker.Console;

namespace Coach.Worker.Cli;

/// <summary><c>coach assess --target L7 [--principle ownership] [--json] FILE|-</c>: the rubric on a file or stdin.</summary>
public static class AssessCommand
{
    public const int BadInput = 2;

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
        return Write(parsed, target, principle, json, stdout, stderr);
    }

    /// <summary>How many answers are assessed before their output is written: enough to keep every core busy, few enough
    /// that the first results appear at once and a long JSON Lines file's output is never held whole.</summary>
    private static int Batch => 64 * Environment.ProcessorCount;

    /// <summary>Assesses the answers on every core (the rubric is pure and keeps its scratch space per thread) and writes
    /// the results in input order, one write per batch; an unreadable line goes to stderr in its place.</summary>
    private static int Write(IReadOnlyList<AnswerParser.Parsed> parsed, Level target, string? principle, bool json, TextWriter stdout, TextWriter stderr)
    {
        int exit = 0;
        bool any = false;
        var rendered = new string?[Math.Min(Batch, parsed.Count)];
        var block = new StringBuilder();
        for (int from = 0; from < parsed.Count; from += rendered.Length)
        {
            int count = Math.Min(rendered.Length, parsed.Count - from);
            Parallel.For(0, count, i => rendered[i] = Render(parsed[from + i], target, principle, json));
            block.Clear();
            for (int i = 0; i < count; i++)
            {
                if (rendered[i] is not { } text)
                {
                    stdout.Write(block.ToString());
                    block.Clear();
                    stderr.WriteLine($"coach assess: {parsed[from + i].Error}");
                    exit = BadInput;
                    continue;
                }
                if (any && !json)
                {
                    block.AppendLine(); // a blank line between two people's feedback
                }
                block.Append(text);
                any = true;
            }
            stdout.Write(block.ToString());
        }
        stdout.Flush();
        return exit;
    }

    /// <summary>One answer's output with its line ends, or null when the answer could not be read.</summary>
    private static string? Render(AnswerParser.Parsed p, Level target, string? principle, bool json)
    {
        if (p.Answer is null)
        {
            return null;
        }
        Assessment a = Assessor.Default.Assess(p.Answer, target, principle ?? p.Principle);
        if (json)
        {
            return JsonSerializer.Serialize(AssessmentJson.Of(a, p.Id, p.PartsInferred), AssessmentJsonContext.Relaxed.AssessmentJson) + Environment.NewLine;
        }
        var text = new StringBuilder();
        if (p.Id is not null)
        {
            text.AppendLine($"# {p.Id}");
        }
        if (p.PartsInferred)
        {
            text.AppendLine("No Situation: / Task: / Action: / Result: headings, so the parts below were inferred from the text; add headings to choose them yourself.");
            text.AppendLine();
        }
        text.AppendLine(PlainText.Render(FeedbackWriter.Write(a, Principles.FocusLine(a.Principle, target)).ToCard()));
        return text.ToString();
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"coach assess: {message}");
        return BadInput;
    }
}
