using System.Globalization;
using Coach.Core.Progress;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Draws the progress picture; without one, <c>progress</c> answers in text alone.</summary>
    public IProgressChartRenderer? Charts { get; init; }

    private async Task ProgressAsync(Turn turn, CancellationToken ct)
    {
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(turn.Incoming.Person, ct);
        Level target = turn.Settings.Target;
        StoryBankTarget goal = _assessor.Rubric.Levels[target].StoryBank;
        ReadsAs needed = QuestionPicker.GoodAt(target);
        int streak = turn.Streak.AsOf(DateOnly.FromDateTime(turn.Now.UtcDateTime));
        var perPrinciple = _bank.Principles
            .Select(p => (p, all: stories.Count(s => s.Principle == p.Id), good: stories.Count(s => s.Principle == p.Id && s.Target == target && s.ReadsAs >= needed)))
            .ToList();
        var fields = new List<CardField>
        {
            new("Story bank", $"{"answer".ToQuantity(stories.Count)}; {stories.Count(s => s.Target == target && s.ReadsAs >= needed)} read at {target}. The guide suggests {goal.MinStories}-{goal.MaxStories} for {target}."),
            new("Streak", streak == 0 ? "No streak yet: finish an answer today to start one." : $"{streak.Ordinalize(English)} day in a row (best: {"day".ToQuantity(turn.Streak.Best)})."),
        };
        var trend = stories.OrderBy(s => s.CreatedAt).TakeLast(8).Select(s => s.Fit switch { Fit.OnTarget => "✔", Fit.ReachingTooHigh => "▲", _ => "▼" }).ToList();
        if (trend.Count > 0)
        {
            int onTarget = stories.OrderBy(s => s.CreatedAt).TakeLast(8).Count(s => s.Fit == Fit.OnTarget);
            fields.Add(new CardField("Recent fit (oldest → newest)", $"{string.Join(" ", trend)}  ({onTarget} of the last {trend.Count} on target; ✔ on target, ▼ too small, ▲ too high)"));
        }
        var lacking = perPrinciple.Where(x => x.good == 0).Select(x => x.p.Name).ToList();
        var lists = new List<CardList>
        {
            new("Answers per principle", [.. perPrinciple.Where(x => x.all > 0).OrderByDescending(x => x.all).Select(x => $"{x.p.Name}: {x.all} ({x.good} at {target})")]),
        };
        if (lacking.Count > 0)
        {
            lists.Add(new CardList($"Principles without a story at {target} yet ({lacking.Count})", lacking));
        }
        string? body = stories.Count == 0
            ? $"No answers yet. When you finish one (say `practice`), this shows a picture of how each answer reads against {target} and how your story bank grows toward the guide's {goal.MinStories}-{goal.MaxStories} stories."
            : null;
        var card = new Card($"Your progress toward {target}", Tone.Neutral, body, fields, [], [.. lists.Where(l => l.Items.Count > 0)]);
        turn.Say(turn.Here("", card) with { Attachment = stories.Count == 0 ? null : Chart(stories, target, goal) });
    }

    /// <summary>The progress picture, or none when no renderer is set or drawing fails (the text says it all too).</summary>
    private FileAttachment? Chart(IReadOnlyList<StoryRecord> stories, Level target, StoryBankTarget goal)
    {
        if (Charts is null)
        {
            return null;
        }
        try
        {
            return Charts.Render(ProgressChart.From(stories, target, goal, _bank.Principles.Count));
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Drawing the progress chart failed; the progress reply goes without it");
            return null;
        }
    }
}
