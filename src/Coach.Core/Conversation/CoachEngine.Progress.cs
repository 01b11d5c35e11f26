using System.Globalization;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

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
        turn.Say(turn.Here("", new Card($"Your progress toward {target}", Tone.Neutral, null, fields, [], [.. lists.Where(l => l.Items.Count > 0)])));
    }
}
