using System.Globalization;
using System.Text.RegularExpressions;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private static readonly int[] MinWords = [12, 6, 20, 10];

    private async Task StartPracticeAsync(Turn turn, string args, CancellationToken ct, string? questionId = null, string? dailyScheduleId = null)
    {
        Incoming i = turn.Incoming;
        SessionState? current = turn.Session;
        if (current is { Mode: SessionMode.Answering })
        {
            turn.Say(turn.Here(
                $"You're in the middle of an answer to “{current.Question}” (next: {current.Awaiting}). Carry on where it lives, or say `stop` first to start a new one.",
                buttons: [Buttons.Stop]));
            return;
        }
        Level target = turn.Settings.Target;
        bool wantDm = false;
        var principleWords = new List<string>();
        foreach (string word in args.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (RubricWords.TryParseLevel(word, out Level l))
            {
                target = l;
            }
            else if (word.ToLowerInvariant() is "dm" or "private" or "privately" or "direct")
            {
                wantDm = true;
            }
            else
            {
                principleWords.Add(word);
            }
        }
        PrincipleInfo? principle = null;
        if (principleWords.Count > 0)
        {
            principle = _bank.FindPrinciple(string.Join(' ', principleWords));
            if (principle is null)
            {
                turn.Say(turn.Here($"I don't know the principle “{Trim(string.Join(' ', principleWords), 60)}”. Try one of: {string.Join(", ", _bank.Principles.Select(p => p.Id))}. Or say `practice` alone and I'll pick one you need."));
                return;
            }
        }
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(i.Person, ct);
        (Question question, string? tip) = questionId is not null && _bank.Find(questionId) is { } chosen
            ? (chosen, _picker.WeakestTip(stories, target))
            : _picker.Pick(principle, target, stories, i.Person.ToString(), turn.Now);
        PrincipleInfo p = _bank.FindPrinciple(question.Principle)!;

        bool direct = i.IsDirect || wantDm;
        string? thread = i.IsDirect ? null : i.Thread;
        bool openThread = !direct && thread is null;
        var session = new SessionState
        {
            Mode = SessionMode.Answering,
            Target = target,
            Principle = p.Id,
            QuestionId = question.Id,
            Question = question.Text,
            Awaiting = StarPart.Situation,
            Channel = wantDm && !i.IsDirect ? "" : i.Channel,
            Thread = thread,
            Direct = direct,
            ThreadPending = openThread,
            FocusTip = tip,
            DailyScheduleId = dailyScheduleId,
            StartedAt = turn.Now,
            LastActivity = turn.Now,
        };
        turn.Session = session;
        if (target != turn.Settings.Target)
        {
            turn.Settings = turn.Settings with { Target = target };
        }

        Card card = QuestionCard(session, p, question);
        string intro = $"{p.Name} · {target} practice. I'll ask for each part in turn; answer in one message each.";
        if (openThread)
        {
            turn.Say(turn.Here("I've opened a thread for your practice. Answer there, one part per message."));
            turn.Say(new Outgoing(Visibility.Thread, i.Channel, null, i.User, intro, card, [Buttons.Skip, Buttons.Stop],
                OpenThreadTitle: Trim($"{target} {p.Name} practice", 90)));
        }
        else if (wantDm && !i.IsDirect)
        {
            turn.Say(turn.Here("I've sent you a direct message. Answer there, one part per message."));
            turn.Say(new Outgoing(Visibility.Direct, "", null, i.User, intro, card, [Buttons.Skip, Buttons.Stop]));
        }
        else
        {
            turn.Say(turn.InSession(session, intro, card, [Buttons.Skip, Buttons.Stop]));
        }
    }

    private Card QuestionCard(SessionState s, PrincipleInfo p, Question q)
    {
        TimeWindow w = _assessor.Rubric.Window(s.Target, StarPart.Situation);
        var fields = new List<CardField>
        {
            new("Part 1 of 4: Situation", _assessor.Rubric.PartGuidance[StarPart.Situation][s.Target] + $" Aim for {w.MinSeconds}-{w.MaxSeconds} s spoken ({WordsFor(w)})."),
        };
        if (s.FocusTip is not null)
        {
            fields.Add(new CardField("Your focus this time", s.FocusTip));
        }
        return new Card(q.Text, Tone.Neutral, $"What a strong {s.Target} answer holds: {q.Looks(s.Target)}", fields, [],
            [new CardList("Interviewers listen for", q.Signals)],
            $"{p.Name}: {p.Summary}");
    }

    private Card PartCard(SessionState s, StarPart part, string? previous = null)
    {
        TimeWindow w = _assessor.Rubric.Window(s.Target, part);
        int n = (int)part + 1;
        string body = _assessor.Rubric.PartGuidance[part][s.Target];
        var fields = new List<CardField>();
        if (previous is { Length: > 0 })
        {
            fields.Add(new CardField("What you wrote before", "Rewrite it below; this is kept here so nothing is lost.", Trim(previous, 900)));
        }
        return new Card($"Part {n} of 4: {part}", Tone.Neutral, body, fields, [], [],
            $"Aim for {w.MinSeconds}-{w.MaxSeconds} s spoken ({WordsFor(w)}). Say `skip`, `redo` or `stop` at any time.");
    }

    private static string WordsFor(TimeWindow w) => $"about {w.MinSeconds * 150 / 60}-{w.MaxSeconds * 150 / 60} words";

    private void AnswerPart(Turn turn, SessionState s, string text)
    {
        if (text.Length == 0)
        {
            turn.Say(turn.InSession(s, $"I didn't catch any text. Send your {s.Awaiting} as a message, or say `skip`."));
            return;
        }
        if (text.Length > _options.MaxMessageChars)
        {
            int words = TextScan.CountWords(text);
            turn.Say(turn.InSession(s,
                $"That message is {"character".ToQuantity(text.Length, "N0")} (about {"minute".ToQuantity(Math.Max(1, words / 150))} spoken), far beyond one part of an answer. "
                + $"Send a shorter {s.Awaiting}: {WindowText(s.Target, s.Awaiting ?? StarPart.Situation)}. Your answer so far is unchanged."));
            return;
        }
        StarPart part = s.Awaiting ?? StarPart.Situation;
        bool adding = s.Nudged == part && s.Answer[part].Length > 0;
        string value = adding ? s.Answer[part] + "\n" + text : text;
        s = s.WithPart(part, value) with { LastActivity = turn.Now, Nudged = null, PartMessages = RememberPartMessage(s, part, adding, text, turn.Incoming.MessageId) };

        if (!adding && NudgeFor(s, part, value, KeepItWords(turn)) is { } nudge)
        {
            turn.Session = s with { Nudged = part };
            turn.Say(turn.InSession(s, nudge, buttons: [Buttons.KeepGoing, Buttons.Redo, Buttons.Stop]));
            return;
        }
        Advance(turn, s, part);
    }

    /// <summary>Notes which message gave the part its text (where the platform names messages), so an edit or a deletion can find it.</summary>
    private static IReadOnlyList<PartMessage> RememberPartMessage(SessionState s, StarPart part, bool adding, string text, string? messageId)
    {
        IEnumerable<PartMessage> kept = adding ? s.PartMessages : s.PartMessages.Where(m => m.Part != part);
        return messageId is not null ? [.. kept, new PartMessage(messageId, part, text)] : [.. kept];
    }

    /// <summary>One nudge for a part that is far off: empty of substance, one line, or no numbers where the level needs them.</summary>
    private string? NudgeFor(SessionState s, StarPart part, string text, string keepIt)
    {
        int words = TextScan.CountWords(text);
        TimeWindow w = _assessor.Rubric.Window(s.Target, part);
        if (words < MinWords[(int)part])
        {
            return $"That {part} is {"word".ToQuantity(words)} (about {words * 60 / 150} s spoken); the {s.Target} window is {w.MinSeconds}-{w.MaxSeconds} s. "
                + $"{_assessor.Rubric.PartGuidance[part][s.Target]} Add more in your next message, or {keepIt}.";
        }
        if (part is StarPart.Situation or StarPart.Result && !HasNumbers(part, text))
        {
            return part == StarPart.Situation
                ? $"Your Situation has no numbers. {(s.Target == Level.L7 ? "L7 stakes are $5M-$50M" : "L6 stakes are around $500K-$2M")}: what was at risk, in dollars, customers or time? Add it in your next message, or {keepIt}."
                : $"Your Result has no numbers. {(s.Target == Level.L7 ? "L7 results land at $10M+ a year" : "L6 results land at $1M-$5M a year")}, with the before and after. Add them in your next message, or {keepIt}.";
        }
        return null;
    }

    /// <summary>How to keep a nudged part as it is: a button in chat, a word to type where nothing can be pressed.</summary>
    private static string KeepItWords(Turn turn) =>
        Platforms.IsTextOnly(turn.Incoming.Platform) ? "say `next` to keep it and go on" : "press “Keep it, go on”";

    private static bool HasNumbers(StarPart part, string text)
    {
        var signals = SignalExtractor.Extract(StarAnswer.Empty.With(part == StarPart.Situation ? StarPart.Action : part, text));
        return signals.Any(x => x.Kind is SignalKind.Money or SignalKind.Count or SignalKind.Percent or SignalKind.Ratio or SignalKind.BeforeAfter or SignalKind.Duration);
    }

    /// <summary>Marks a part answered (or skipped) and asks for the next one not yet done, or finishes.</summary>
    private void Advance(Turn turn, SessionState s, StarPart done, string ack = "Got your {0}.")
    {
        s = s with { Done = [.. s.Done.Append(done).Distinct().Order()] };
        StarPart? next = Enum.GetValues<StarPart>().Where(p => !s.Done.Contains(p)).Cast<StarPart?>().FirstOrDefault();
        if (next is null)
        {
            Finish(turn, s);
            return;
        }
        s = s with { Awaiting = next };
        turn.Session = s;
        turn.Say(turn.InSession(s, string.Format(CultureInfo.InvariantCulture, ack, done), PartCard(s, next.Value), [Buttons.Skip, Buttons.Redo, Buttons.Stop]));
    }

    private void Finish(Turn turn, SessionState s)
    {
        Assessment a = _assessor.Assess(s.Answer, s.Target, s.Principle);
        FeedbackDocument doc = FeedbackWriter.Write(a, Principles.FocusLine(s.Principle, s.Target));
        long storyId = NewStoryId();
        var bands = a.Dimensions.ToDictionary(d => d.Dimension, d => d.Band);
        turn.NewStory = new StoryRecord(storyId, turn.Incoming.Person, s.Principle, s.QuestionId, s.Question, s.Target, s.Answer,
            a.ReadsAs, a.Fit, a.Score, bands, turn.Now);
        if (s.StoryId is { } old)
        {
            turn.DeleteStoryId = old; // a redone answer replaces its earlier version
        }
        turn.Streak = turn.Streak.Record(DateOnly.FromDateTime(turn.Now.UtcDateTime));
        var probes = a.Probes.Take(_options.ProbesOffered).Select(p => p.Question).ToList();
        s = s with
        {
            Mode = SessionMode.Probing,
            Awaiting = null,
            Probes = probes,
            ProbeIndex = 0,
            StoryId = storyId,
            PartMessages = [], // the feedback is given: later edits change nothing
            LastActivity = turn.Now,
        };
        turn.Session = s;

        Card card = doc.ToCard();
        string intro = $"Feedback on your answer to “{Trim(s.Question, 200)}”. It's saved in your story bank.";
        var buttons = new List<ActionButton> { Buttons.Redo, Buttons.NewQuestion };
        if (turn.IsPublicSession(s))
        {
            turn.Say(new Outgoing(Visibility.Ephemeral, s.Channel, s.Thread, turn.Incoming.User, intro, card, buttons));
            turn.Say(turn.InSession(s, "Your feedback is ready and visible only to you. Share it here if you'd like the channel's eyes on it.", buttons: [Buttons.Share(storyId)]));
        }
        else
        {
            turn.Say(turn.InSession(s, intro, card, buttons));
        }
        if (probes.Count > 0)
        {
            turn.Say(turn.InSession(s, $"A bar raiser would follow up: {probes[0]}\nReply with your answer, or say `skip`.", buttons: [Buttons.Skip, Buttons.NewQuestion]));
        }
    }

    private void AnswerProbe(Turn turn, SessionState s, string text)
    {
        if (s.ProbeIndex >= s.Probes.Count)
        {
            turn.Say(turn.InSession(s, "This practice is finished. Say `practice` for a new question, `redo result` to rework a part, or `stories` to see your bank.",
                buttons: [Buttons.NewQuestion]));
            return;
        }
        if (text.Length == 0)
        {
            turn.Say(turn.InSession(s, "I didn't catch any text. Answer the follow-up, or say `skip`."));
            return;
        }
        if (text.Length > _options.MaxMessageChars)
        {
            turn.Say(turn.InSession(s, $"That reply is {"character".ToQuantity(text.Length, "N0")}; a spoken follow-up runs under a minute. Send a shorter one."));
            return;
        }
        string probe = s.Probes[s.ProbeIndex];
        List<Signal> signals = SignalExtractor.Extract(StarAnswer.Empty.With(StarPart.Action, text));
        var found = signals.Where(x => x.Kind is SignalKind.Money or SignalKind.Count or SignalKind.Attribution or SignalKind.Stakeholder
            or SignalKind.Visibility or SignalKind.Percent or SignalKind.BeforeAfter or SignalKind.Horizon or SignalKind.Duration or SignalKind.Lesson)
            .GroupBy(x => x.Kind).Select(g => (Label: Label(g.Key), Match: g.First().Match)).ToList();
        // the verdict asks for "a number, a name, a method, or a decision you made": it counts each of them it finds
        if (!signals.Any(x => x.Kind is SignalKind.Money or SignalKind.Count or SignalKind.Percent or SignalKind.BeforeAfter or SignalKind.Ratio
            or SignalKind.Duration) && ProbeNumber().Match(text) is { Success: true } number)
        {
            found.Add(("a number", number.Value));
        }
        if (ProbeDecision().Match(text) is { Success: true } decision)
        {
            found.Insert(0, ("a decision you made", Trim(decision.Value.TrimEnd(), 80)));
        }
        var strong = found.Take(3).ToList();
        double i = signals.Where(x => x.Kind == SignalKind.FirstPerson).Sum(x => x.Value);
        double we = signals.Where(x => x.Kind == SignalKind.FirstPersonPlural).Sum(x => x.Value);
        string verdict = strong.Count > 0
            ? "That follow-up adds evidence: " + string.Join("; ", strong.Select(x => $"{x.Label} (“{x.Match}”)")) + "."
            : "That's still general. A bar raiser wants specifics here: a number, a name, a method, or a decision you made.";
        if (we > i && we >= 2)
        {
            verdict += $" You said “we” {we} times and “I” {i}: make your own part explicit.";
        }
        int nextIndex = s.ProbeIndex + 1;
        s = s with { ProbeIndex = nextIndex, LastActivity = turn.Now };
        turn.Session = s;
        var fields = new List<CardField> { new("Follow-up", probe), new("Your answer", verdict, Trim(text, 600)) };
        turn.Say(turn.InSession(s, "", new Card("Follow-up feedback", strong.Count > 0 ? Tone.Good : Tone.Warning, null, fields, [], [])));
        turn.Say(nextIndex < s.Probes.Count
            ? turn.InSession(s, $"Next follow-up: {s.Probes[nextIndex]}\nReply with your answer, or say `skip`.", buttons: [Buttons.Skip, Buttons.NewQuestion])
            : turn.InSession(s, "That's the last follow-up. Say `practice` for a new question or `progress` to see how you're doing.", buttons: [Buttons.NewQuestion]));
    }

    /// <summary>A number with the word it counts ("20 minutes", "3 options"), where the rubric's own counts found none.</summary>
    [GeneratedRegex(@"\b\d[\d,.]*(?:\s*%|\s+[\p{L}-]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex ProbeNumber();

    /// <summary>The person's own decision: "I chose to …", "I decided …", "I pushed back …", up to the end of the clause.</summary>
    [GeneratedRegex(
        @"\bI\s+(?:\w+ly\s+)?(?:chose|decided|opted|picked|made the call|traded|gave up|prioriti[sz]ed|pushed back|said no|went with|killed|cut|dropped|stopped|escalated|insisted)\b[^.;!?,]*",
        RegexOptions.CultureInvariant)]
    private static partial Regex ProbeDecision();

    private static string Label(SignalKind kind) => kind switch
    {
        SignalKind.Money => "a dollar figure",
        SignalKind.Count => "a headcount or scope",
        SignalKind.Attribution => "a measurement method",
        SignalKind.Stakeholder => "a stakeholder",
        SignalKind.Visibility => "external reach",
        SignalKind.Percent or SignalKind.BeforeAfter => "a measured change",
        SignalKind.Horizon or SignalKind.Duration => "a time frame",
        SignalKind.Lesson => "a lesson",
        _ => kind.ToString(),
    };

    private string WindowText(Level target, StarPart part)
    {
        TimeWindow w = _assessor.Rubric.Window(target, part);
        return $"{w.MinSeconds}-{w.MaxSeconds} s spoken, {WordsFor(w)}";
    }

    /// <summary>A story's (or mock interview's) id, unique across workers sharing one database without asking it. The id
    /// once was the millisecond times 1,000 plus a random 0-999, which two people finishing in the same millisecond on
    /// any two workers shared one time in a thousand (the second commit then failed on the primary key); 62 random bits
    /// make that about one in 10^18. Lists order stories by their time, not their id.</summary>
    private static long NewStoryId() => Random.Shared.NextInt64(1L << 40, long.MaxValue);

    internal static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
