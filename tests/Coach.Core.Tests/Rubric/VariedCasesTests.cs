using System.Text.Json;
using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>Sixty-eight answers written for the tests (not for tuning), in many styles, at every level.</summary>
public class VariedCasesTests
{
    public sealed record Case(string Id, string Expect, string Principle, string Style, string Situation, string Task, string Action, string Result)
    {
        public StarAnswer Answer => new(Situation, Task, Action, Result);
    }

    private static readonly string[] Order = ["below-L6", "L6", "between-L6-L7", "L7"];

    public static IReadOnlyList<Case> Load() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "cases", "answers.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Case>(l, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!)
            .ToList();

    [Fact]
    public void The_set_covers_every_level_and_every_principle()
    {
        var cases = Load();
        Assert.True(cases.Count >= 48);
        Assert.True(cases.Count(c => c.Expect == "below-L6") >= 12);
        Assert.True(cases.Count(c => c.Expect == "L6") >= 12);
        Assert.True(cases.Count(c => c.Expect == "L7") >= 12);
        Assert.Equal(16, cases.Select(c => c.Principle).Distinct().Count());
    }

    [Fact]
    public void At_least_85_percent_read_exactly_as_written_and_none_is_off_by_more_than_one_step()
    {
        var misses = new List<string>();
        int exact = 0;
        var cases = Load();
        foreach (Case c in cases)
        {
            Assessment a = Assessor.Default.Assess(c.Answer, Level.L7, c.Principle);
            int distance = Math.Abs(Array.IndexOf(Order, a.ReadsAs.Id()) - Array.IndexOf(Order, c.Expect));
            if (distance == 0)
            {
                exact++;
            }
            Assert.True(distance <= 1, $"{c.Id}: expected {c.Expect}, read as {a.ReadsAs.Id()} (score {a.Score})");
            if (distance == 1)
            {
                misses.Add(c.Id);
            }
        }
        Assert.True(exact >= cases.Count * 0.85, $"{exact}/{cases.Count} exact; off by one: {string.Join(", ", misses)}");
    }

    [Fact]
    public void Clear_levels_are_never_confused()
    {
        foreach (Case c in Load().Where(c => c.Expect is "below-L6" or "L7"))
        {
            Assessment a = Assessor.Default.Assess(c.Answer, Level.L6, c.Principle);
            if (c.Expect == "L7")
            {
                Assert.True(a.ReadsAs >= ReadsAs.BetweenL6L7, $"{c.Id} read as {a.ReadsAs}");
            }
            else
            {
                Assert.True(a.ReadsAs <= ReadsAs.L6, $"{c.Id} read as {a.ReadsAs}");
            }
        }
    }

    [Fact]
    public void Every_L6_and_below_case_is_thinking_too_small_for_L7()
    {
        foreach (Case c in Load())
        {
            Assessment a = Assessor.Default.Assess(c.Answer, Level.L7, c.Principle);
            if (c.Expect is "L6" or "below-L6")
            {
                Assert.True(a.Fit == Fit.ThinkingTooSmall, $"{c.Id}: {a.Fit}");
            }
        }
    }
}
