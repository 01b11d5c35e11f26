using System.Globalization;
using System.Text;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    public const string ReviewFormId = "coach:review";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private async Task CommandAsync(Turn turn, string command, string args, CancellationToken ct)
    {
        if (turn.Session is { } s && BelongsToSession(turn.Incoming, s))
        {
            turn.Session = s with { LastActivity = turn.Now };
        }
        switch (command)
        {
            case "practice":
                await StartPracticeAsync(turn, args, ct);
                break;
            case "review":
                Review(turn, args);
                break;
            case "level":
                SetLevel(turn, args);
                break;
            case "skip":
                Skip(turn);
                break;
            case "redo":
                Redo(turn, args);
                break;
            case "stop":
                Stop(turn);
                break;
            case "next":
                await NextAsync(turn, ct);
                break;
            case "stories":
                await StoriesAsync(turn, args, ct);
                break;
            case "progress":
                await ProgressAsync(turn, ct);
                break;
            case "compare":
                Compare(turn, args);
                break;
            case "daily":
                await DailyAsync(turn, args, ct);
                break;
            case "mock":
                await MockAsync(turn, args, ct);
                break;
            case "pair":
                await PairAsync(turn, args, ct);
                break;
            case "forget":
                AskForget(turn);
                break;
            case "export":
                await ExportAsync(turn, ct);
                break;
            case "help":
                Help(turn);
                break;
            default:
                string what = command == "unknown" ? args : command;
                turn.Say(turn.Here($"I don't know the command “{Trim(what, 40)}”. I understand: {string.Join(", ", CommandText.Commands)}. Say `help` for what each does.",
                    buttons: [Buttons.Help]));
                break;
        }
    }

    private async Task ButtonAsync(Turn turn, string actionId, string? value, CancellationToken ct)
    {
        if (!actionId.StartsWith(Buttons.Prefix, StringComparison.Ordinal))
        {
            turn.Changed = false;
            return;
        }
        string[] parts = actionId[Buttons.Prefix.Length..].Split(':');
        switch (parts[0])
        {
            case "forget" when parts.Length > 1 && parts[1] == "yes":
                if (turn.Session is { Mode: SessionMode.ConfirmForget })
                {
                    ConfirmForget(turn);
                }
                else
                {
                    turn.Say(turn.Here("That confirmation has expired. Say `forget` again if you want everything erased."));
                }
                return;
            case "forget":
                if (turn.Session is { Mode: SessionMode.ConfirmForget } s)
                {
                    CancelForget(turn, s);
                }
                return;
            case "share" when parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long storyId):
                await ShareAsync(turn, storyId, ct);
                return;
            case "probe":
                if (turn.Session is { Mode: SessionMode.Probing } p && p.ProbeIndex < p.Probes.Count)
                {
                    turn.Say(turn.InSession(p, $"Follow-up: {p.Probes[p.ProbeIndex]}\nReply with your answer."));
                }
                return;
            case "review":
                Review(turn, value ?? "");
                return;
            case "daily":
                await StartFromDailyAsync(turn, value, ct);
                return;
            case "mock" when parts.Length > 2:
                await MockButtonAsync(turn, parts[1], parts[2], ct);
                return;
            default:
                await CommandAsync(turn, parts[0], value ?? "", ct);
                return;
        }
    }

    // ------------------------------------------------------------------ review

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
            turn.Say(turn.Here(
                "Paste your whole answer with headings (Situation: / Task: / Action: / Result:), e.g. `review Situation: … Task: … Action: … Result: …`, or fill in the form.",
                privateInPublic: true) with { Form = new FormRequest(ReviewFormId, $"Review a STAR answer ({turn.Target})", fields, "Assess") });
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
        long id = NewStoryId(turn.Now);
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

    // ------------------------------------------------------------------ level, skip, redo, stop, next

    private void SetLevel(Turn turn, string args)
    {
        if (args.Length == 0)
        {
            Level current = turn.Settings.Target;
            turn.Say(turn.Here($"Your target level is {current}: {_assessor.Rubric.Levels[current].Summary} Say `level L6` or `level L7` to change it."));
            return;
        }
        if (!RubricWords.TryParseLevel(args.Split(' ')[0], out Level level))
        {
            turn.Say(turn.Here($"“{Trim(args, 20)}” isn't a level I coach. Say `level L6` or `level L7`."));
            return;
        }
        turn.Settings = turn.Settings with { Target = level };
        string note = turn.Session is { Mode: SessionMode.Answering } s && s.Target != level
            ? " Your answer in progress keeps its level; the next one uses the new one."
            : "";
        turn.Say(turn.Here($"Target level set to {level}: {_assessor.Rubric.Levels[level].Summary}{note}"));
    }

    private void Skip(Turn turn)
    {
        SessionState? s = turn.Session;
        if (s is { Mode: SessionMode.Answering, Awaiting: { } part })
        {
            Advance(turn, s with { Nudged = null, LastActivity = turn.Now }, part, "Skipped the {0}.");
            return;
        }
        if (s is { Mode: SessionMode.Probing } p && p.ProbeIndex < p.Probes.Count)
        {
            int next = p.ProbeIndex + 1;
            turn.Session = p with { ProbeIndex = next, LastActivity = turn.Now };
            turn.Say(next < p.Probes.Count
                ? turn.InSession(p, $"Skipped. Next follow-up: {p.Probes[next]}\nReply with your answer, or say `skip`.", buttons: [Buttons.Skip, Buttons.NewQuestion])
                : turn.InSession(p, "Skipped. That was the last follow-up. Say `practice` for a new question.", buttons: [Buttons.NewQuestion]));
            return;
        }
        turn.Say(turn.Here("There's nothing to skip right now. Say `practice` to start an answer."));
    }

    private void Redo(Turn turn, string args)
    {
        SessionState? s = turn.Session;
        if (s is null || s.Mode == SessionMode.ConfirmForget)
        {
            turn.Say(turn.Here("There's no answer to redo. Say `practice` to start one."));
            return;
        }
        StarPart? part = ParsePart(args);
        if (part is null && args.Length > 0)
        {
            turn.Say(turn.Here($"“{Trim(args, 20)}” isn't a part. Say `redo situation`, `redo task`, `redo action` or `redo result`."));
            return;
        }
        part ??= s.Mode == SessionMode.Probing
            ? StarPart.Result
            : s.Done.Count > 0 ? s.Done[^1] : s.Awaiting ?? StarPart.Situation;
        string previous = s.Answer[part.Value];
        s = s.WithPart(part.Value, "") with
        {
            Mode = SessionMode.Answering,
            Awaiting = part,
            Done = [.. s.Done.Where(p => p != part)],
            Nudged = null,
            LastActivity = turn.Now,
        };
        turn.Session = s;
        turn.Say(turn.InSession(s, $"Let's redo the {part}.", PartCard(s, part.Value, previous), [Buttons.Skip, Buttons.Stop]));
    }

    private static StarPart? ParsePart(string args) => args.Trim().ToLowerInvariant() switch
    {
        "situation" or "s" => StarPart.Situation,
        "task" or "t" => StarPart.Task,
        "action" or "a" => StarPart.Action,
        "result" or "r" => StarPart.Result,
        _ => null,
    };

    private void Stop(Turn turn)
    {
        SessionState? s = turn.Session;
        if (s is null)
        {
            turn.Say(turn.Here("There's no practice running. Say `practice` to start one."));
            return;
        }
        turn.Session = null;
        if (s.Mode == SessionMode.Answering && s.Done.Count > 0)
        {
            string kept = string.Join("\n", s.Done.Where(p => s.Answer[p].Length > 0).Select(p => $"{p}: {s.Answer[p]}"));
            turn.Say(turn.Here($"Stopped. The unfinished answer isn't saved in your story bank; here is what you wrote, so nothing is lost:\n{kept}",
                buttons: [Buttons.Practice]));
            return;
        }
        turn.Say(turn.Here(s.Mode == SessionMode.Probing ? "Done. Your answer is in your story bank." : "Stopped.", buttons: [Buttons.Practice]));
    }

    private async Task NextAsync(Turn turn, CancellationToken ct)
    {
        SessionState? s = turn.Session;
        if (s is { Mode: SessionMode.Answering, Nudged: { } part })
        {
            Advance(turn, s with { Nudged = null, LastActivity = turn.Now }, part);
            return;
        }
        if (s is { Mode: SessionMode.Answering, Awaiting: { } awaiting })
        {
            turn.Say(turn.InSession(s, $"I'm waiting for your {awaiting}. Send it as a message, or say `skip`."));
            return;
        }
        await StartPracticeAsync(turn, "", ct);
    }

    // ------------------------------------------------------------------ story bank

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

    private void Compare(Turn turn, string args)
    {
        RubricData r = _assessor.Rubric;
        if (args.Length > 0)
        {
            if (!RubricWords.TryParseDimension(args.Split(' ')[0], out Dimension d))
            {
                turn.Say(turn.Here($"I don't know the dimension “{Trim(args, 30)}”. Try: {string.Join(", ", Enum.GetValues<Dimension>().Select(x => x.Id()))}."));
                return;
            }
            DimensionInfo info = r.Dimensions[d];
            turn.Say(turn.Here("", new Card($"{info.Name}: L6 against L7", Tone.Neutral, null,
                [new("Below L6", info.BelowL6), new("L6", info.L6), new("L7", info.L7)], [],
                [new CardList("To show it at L6", [info.AdviceFor("L6")]), new CardList("To show it at L7", [info.AdviceFor("L7")])])));
            return;
        }
        var fields = r.Dimensions.Values.Select(i => new CardField(i.Name, $"L6: {i.L6} · L7: {i.L7}")).ToList();
        turn.Say(turn.Here("", new Card("L6 against L7", Tone.Neutral, $"{r.Levels[Rubric.Level.L6].Summary}\n{r.Levels[Rubric.Level.L7].Summary}", fields, [], [],
            "Say `compare impact` (or people, teams, horizon, ownership, stakeholders, visibility, hiring, stakes) for one row.")));
    }

    // ------------------------------------------------------------------ forget, export, help

    private void AskForget(Turn turn)
    {
        SessionState? s = turn.Session;
        turn.Session = (s ?? new SessionState { Channel = turn.Incoming.Channel, Thread = turn.Incoming.Thread, Direct = turn.Incoming.IsDirect, StartedAt = turn.Now })
            with { Mode = SessionMode.ConfirmForget, ResumeMode = s?.Mode, LastActivity = turn.Now };
        turn.Say(turn.Here("This erases everything I keep about you: your story bank, assessments, settings, streak and any practice in progress. It can't be undone. Erase it all?",
            buttons: [Buttons.ForgetYes, Buttons.ForgetNo]));
    }

    private static void ConfirmForget(Turn turn)
    {
        turn.Forget = true;
        turn.Session = null;
        turn.Say(turn.Here("Done: everything about you is erased. Say `practice` whenever you want to start again."));
    }

    private static void CancelForget(Turn turn, SessionState s)
    {
        turn.Session = s.ResumeMode is { } mode ? s with { Mode = mode, ResumeMode = null, LastActivity = turn.Now } : null;
        turn.Say(turn.Here("Nothing was erased."));
    }

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

    private void Help(Turn turn)
    {
        var items = new List<string>
        {
            "practice [L6|L7] [principle] [dm] — answer one question part by part (Situation, Task, Action, Result)",
            "review — assess a whole answer at once (headings or a form)",
            "level [L6|L7] — show or set your target level",
            "skip · redo [part] · stop · next — steer a practice in progress",
            "stories [show N | delete N] — your story bank",
            "progress — answers per principle, fit trend, streak, gaps",
            "compare [dimension] — the guide's L6 against L7 row",
            "daily HH:MM Area/City [days] · daily status · daily off — a practice question every day at your time (`daily channel …` for a channel)",
            "mock @candidate [L6|L7] [principle] — run a peer mock interview in a thread: a private guide for you, a scorecard at the end",
            "pair — in a mock-interview channel, get matched with a partner (roles swap each time)",
            "export — your stories as Markdown",
            "forget — erase everything about you (asks first)",
        };
        string where = turn.Incoming.Platform == Platforms.Console ? "Type a command" : "Use /coach with a command, or type it in a DM";
        turn.Say(turn.Here("", new Card("Coach: STAR interview practice for L6 and L7", Tone.Neutral,
            $"{where}. Your target level is {turn.Settings.Target}.", [], [], [new CardList("Commands", items)],
            "Feedback quotes your own words and tells you whether the answer reads as L6 or L7.")));
    }
}
