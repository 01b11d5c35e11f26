using Coach.Core.Conversation;
using Coach.Core.Progress;
using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Core.Tests;

public class ProgressChartTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static StoryRecord Story(int day, string principle, Level target, ReadsAs readsAs, Fit fit) =>
        new(day, new PersonKey(Platforms.Console, "local", "ada"), principle, null, "q", target, StarAnswer.Empty, readsAs, fit, 0.5,
            new Dictionary<Dimension, Band>(), Day.AddDays(day));

    [Fact]
    public void Points_are_in_time_order_and_count_stories_and_principles_at_the_target()
    {
        var stories = new[]
        {
            Story(3, "ownership", Level.L7, ReadsAs.L7, Fit.OnTarget),
            Story(1, "ownership", Level.L7, ReadsAs.L6, Fit.ThinkingTooSmall),
            Story(2, "ownership", Level.L7, ReadsAs.L7, Fit.OnTarget),
            Story(4, "bias-for-action", Level.L6, ReadsAs.L7, Fit.ReachingTooHigh), // aimed at L6: not counted toward L7
            Story(5, "dive-deep", Level.L7, ReadsAs.L7, Fit.OnTarget),
        };
        ProgressChart chart = ProgressChart.From(stories, Level.L7, new StoryBankTarget(20, 25, 0, 0), 16);

        Assert.Equal([1, 2, 3, 4, 5], chart.Answers.Select(a => (a.At - Day).Days));
        Assert.Equal([ReadsAs.L6, ReadsAs.L7, ReadsAs.L7, ReadsAs.L7, ReadsAs.L7], chart.Answers.Select(a => a.ReadsAs));
        Assert.Equal([false, true, true, false, true], chart.Answers.Select(a => a.AtTarget));
        Assert.Equal([0, 1, 2, 2, 3], chart.Answers.Select(a => a.StoriesAtTarget));
        Assert.Equal([0, 1, 1, 1, 2], chart.Answers.Select(a => a.PrinciplesCovered));
        Assert.Equal((20, 25, 16), (chart.GoalMin, chart.GoalMax, chart.PrincipleCount));
        Assert.Equal("Progress toward L7: 5 answers, 3 on target; the latest reads as L7. 3 stories and 2 of 16 principles read at L7, against the guide's goal of 20-25 stories.",
            chart.AltText());

        ProgressChart first = ProgressChart.From([Story(1, "ownership", Level.L7, ReadsAs.L7, Fit.OnTarget)], Level.L7, new StoryBankTarget(20, 25, 0, 0), 16);
        Assert.StartsWith("Progress toward L7: 1 answer, 1 on target; the latest reads as L7. 1 story and 1 of 16 principles", first.AltText(), StringComparison.Ordinal);
    }
}
