using System.Text.Json;
using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

public class GoldenExamplesTests
{
    public sealed record Golden(string Id, string Level, string Principle, string Title, string Situation, string Task, string Action, string Result)
    {
        public StarAnswer Answer => new(Situation, Task, Action, Result);
    }

    private sealed record GoldenFile(List<Golden> Examples);

    public static IReadOnlyList<Golden> Load()
    {
        string json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "golden-examples.json"));
        return JsonSerializer.Deserialize<GoldenFile>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!.Examples;
    }

    public static TheoryData<string> Ids(string level)
    {
        var data = new TheoryData<string>();
        foreach (Golden g in Load().Where(g => g.Level == level))
        {
            data.Add(g.Id);
        }
        return data;
    }

    public static TheoryData<string> L6Ids => Ids("L6");

    public static TheoryData<string> L7Ids => Ids("L7");

    private static Golden Get(string id) => Load().Single(g => g.Id == id);

    [Fact]
    public void The_guide_gives_three_examples_at_each_level()
    {
        Assert.Equal(3, Load().Count(g => g.Level == "L6"));
        Assert.Equal(3, Load().Count(g => g.Level == "L7"));
    }

    [Theory]
    [MemberData(nameof(L6Ids))]
    public void Each_L6_example_reads_as_L6_and_is_on_target_for_L6(string id)
    {
        Golden g = Get(id);
        Assessment a = Assessor.Default.Assess(g.Answer, Level.L6, g.Principle);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
        Assert.Equal(Fit.OnTarget, a.Fit);
    }

    [Theory]
    [MemberData(nameof(L6Ids))]
    public void Each_L6_example_against_target_L7_is_thinking_too_small(string id)
    {
        Golden g = Get(id);
        Assessment a = Assessor.Default.Assess(g.Answer, Level.L7, g.Principle);
        Assert.Equal(Fit.ThinkingTooSmall, a.Fit);
        Assert.Contains(a.RedFlags, f => f.Id == "impact-under-5m");
        Assert.Contains(a.RedFlags, f => f.Id == "no-external-visibility");
    }

    [Theory]
    [MemberData(nameof(L7Ids))]
    public void Each_L7_example_reads_as_L7_and_is_on_target_for_L7(string id)
    {
        Golden g = Get(id);
        Assessment a = Assessor.Default.Assess(g.Answer, Level.L7, g.Principle);
        Assert.Equal(ReadsAs.L7, a.ReadsAs);
        Assert.Equal(Fit.OnTarget, a.Fit);
        Assert.Equal(Band.L7, a[Dimension.Impact].Band);
    }

    [Theory]
    [MemberData(nameof(L7Ids))]
    public void Each_L7_example_against_target_L6_is_reaching_too_high(string id)
    {
        Golden g = Get(id);
        Assessment a = Assessor.Default.Assess(g.Answer, Level.L6, g.Principle);
        Assert.Equal(Fit.ReachingTooHigh, a.Fit);
    }

    [Fact]
    public void The_checkout_example_quotes_its_own_words_as_evidence()
    {
        Assessment a = Assessor.Default.Assess(Get("l6-customer-obsession-checkout").Answer, Level.L6);
        Assert.Contains("recovered $1.8M annual revenue", a[Dimension.Impact].Evidence, StringComparison.Ordinal);
        Assert.Contains("Led team of 6 engineers", a[Dimension.People].Evidence, StringComparison.Ordinal);
        Assert.Contains("$2.3M annual revenue loss", a[Dimension.Stakes].Evidence, StringComparison.Ordinal);
        Assert.Equal(1.8e6, a.ImpactDollars, 3);
    }

    [Fact]
    public void Unattributed_L7_money_draws_the_attribution_probe()
    {
        Assessment a = Assessor.Default.Assess(Get("l7-ownership-datacenter").Answer, Level.L7);
        Assert.Contains(a.Probes, p => p.Question.Contains("$12.4M", StringComparison.Ordinal) && p.Question.Contains("baseline", StringComparison.Ordinal));
        Assert.InRange(a.Probes.Count, 1, 3);
    }
}
