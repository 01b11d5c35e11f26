using System.Globalization;
using System.Text;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private async Task StoriesAsync(Turn turn, string args, CancellationToken ct)
    {
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(turn.Incoming.Person, ct);
        string[] words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string verb = words.Length > 0 ? words[0].ToLowerInvariant() : "list";
        if (verb is "list" or "all")
        {
            if (stories.Count == 0)
            {
                turn.Say(turn.Here("Your story bank is empty. Every answer you finish is saved here. Say `practice` to start.", buttons: [Buttons.Practice]));
                return;
            }
            var lines = stories.Select((s, n) =>
                $"{n + 1}. {s.CreatedAt:yyyy-MM-dd} · {PrincipleName(s.Principle)} · {s.Target} · reads as {s.ReadsAs.Human()} ({s.Fit.Human()}) · {Trim(s.Question, 80)}");
            Level target = turn.Settings.Target;
            StoryBankTarget goal = _assessor.Rubric.Levels[target].StoryBank;
            turn.Say(turn.Here("", new Card($"Your story bank: {"story".ToQuantity(stories.Count)}", Tone.Neutral,
                $"The guide suggests {goal.MinStories}-{goal.MaxStories} stories for {target}. Say `stories show N` or `stories delete N`.",
                [], [], [new CardList("Stories", [.. lines])])));
            return;
        }
        if (verb is "show" or "delete" or "remove")
        {
            if (words.Length < 2 || !int.TryParse(words[1].TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > stories.Count)
            {
                turn.Say(turn.Here(stories.Count == 0
                    ? "Your story bank is empty."
                    : $"Say `stories {verb} N` with N from 1 to {stories.Count} (see `stories`)."));
                return;
            }
            StoryRecord story = stories[n - 1];
            if (verb == "show")
            {
                Assessment a = _assessor.Assess(story.Answer, story.Target, story.Principle);
                var fields = Enum.GetValues<StarPart>().Select(p => new CardField(p.ToString(), story.Answer[p].Length == 0 ? "(skipped)" : Trim(story.Answer[p], 1000))).ToList();
                turn.Say(turn.Here($"Story {n}: {story.Question}",
                    new Card($"Story {n} · {PrincipleName(story.Principle)} · {story.Target}", Tone.Neutral, story.Question, fields, [], [],
                        $"Saved {story.CreatedAt:yyyy-MM-dd}. Reads as {story.ReadsAs.Human()}, {story.Fit.Human()}.")));
                turn.Say(turn.Here("", FeedbackWriter.Write(a).ToCard()));
                return;
            }
            turn.DeleteStoryId = story.Id;
            turn.Say(turn.Here($"Deleted story {n} ({Trim(story.Question, 80)})."));
            return;
        }
        turn.Say(turn.Here("Say `stories` to list them, `stories show N` or `stories delete N`."));
    }

    private string PrincipleName(string? id) => _bank.FindPrinciple(id)?.Name ?? "Review";

    private async Task ExportAsync(Turn turn, CancellationToken ct)
    {
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(turn.Incoming.Person, ct);
        if (stories.Count == 0)
        {
            turn.Say(turn.Here("Your story bank is empty, so there's nothing to export yet."));
            return;
        }
        var md = new StringBuilder();
        md.AppendLine("# My STAR story bank").AppendLine();
        int n = 1;
        foreach (StoryRecord s in stories)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {n++}. {PrincipleName(s.Principle)} ({s.Target}, {s.CreatedAt:yyyy-MM-dd})").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"*{s.Question}*").AppendLine();
            foreach (StarPart p in Enum.GetValues<StarPart>())
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**{p}:** {(s.Answer[p].Length == 0 ? "(skipped)" : s.Answer[p])}").AppendLine();
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"Reads as {s.ReadsAs.Human()} ({s.Fit.Human()} for {s.Target}).").AppendLine();
        }
        turn.Say(turn.Here(md.ToString().TrimEnd()));
    }
}
