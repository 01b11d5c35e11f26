using System.Globalization;
using System.Text.RegularExpressions;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    public const string ScorecardFormPrefix = "coach:mock:";

    /// <summary>The peer scorecard's five rows (a form holds at most five inputs) and the rubric dimensions behind each.</summary>
    public static readonly IReadOnlyList<(string Id, string Label, Dimension[] Dimensions)> ScorecardRows =
    [
        ("impact", "Impact and stakes", [Dimension.Impact, Dimension.Stakes]),
        ("scope", "People and teams", [Dimension.People, Dimension.Teams]),
        ("ownership", "Ownership and horizon", [Dimension.Ownership, Dimension.Horizon]),
        ("stakeholders", "Stakeholders and reach", [Dimension.Stakeholders, Dimension.Visibility]),
    ];

    [GeneratedRegex(@"<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>")]
    private static partial Regex Mention();

    private async Task MockAsync(Turn turn, string args, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        if (_mocks is null)
        {
            turn.Say(turn.Here("Mock interviews are not set up on this server."));
            return;
        }
        string[] words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words[0].Equals("channel", StringComparison.OrdinalIgnoreCase))
        {
            if (i.IsDirect || !i.CanManage)
            {
                turn.Say(turn.Here("Only members who can manage a channel can mark it as a mock-interview channel, in the channel itself."));
                return;
            }
            bool on = words[1].ToLowerInvariant() is "on" or "yes" or "true";
            await _mocks.SetMockChannelAsync(i.Platform, i.Workspace, i.Channel, on, ct);
            turn.Say(turn.Here(on
                ? "This is now a mock-interview channel: members say `pair` to be matched with a partner, or `mock @someone` to interview them."
                : "This is no longer a mock-interview channel.", privateInPublic: false));
            return;
        }
        if (i.IsDirect)
        {
            turn.Say(turn.Here("Mock interviews happen in a channel both of you can see: run `mock @candidate` there."));
            return;
        }
        Match m = Mention().Match(args);
        if (!m.Success)
        {
            turn.Say(turn.Here("Name the candidate with a mention: `mock @candidate [L6|L7] [principle]`."));
            return;
        }
        string candidate = m.Groups[1].Value;
        if (candidate == i.User)
        {
            turn.Say(turn.Here("You can't interview yourself. Name another member, or say `pair` in a mock-interview channel to be matched."));
            return;
        }
        Level level = turn.Settings.Target;
        var rest = new List<string>();
        foreach (string w in Mention().Replace(args, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RubricWords.TryParseLevel(w, out Level l))
            {
                level = l;
            }
            else
            {
                rest.Add(w);
            }
        }
        PrincipleInfo? principle = rest.Count > 0 ? _bank.FindPrinciple(string.Join(' ', rest)) : null;
        if (rest.Count > 0 && principle is null)
        {
            turn.Say(turn.Here($"I don't know the principle “{Trim(string.Join(' ', rest), 60)}”. Try one of: {string.Join(", ", _bank.Principles.Select(p => p.Id))}."));
            return;
        }
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(new PersonKey(i.Platform, i.Workspace, candidate), ct);
        await OpenMockAsync(turn, i.User, candidate, level, principle, stories, fromQueue: false, ct);
    }

    private async Task OpenMockAsync(Turn turn, string interviewer, string candidate, Level level, PrincipleInfo? principle, IReadOnlyList<StoryRecord> candidateStories,
        bool fromQueue, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        (Question q, _) = _picker.Pick(principle, level, candidateStories, candidate, turn.Now);
        PrincipleInfo p = _bank.FindPrinciple(q.Principle)!;
        var mock = new MockInterview
        {
            Id = NewStoryId().ToString(CultureInfo.InvariantCulture),
            Platform = i.Platform,
            Workspace = i.Workspace,
            Channel = i.Channel,
            Thread = i.Thread,
            Interviewer = interviewer,
            Candidate = candidate,
            Level = level,
            Principle = p.Id,
            QuestionId = q.Id,
            Question = q.Text,
            State = i.Thread is null ? MockState.Opening : MockState.Answering,
            FromQueue = fromQueue,
            CreatedAt = turn.Now,
            UpdatedAt = turn.Now,
        };
        turn.AfterCommit.Add(c => _mocks!.SaveMockAsync(mock, c));
        var card = new Card(q.Text, Tone.Neutral, $"Mock interview · {p.Name} · {level}",
            [new("How this works", "The candidate answers in this thread, in one message or several (Situation, Task, Action, Result), then says `done`. The interviewer scores it privately, and Coach posts both scorecards here.")],
            [], [], $"Aim for {_assessor.Rubric.TotalWindow(level).MinSeconds / 60}-{_assessor.Rubric.TotalWindow(level).MaxSeconds / 60} minutes spoken.");
        string text = $"Mock interview: <@{interviewer}> interviews <@{candidate}>.";
        turn.Say(i.Thread is null
            ? new Outgoing(Visibility.Thread, i.Channel, null, interviewer, text, card, [MockDone(mock.Id)], OpenThreadTitle: Trim($"Mock interview: {p.Name} ({level})", 90))
            : new Outgoing(Visibility.Thread, i.Channel, i.Thread, interviewer, text, card, [MockDone(mock.Id)]));
        turn.Say(new Outgoing(i.User == interviewer ? Visibility.Ephemeral : Visibility.Direct, i.Channel, i.Thread, interviewer,
            "Your interviewer guide (only you can see this).", GuideCard(q, p, level)));
    }

    private static ActionButton MockDone(string id) => new($"coach:mock:done:{id}", "I'm done answering", ButtonStyle.Primary);

    private static ActionButton MockScore(string id) => new($"coach:mock:score:{id}", "Score the answer", ButtonStyle.Primary);

    private Card GuideCard(Question q, PrincipleInfo p, Level level)
    {
        var probes = new List<string>
        {
            "How did you measure the result, and what was the baseline?",
            level == Level.L7 ? "Which other teams, business units or partners did this need, and how did you get them to commit?" : "Which other teams did you depend on, and how did you get their time?",
            "What did you personally decide, and what did you delegate?",
        };
        var flags = _assessor.Rubric.RedFlags.Values.Where(f => f.Direction == (level == Level.L7 ? "too-small" : "too-high")).Select(f => f.Text).ToList();
        return new Card($"Interviewer guide: {p.Name} · {level}", Tone.Neutral, q.Text,
            [new("A strong L6 answer", q.L6Looks), new("A strong L7 answer", q.L7Looks)], [],
            [new CardList("Listen for", q.Signals), new CardList("Red flags", flags), new CardList("Probes to ask", probes)],
            "When the candidate is done, press “Score the answer” to give a band per row and a hire signal.");
    }

    /// <summary>A message in a mock thread: the candidate's answer collects; `done` ends it.</summary>
    private async Task<bool> MockMessageAsync(Turn turn, string text, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        if (_mocks is null || i.Thread is null || i.IsDirect)
        {
            return false;
        }
        MockInterview? mock = await _mocks.FindMockByThreadAsync(i.Platform, i.Workspace, i.Thread, ct);
        if (mock is null)
        {
            return false;
        }
        if (i.User != mock.Candidate || mock.State != MockState.Answering)
        {
            turn.Changed = false; // the interviewer and onlookers talk freely in the thread
            return true;
        }
        string word = text.Trim().TrimEnd('.', '!').ToLowerInvariant();
        if (word is "done" or "finished" or "that's it" or "end")
        {
            FinishMockAnswer(turn, mock);
            return true;
        }
        if (text.Length == 0 || text.Length > _options.MaxMessageChars)
        {
            turn.Say(new Outgoing(Visibility.Thread, mock.Channel, mock.Thread, i.User, text.Length == 0
                ? "I didn't catch any text in that message."
                : $"That message is {"character".ToQuantity(text.Length, "N0")}, longer than a spoken answer; send a shorter one."));
            return true;
        }
        // appended to the mock as stored when the write happens: two parts arriving at two workers at once are both kept
        turn.AfterCommit.Add(c => _mocks.UpdateMockAsync(mock.Id, m => m.State == MockState.Answering
            ? m with { Messages = [.. m.Messages, text], StartedAt = m.StartedAt ?? turn.Now, UpdatedAt = turn.Now }
            : null, c));
        if (mock.Messages.Count == 0)
        {
            turn.Say(new Outgoing(Visibility.Thread, mock.Channel, mock.Thread, i.User,
                "Got it. Keep going in as many messages as you like; say `done` (or press the button) when you've finished.", Buttons: [MockDone(mock.Id)]));
        }
        return true;
    }

    private void FinishMockAnswer(Turn turn, MockInterview mock)
    {
        if (mock.Messages.Count == 0)
        {
            turn.Say(new Outgoing(Visibility.Thread, mock.Channel, mock.Thread, turn.Incoming.User, "There's no answer yet: write it in this thread first, then say `done`."));
            return;
        }
        turn.AfterCommit.Add(async c =>
        {
            // only the first "done" moves the answer to scoring; a second one (another worker, a double press) says nothing
            MockInterview? scoring = await _mocks!.UpdateMockAsync(mock.Id,
                m => m.State == MockState.Answering ? m with { State = MockState.Scoring, UpdatedAt = turn.Now } : null, c);
            if (scoring is null)
            {
                return;
            }
            int words = scoring.Messages.Sum(TextScan.CountWords);
            turn.Say(new Outgoing(Visibility.Thread, scoring.Channel, scoring.Thread, scoring.Interviewer,
                $"Answer received: {"word".ToQuantity(words)}, about {TimeSpan.FromSeconds(words * 60 / 150).Humanize(2, minUnit: Humanizer.TimeUnit.Second)} spoken. <@{scoring.Interviewer}>, score it when you're ready.",
                Buttons: [MockScore(scoring.Id)]));
        });
    }

    private async Task MockButtonAsync(Turn turn, string verb, string id, CancellationToken ct)
    {
        MockInterview? mock = _mocks is null ? null : await _mocks.GetMockAsync(id, ct);
        Incoming i = turn.Incoming;
        if (mock is null)
        {
            turn.Say(turn.Here("That mock interview no longer exists."));
            return;
        }
        if (verb == "done")
        {
            if (i.User != mock.Candidate)
            {
                turn.Say(turn.Here("Only the candidate can say they're done."));
                return;
            }
            if (mock.State == MockState.Answering)
            {
                FinishMockAnswer(turn, mock);
            }
            return;
        }
        if (i.User != mock.Interviewer)
        {
            turn.Say(turn.Here("Only the interviewer can score this answer."));
            return;
        }
        if (mock.State != MockState.Scoring)
        {
            turn.Say(turn.Here(mock.State == MockState.Done ? "This answer is already scored." : "The candidate hasn't finished yet."));
            return;
        }
        var fields = ScorecardRows.Select(r => new FormField(r.Id, r.Label, false, 20, true, "below L6, L6, L7 or not shown")).ToList();
        fields.Add(new FormField("hire", "Hire signal", false, 20, true, "strong hire, hire, no hire or strong no hire"));
        turn.Say(turn.Here("Score the answer: a band per row and a hire signal.") with
        {
            Form = new FormRequest(ScorecardFormPrefix + mock.Id, "Mock interview scorecard", fields, "Submit scorecard"),
        });
    }

    private async Task MockFormAsync(Turn turn, string id, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        MockInterview? mock = _mocks is null ? null : await _mocks.GetMockAsync(id, ct);
        if (mock is null || mock.State != MockState.Scoring || turn.Incoming.User != mock.Interviewer)
        {
            turn.Say(turn.Here(mock is null ? "That mock interview no longer exists." : "This scorecard can't be taken now."));
            return;
        }
        var peer = new Dictionary<string, Band>();
        var unreadable = new List<string>();
        foreach ((string rowId, string label, _) in ScorecardRows)
        {
            if (TryBand(values.GetValueOrDefault(rowId, ""), out Band b))
            {
                peer[rowId] = b;
            }
            else
            {
                unreadable.Add(label);
            }
        }
        string? hire = Hire(values.GetValueOrDefault("hire", ""));
        if (unreadable.Count > 0 || hire is null)
        {
            if (hire is null)
            {
                unreadable.Add("Hire signal");
            }
            turn.Say(turn.Here($"I couldn't read: {string.Join(", ", unreadable)}. Use below L6, L6, L7 or not shown for the rows, and strong hire, hire, no hire or strong no hire.",
                buttons: [MockScore(mock.Id)]));
            return;
        }
        StarAnswer answer = MockAnswer(mock.Messages);
        Assessment a = _assessor.Assess(answer, mock.Level, mock.Principle);
        var fields = new List<CardField>();
        int disagreements = 0;
        foreach ((string rowId, string label, Dimension[] dims) in ScorecardRows)
        {
            Band rubric = GroupBand(a, dims);
            Band mine = peer[rowId];
            bool differ = mine != rubric;
            disagreements += differ ? 1 : 0;
            DimensionResult best = dims.Select(d => a[d]).OrderByDescending(d => d.Band).First();
            fields.Add(new CardField($"{(differ ? "⚠ " : "")}{label}: peer {mine.Id()} · rubric {rubric.Id()}",
                differ ? $"Peer and rubric disagree. {best.Note}" : $"Agree. {best.Note}", best.Evidence));
        }
        var card = new Card($"Mock interview scorecard: reads as {a.ReadsAs.Human()} ({a.Fit.Human()} for {mock.Level})",
            disagreements == 0 ? Tone.Good : Tone.Warning,
            $"Question: {mock.Question}\nPeer hire signal: {hire}. {(disagreements == 0 ? "The peer and the rubric agree on every row." : $"They disagree on {"row".ToQuantity(disagreements)} (marked ⚠).")}",
            fields, [.. FeedbackWriter.Write(a).Timing],
            [new CardList("Rubric red flags", a.RedFlags.Count == 0 ? ["None."] : [.. a.RedFlags.Select(f => f.Text)]), new CardList("Probes worth asking next time", [.. a.Probes.Select(p => p.Question)])],
            "Saved to the candidate's story bank.");

        var candidate = new PersonKey(mock.Platform, mock.Workspace, mock.Candidate);
        var story = new StoryRecord(NewStoryId(), candidate, mock.Principle, mock.QuestionId, mock.Question, mock.Level, answer, a.ReadsAs, a.Fit, a.Score,
            a.Dimensions.ToDictionary(d => d.Dimension, d => d.Band), turn.Now, "mock");
        turn.AfterCommit.Add(async c =>
        {
            // one scorecard per mock: when another worker (or a second press) scored it first, this one is withdrawn
            if (await _mocks!.UpdateMockAsync(mock.Id, m => m.State == MockState.Scoring
                    ? m with { State = MockState.Done, PeerBands = peer, PeerHire = hire, UpdatedAt = turn.Now }
                    : null, c) is null)
            {
                turn.Replies.Clear();
                return;
            }
            await _store.CommitAsync(new Commit(candidate, null, turn.Now, NewStory: story), c);
            await _mocks.SetLastRoleAsync(mock.Platform, mock.Workspace, mock.Interviewer, "interviewer", c);
            await _mocks.SetLastRoleAsync(mock.Platform, mock.Workspace, mock.Candidate, "candidate", c);
        });
        turn.Say(new Outgoing(Visibility.Thread, mock.Channel, mock.Thread, mock.Interviewer, $"Scorecard for <@{mock.Candidate}>'s answer.", card));
    }

    private static Band GroupBand(Assessment a, Dimension[] dims)
    {
        var shown = dims.Select(d => a[d].Band).Where(b => b != Band.NotShown).ToList();
        return shown.Count == 0 ? Band.NotShown : (Band)(int)Math.Round(shown.Average(b => (int)b), MidpointRounding.AwayFromZero);
    }

    private static bool TryBand(string text, out Band band)
    {
        string t = text.Trim().ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);
        band = t switch
        {
            "l7" or "7" => Band.L7,
            "l6" or "6" => Band.L6,
            "below l6" or "below" or "below6" or "< l6" or "b" or "l5" or "5" => Band.BelowL6,
            "not shown" or "none" or "n/a" or "na" or "0" or "" => Band.NotShown,
            _ => (Band)(-1),
        };
        return (int)band >= 0;
    }

    private static string? Hire(string text) => text.Trim().ToLowerInvariant() switch
    {
        "strong hire" or "strong yes" or "sh" => "strong hire",
        "hire" or "yes" or "inclined" or "h" => "hire",
        "no hire" or "no" or "not inclined" or "nh" => "no hire",
        "strong no hire" or "strong no" or "snh" => "strong no hire",
        _ => null,
    };

    /// <summary>The candidate's messages as a STAR answer: headed text when they used headings, else split in order.</summary>
    public static StarAnswer MockAnswer(IReadOnlyList<string> messages)
    {
        string all = string.Join("\n", messages);
        if (AnswerParser.TryParseHeadings(all, out StarAnswer headed) && headed.MissingParts().Count() < 3)
        {
            return headed;
        }
        if (messages.Count >= 4)
        {
            return new StarAnswer(messages[0], messages[1], string.Join("\n", messages.Skip(2).Take(messages.Count - 3)), messages[^1]);
        }
        // fewer messages than parts: the sentences are labelled by their cues and place in the answer
        return StarSplitter.Split(all);
    }

    // ------------------------------------------------------------------ pairing

    private async Task PairAsync(Turn turn, string args, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        if (_mocks is null || i.IsDirect || !await _mocks.IsMockChannelAsync(i.Platform, i.Workspace, i.Channel, ct))
        {
            turn.Say(turn.Here("`pair` works in a mock-interview channel (a member who can manage a channel turns it on with `mock channel on`)."));
            return;
        }
        if (args.Trim().ToLowerInvariant() is "off" or "leave" or "stop")
        {
            await _mocks.DequeueAsync(i.Platform, i.Workspace, i.Channel, [i.User], ct);
            turn.Say(turn.Here("You've left the queue."));
            return;
        }
        string? lastRole = await _mocks.LastRoleAsync(i.Platform, i.Workspace, i.User, ct);
        IReadOnlyList<QueueEntry> queue = await _mocks.EnqueueAsync(new QueueEntry(i.Platform, i.Workspace, i.Channel, i.User, lastRole, turn.Now), ct);
        QueueEntry? partner = queue.FirstOrDefault(e => e.User != i.User);
        if (partner is null)
        {
            turn.Say(turn.Here("You're in the queue. I'll pair you with the next member who says `pair` here."));
            return;
        }
        if (!await _mocks.DequeueAsync(i.Platform, i.Workspace, i.Channel, [partner.User, i.User], ct))
        {
            turn.Say(turn.Here("You're in the queue. I'll pair you with the next member who says `pair` here."));
            return;
        }
        // roles swap: whoever was a candidate last time interviews now; otherwise the one who waited longer interviews
        (string interviewer, string candidate) = (partner.LastRole, lastRole) switch
        {
            ("candidate", _) => (partner.User, i.User),
            (_, "candidate") => (i.User, partner.User),
            ("interviewer", _) => (i.User, partner.User),
            _ => (partner.User, i.User),
        };
        IReadOnlyList<StoryRecord> stories = await _store.ListStoriesAsync(new PersonKey(i.Platform, i.Workspace, candidate), ct);
        Level level = (await _store.LoadAsync(new PersonKey(i.Platform, i.Workspace, candidate), ct)).Settings.Target;
        await OpenMockAsync(turn, interviewer, candidate, level, null, stories, fromQueue: true, ct);
    }
}
