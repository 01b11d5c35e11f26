using System.Globalization;
using Coach.Core.Rubric;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
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
        s = s.WithoutPart(part.Value) with
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
}
