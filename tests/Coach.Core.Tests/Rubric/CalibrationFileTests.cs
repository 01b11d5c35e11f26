using System.Globalization;
using System.Text.RegularExpressions;
using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>
/// The rubric against real answers that people published (../shared/calibration/dev-answers.jsonl beside the repository;
/// see its README): the done-when figures of <c>coach eval</c>, and the bands moving with the scale of money and headcounts.
/// </summary>
public partial class CalibrationFileTests
{
    private const string RelativePath = "shared/calibration/dev-answers.jsonl";

    /// <summary>The calibration file: <c>shared/</c> sits beside the clone (or beside a folder of worktrees above it).</summary>
    public static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Coach.sln")))
        {
            dir = dir.Parent;
        }
        Assert.True(dir is not null, $"The repository root (Coach.sln) was not found above {AppContext.BaseDirectory}.");
        for (DirectoryInfo? up = dir!.Parent; up is not null; up = up.Parent)
        {
            string candidate = Path.Combine(up.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"The calibration file {RelativePath} was not found beside the repository root {dir.FullName} or above it: copy the project's shared/ folder beside the clone.");
        return "";
    }

    private static List<LabelledAnswer> Answers()
    {
        (List<LabelledAnswer> answers, List<string> errors) = Calibration.Read(File.ReadAllText(Locate()));
        Assert.Empty(errors);
        Assert.Equal(34, answers.Count);
        return answers;
    }

    [Fact]
    public void Agreement_is_at_least_85_percent_and_at_most_one_below_L6_answer_reads_at_L6_or_above()
    {
        CalibrationReport report = Calibration.Run(Answers());
        string misses = string.Join("; ", report.Misses.Select(m => $"{m.Case.Id} {m.Case.Label.Id()} read {m.Assessment.ReadsAs.Id()}"));
        Assert.True(report.Agreement >= 0.85, $"agreement {report.Agreement:P1}; misses: {misses}");
        Assert.Equal(12, report.Labelled(ReadsAs.BelowL6));
        Assert.True(report.BelowL6ReadAtL6OrAbove <= 1, $"{report.BelowL6ReadAtL6OrAbove} of 12 below-L6 answers read at L6 or above; misses: {misses}");
    }

    [Fact]
    public void Each_calibration_answer_says_the_role_it_read()
    {
        foreach (CalibrationItem item in Calibration.Run(Answers()).Items)
        {
            Role role = item.Assessment.Role;
            Assert.False(string.IsNullOrWhiteSpace(role.Read));
            // an answer read as an individual's story never reads at L6 or above
            Assert.True(role.Scope != RoleScope.Individual || item.Assessment.ReadsAs == ReadsAs.BelowL6, $"{item.Case.Id}: {role.Read} read {item.Assessment.ReadsAs}");
        }
    }

    private static readonly Dimension[] Scaled = [Dimension.Impact, Dimension.Stakes, Dimension.People, Dimension.Teams];

    private static int Bands(Assessment a) => Scaled.Sum(d => (int)a[d].Band);

    [Fact]
    public void Shrinking_the_money_and_headcounts_of_an_L7_answer_lowers_its_bands_and_never_raises_its_level()
    {
        foreach (LabelledAnswer c in Answers().Where(c => c.Label == ReadsAs.L7))
        {
            Assessment before = Assessor.Default.Assess(c.Answer, Level.L7, c.Principle);
            Assessment after = Assessor.Default.Assess(Scale(c.Answer, 0.01, 0.1), Level.L7, c.Principle);
            Assert.True(Bands(after) < Bands(before), $"{c.Id}: bands {Bands(before)} -> {Bands(after)}");
            Assert.True(after.ReadsAs <= before.ReadsAs, $"{c.Id}: {before.ReadsAs} -> {after.ReadsAs}");
        }
    }

    [Fact]
    public void Growing_the_money_and_headcounts_of_an_L6_answer_raises_its_bands_and_never_lowers_its_level()
    {
        foreach (LabelledAnswer c in Answers().Where(c => c.Label == ReadsAs.L6))
        {
            StarAnswer grown = Scale(c.Answer, 20, 10);
            Assessment before = Assessor.Default.Assess(c.Answer, Level.L6, c.Principle);
            Assessment after = Assessor.Default.Assess(grown, Level.L6, c.Principle);
            if (grown != c.Answer)
            {
                Assert.True(Bands(after) > Bands(before), $"{c.Id}: bands {Bands(before)} -> {Bands(after)}");
            }
            Assert.True(after.ReadsAs >= before.ReadsAs, $"{c.Id}: {before.ReadsAs} -> {after.ReadsAs}");
        }
    }

    [Fact]
    public void The_scaler_changes_money_and_headcounts_only()
    {
        var answer = new StarAnswer("A $2.3M annual loss in 2021.", "Two other teams were waiting.", "Led 12 engineers across three teams.", "Saved 12 million dollars in 6 months.");
        StarAnswer s = Scale(answer, 20, 10);
        Assert.Equal("A $46M annual loss in 2021.", s.Situation);
        Assert.Equal("20 other teams were waiting.", s.Task);
        Assert.Equal("Led 120 engineers across 30 teams.", s.Action);
        Assert.Equal("Saved $240M in 6 months.", s.Result);
    }

    // ---------------------------------------------------------------- scaling the text

    [GeneratedRegex(@"\$\s?(\d+(?:,\d{3})*(?:\.\d+)?)\s?(billion|million|thousand|mil|[KkMmBb])?\b|\b(\d+(?:\.\d+)?)\s(million|billion)\s(?:dollars?|usd)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\b(\d+(?:,\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(\+?)(?!\s+(?:months?|weeks?|years?|days?|hours?|quarters?|sprints?|minutes?|of)\b)(?=(?:\s+[\w/&'-]+){0,2}?\s+(?:engineers?|people|developers|staff|members|managers|direct reports|reports|teams?|squads|pods|business units|divisions|contributors)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex HeadcountPattern();

    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    /// <summary>Every amount of money times <paramref name="money"/>, every headcount of people or teams times <paramref name="heads"/>.</summary>
    public static StarAnswer Scale(StarAnswer a, double money, double heads) =>
        new(Scale(a.Situation, money, heads), Scale(a.Task, money, heads), Scale(a.Action, money, heads), Scale(a.Result, money, heads));

    private static string Scale(string text, double money, double heads)
    {
        text = MoneyPattern().Replace(text, m =>
        {
            bool words = m.Groups[3].Success;
            double value = double.Parse((words ? m.Groups[3].Value : m.Groups[1].Value).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            string unit = (words ? m.Groups[4].Value : m.Groups[2].Value).ToLowerInvariant();
            value *= unit switch { "b" or "billion" => 1e9, "m" or "million" or "mil" => 1e6, "k" or "thousand" => 1e3, _ => 1 };
            return Money.Format(value * money);
        });
        return HeadcountPattern().Replace(text, m =>
        {
            string n = m.Groups[1].Value.ToLowerInvariant();
            int word = Array.IndexOf(Words, n);
            double value = word >= 0 ? word : double.Parse(n.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            double scaled = Math.Max(1, Math.Round(value * heads));
            string digits = scaled.ToString("0", CultureInfo.InvariantCulture);
            return digits + m.Groups[2].Value;
        });
    }
}
