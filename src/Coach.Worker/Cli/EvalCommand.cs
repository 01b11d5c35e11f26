using System.Globalization;
using Coach.Core.Rubric;

namespace Coach.Worker.Cli;

/// <summary><c>coach eval FILE.jsonl [--min 0.85]</c>: the rubric against labelled answers, to check it against a team's own bar.</summary>
public static class EvalCommand
{
    public const int UnderMinimum = 1;

    public const string Usage = "usage: coach eval FILE.jsonl [--min 0.85]   (one JSON object a line: level_label, situation, task, action, result)";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? file = null;
        double? min = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--min":
                    if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double m) || m is < 0 or > 1)
                    {
                        return Fail(stderr, "--min needs a share between 0 and 1, e.g. --min 0.85");
                    }
                    min = m;
                    i++;
                    break;
                case "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        return Fail(stderr, $"unknown option '{args[i]}'");
                    }
                    if (file is not null)
                    {
                        return Fail(stderr, "give one FILE");
                    }
                    file = args[i];
                    break;
            }
        }
        if (file is null)
        {
            return Fail(stderr, "give a FILE.jsonl of labelled answers");
        }
        string input;
        try
        {
            input = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file}: {ex.Message}");
        }
        (List<LabelledAnswer> answers, List<string> errors) = Calibration.Read(input);
        foreach (string error in errors)
        {
            stderr.WriteLine($"coach eval: {error}");
        }
        if (answers.Count == 0)
        {
            return Fail(stderr, $"no labelled answers in {file}");
        }
        CalibrationReport report = Calibration.Run(answers);
        Write(report, Path.GetFileName(file), stdout);
        if (min is { } floor && report.Agreement < floor)
        {
            stdout.WriteLine();
            stdout.WriteLine($"Agreement {Percent(report.Agreement)} is under the minimum {Percent(floor)}.");
            return UnderMinimum;
        }
        return errors.Count > 0 ? AssessCommand.BadInput : 0;
    }

    /// <summary>Agreement, the confusion matrix, the over-credit that matters most, and each miss with the bands behind it.</summary>
    public static void Write(CalibrationReport report, string source, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(o);
        o.WriteLine($"{report.Items.Count} labelled answers from {source}, each assessed at L7 when labelled L7, else L6.");
        o.WriteLine($"Agreement: {Percent(report.Agreement)} (an exact match counts 1; between L6 and L7 counts half for an L6 or L7 label).");
        int below = report.Labelled(ReadsAs.BelowL6);
        o.WriteLine($"Below-L6 answers read at L6 or above: {report.BelowL6ReadAtL6OrAbove} of {below}"
            + (below == 0 ? "." : $" ({Percent((double)report.BelowL6ReadAtL6OrAbove / below)})."));
        o.WriteLine();
        o.WriteLine($"{"label \\ reads as",-18}{"below-L6",10}{"L6",10}{"between",10}{"L7",10}");
        foreach (ReadsAs label in CalibrationReport.Labels.Where(l => report.Labelled(l) > 0))
        {
            o.Write($"{$"{label.Id()} ({report.Labelled(label)})",-18}");
            foreach (ReadsAs read in CalibrationReport.Labels)
            {
                o.Write($"{report.Count(label, read),10}");
            }
            o.WriteLine();
        }
        var misses = report.Misses.ToList();
        o.WriteLine();
        o.WriteLine(misses.Count == 0 ? "No misses." : $"Misses ({misses.Count}):");
        foreach (CalibrationItem m in misses)
        {
            Assessment a = m.Assessment;
            o.WriteLine($"- {m.Case.Id}: labelled {m.Case.Label.Id()}, reads as {a.ReadsAs.Id()} (score {a.Score.ToString("0.###", CultureInfo.InvariantCulture)}, credit {m.Credit.ToString("0.#", CultureInfo.InvariantCulture)})");
            o.WriteLine($"    role: {a.Role.Read}");
            o.WriteLine($"    {string.Join(", ", a.Dimensions.Select(d => $"{d.Dimension.Id()} {d.Band.Id()}"))}");
        }
    }

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"coach eval: {message}");
        return AssessCommand.BadInput;
    }
}
