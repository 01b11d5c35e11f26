using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    public const string ReviewFormId = "coach:review";

    private void Review(Turn turn, string args)
    {
        if (args.Length > _options.MaxMessageChars * 4)
        {
            turn.Say(turn.Here($"That answer is {"character".ToQuantity(args.Length, "N0")}, far beyond a spoken answer. Send a shorter version."));
            return;
        }
        StarAnswer? answer = null;
        if (args.Length > 0)
        {
            IReadOnlyList<AnswerParser.Parsed> parsed = AnswerParser.ParseInput(args);
            answer = parsed.Count == 1 ? parsed[0].Answer : null;
            if (answer is null)
            {
                turn.Say(turn.Here("I couldn't find the four parts. Write it with headings on their own lines:\nSituation: …\nTask: …\nAction: …\nResult: …"));
                return;
            }
            if (parsed[0].PartsInferred)
            {
                turn.Say(turn.Here("There were no headings, so I found the four parts myself: " +
                    string.Join(", ", StarParts.All.Select(p => $"{p} {"word".ToQuantity(TextScan.CountWords(answer[p]))}")) +
                    ". If I split it wrongly, send it again with Situation: / Task: / Action: / Result: headings."));
            }
        }
        if (answer is null)
        {
            var fields = Enum.GetValues<StarPart>()
                .Select(p => new FormField(p.Id(), p.ToString(), Multiline: true, MaxLength: 4000, Required: p != StarPart.Task,
                    Placeholder: Trim(_assessor.Rubric.PartGuidance[p][turn.Target], 100)))
                .ToList();
            // said once, for where it is read: text-only surfaces have no form, so the answer is simply the next text
            string how = Platforms.IsTextOnly(turn.Incoming.Platform)
                ? "Paste your whole answer next, with Situation: / Task: / Action: / Result: headings (without headings I'll find the parts myself), and send it with an empty line."
                : "Paste your whole answer with headings (Situation: / Task: / Action: / Result:), e.g. `review Situation: … Task: … Action: … Result: …`, or fill in the form.";
            turn.Say(turn.Here(how, privateInPublic: true) with { Form = new FormRequest(ReviewFormId, $"Review a STAR answer ({turn.Target})", fields, "Assess") });
            return;
        }
        ReviewAnswer(turn, answer, null);
    }

    private void Form(Turn turn)
    {
        Incoming i = turn.Incoming;
        if (i.FormId != ReviewFormId || i.FormValues is null)
        {
            turn.Say(turn.Here("That form has expired. Say `review` to open a new one."));
            return;
        }
        string Get(StarPart p) => CommandText.Clean(i.FormValues.TryGetValue(p.Id(), out string? v) ? v : i.FormValues.GetValueOrDefault(p.ToString(), ""));
        var answer = new StarAnswer(Get(StarPart.Situation), Get(StarPart.Task), Get(StarPart.Action), Get(StarPart.Result));
        if (answer.MissingParts().Count() == 4)
        {
            turn.Say(turn.Here("The form came back empty, so there was nothing to assess. Say `review` to try again."));
            return;
        }
        ReviewAnswer(turn, answer, null);
    }

    private void ReviewAnswer(Turn turn, StarAnswer answer, string? principle)
    {
        Level target = turn.Target;
        Assessment a = _assessor.Assess(answer, target, principle);
        FeedbackDocument doc = FeedbackWriter.Write(a, Principles.FocusLine(principle, target));
        long id = NewStoryId();
        turn.NewStory = new StoryRecord(id, turn.Incoming.Person, principle, null, "(reviewed answer)", target, answer, a.ReadsAs, a.Fit, a.Score,
            a.Dimensions.ToDictionary(d => d.Dimension, d => d.Band), turn.Now, "review");
        turn.Streak = turn.Streak.Record(DateOnly.FromDateTime(turn.Now.UtcDateTime));
        var buttons = new List<ActionButton> { Buttons.Practice };
        if (!turn.Incoming.IsDirect)
        {
            buttons.Add(Buttons.Share(id));
        }
        turn.Say(turn.Here("Feedback on your answer. It's saved in your story bank.", doc.ToCard(), buttons));
    }

    private async Task ShareAsync(Turn turn, long storyId, CancellationToken ct)
    {
        StoryRecord? story = (await _store.ListStoriesAsync(turn.Incoming.Person, ct)).FirstOrDefault(s => s.Id == storyId);
        if (story is null)
        {
            turn.Say(turn.Here("That answer is no longer in your story bank."));
            return;
        }
        Assessment a = _assessor.Assess(story.Answer, story.Target, story.Principle);
        Card card = FeedbackWriter.Write(a, Principles.FocusLine(story.Principle, story.Target)).ToCard();
        string who = turn.Incoming.UserDisplayName is { Length: > 0 } name ? name : "A member";
        turn.Say(turn.Here($"{who} shared feedback on their answer to “{Trim(story.Question, 200)}”.", card, privateInPublic: false));
    }
}
