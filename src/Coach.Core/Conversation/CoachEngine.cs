using Coach.Core.Daily;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Conversation;

/// <summary>The coaching conversation: one event in, replies out; state in the store so a restart loses nothing.</summary>
public sealed partial class CoachEngine : ICoachEngine
{
    private const int MaxAttempts = 5;

    private readonly ICoachStore _store;
    private readonly TimeProvider _time;
    private readonly CoachOptions _options;
    private readonly ILogger<CoachEngine> _logger;
    private readonly Assessor _assessor;
    private readonly QuestionBank _bank;
    private readonly QuestionPicker _picker;
    private readonly IScheduleStore? _schedules;
    private readonly IMockStore? _mocks;

    public CoachEngine(ICoachStore store, TimeProvider time, CoachOptions options, ILogger<CoachEngine> logger, IScheduleStore? schedules = null, IMockStore? mocks = null)
    {
        _mocks = mocks;
        _store = store;
        _time = time;
        _options = options;
        _logger = logger;
        _schedules = schedules;
        _assessor = Assessor.Default;
        _bank = QuestionBank.Default;
        _picker = new QuestionPicker(_bank, _assessor.Rubric);
    }

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<Outgoing> replies = await HandleOnceAsync(incoming, cancellationToken);
        CoachMetrics.EventsHandled.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform), new KeyValuePair<string, object?>("kind", incoming.Kind.ToString()));
        CoachMetrics.ReplyLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("platform", incoming.Platform));
        return replies;
    }

    private async Task<IReadOnlyList<Outgoing>> HandleOnceAsync(Incoming incoming, CancellationToken cancellationToken)
    {
        string eventKey = $"{incoming.Platform}:{incoming.EventId}";
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            PersonState state = await _store.LoadAsync(incoming.Person, cancellationToken);
            var turn = new Turn(incoming, state, _time.GetUtcNow());
            await StepAsync(turn, cancellationToken);
            if (!turn.Changed)
            {
                return [];
            }
            if (turn.Forget)
            {
                await _store.ForgetAsync(incoming.Person, cancellationToken);
                // the event key is kept without the person so a redelivery is still recognised
                CommitOutcome marked = await _store.CommitAsync(new Commit(incoming.Person with { User = "" }, eventKey, turn.Now, Replies: KeptReplies(turn)), cancellationToken);
                _logger.LogInformation("Erased everything stored about a person on {Platform}", incoming.Platform);
                return marked == CommitOutcome.Duplicate ? [] : turn.Replies;
            }
            var commit = new Commit(
                incoming.Person,
                eventKey,
                turn.Now,
                SaveSession: turn.SessionChanged,
                Session: turn.Session,
                ExpectedVersion: state.SessionVersion,
                Settings: turn.SettingsChanged ? turn.Settings with { FirstSeen = turn.Settings.FirstSeen ?? turn.Now } : null,
                NewStory: turn.NewStory,
                DeleteStoryId: turn.DeleteStoryId,
                Streak: turn.StreakChanged ? turn.Streak : null,
                Replies: KeptReplies(turn));
            CommitOutcome outcome = await _store.CommitAsync(commit, cancellationToken);
            switch (outcome)
            {
                case CommitOutcome.Committed:
                    _logger.LogDebug("Handled {Kind} {Command} for {Platform}", incoming.Kind, incoming.Command, incoming.Platform);
                    int kept = turn.Replies.Count;
                    await AfterCommitAsync(turn, state, cancellationToken);
                    await WithdrawRepliesAsync(turn, eventKey, kept, cancellationToken);
                    return turn.Replies;
                case CommitOutcome.Duplicate:
                    CoachMetrics.EventsDuplicate.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform));
                    _logger.LogInformation("Dropped a duplicate event on {Platform}", incoming.Platform);
                    return [];
                default:
                    _logger.LogDebug("Session changed under us (attempt {Attempt}); retrying", attempt);
                    break;
            }
        }
        throw new InvalidOperationException($"The session kept changing during {MaxAttempts} attempts; the event was not handled.");
    }

    /// <summary>The writes outside the person's own rows. The turn is committed by now, so a failure here (the store went away)
    /// is logged and the replies still go out: telling the person to send again would add the part a second time.</summary>
    private async Task AfterCommitAsync(Turn turn, PersonState state, CancellationToken ct)
    {
        try
        {
            if (turn.NewStory is not null)
            {
                CoachMetrics.Assessments.Add(1, new KeyValuePair<string, object?>("fit", turn.NewStory.Fit.Id()), new KeyValuePair<string, object?>("target", turn.NewStory.Target.ToString()));
                await MarkDailyAnsweredAsync(turn, state.Session, ct);
            }
            foreach (Func<CancellationToken, Task> work in turn.AfterCommit)
            {
                await work(ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "A write after the committed {Kind} on {Platform} failed; its replies are sent anyway", turn.Incoming.Kind, turn.Incoming.Platform);
        }
    }

    /// <summary>The replies to save in the outbox with the commit (possibly none) when the transport sends from the outbox;
    /// the commit then also marks the event handled in the inbox.</summary>
    private static List<Outgoing>? KeptReplies(Turn turn) => turn.Incoming.Durable ? [.. turn.Replies] : null;

    /// <summary>Work after the commit withdrew replies already saved in the outbox (a scorecard another worker posted first):
    /// they are marked done unsent, so no worker sends them later.</summary>
    private async Task WithdrawRepliesAsync(Turn turn, string eventKey, int kept, CancellationToken ct)
    {
        if (!turn.Incoming.Durable || turn.Replies.Count >= kept || _store is not IDeliveryStore outbox)
        {
            return;
        }
        await outbox.MarkSentAsync([.. Enumerable.Range(turn.Replies.Count, kept - turn.Replies.Count).Select(seq => new SentReply(eventKey, seq))], ct);
    }

    private async Task StepAsync(Turn turn, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        ExpireIfQuiet(turn);
        switch (i.Kind)
        {
            case IncomingKind.ThreadOpened:
                if (!await BindMockThreadAsync(turn, ct))
                {
                    BindThread(turn);
                }
                return;
            case IncomingKind.Command:
                await CommandAsync(turn, (i.Command ?? "help").Trim().ToLowerInvariant(), CommandText.Clean(i.Text), ct);
                return;
            case IncomingKind.Button:
                await ButtonAsync(turn, i.ActionId ?? "", i.ActionValue, ct);
                return;
            case IncomingKind.Form when i.FormId?.StartsWith(ScorecardFormPrefix, StringComparison.Ordinal) == true:
                await MockFormAsync(turn, i.FormId[ScorecardFormPrefix.Length..], i.FormValues ?? new Dictionary<string, string>(), ct);
                return;
            case IncomingKind.Form:
                Form(turn);
                return;
            case IncomingKind.Edited:
                Edited(turn);
                return;
            case IncomingKind.Deleted:
                Deleted(turn);
                return;
            default:
                await MessageAsync(turn, ct);
                return;
        }
    }

    private void ExpireIfQuiet(Turn turn)
    {
        SessionState? s = turn.Session;
        if (s is null || s.Mode == SessionMode.ConfirmForget || turn.Now - s.LastActivity <= _options.SessionTimeout)
        {
            return;
        }
        turn.Session = null;
        string kept = string.Join("\n", Enum.GetValues<StarPart>()
            .Where(p => s.Answer[p].Length > 0)
            .Select(p => $"{p}: {s.Answer[p]}"));
        string note = $"Your practice from {(turn.Now - s.LastActivity).Humanize(1)} ago expired after {_options.SessionTimeout.Humanize(1)} without a reply.";
        if (s.Mode == SessionMode.Answering && kept.Length > 0)
        {
            note += $" Here is what you had written, so nothing is lost:\n{kept}";
        }
        turn.Say(turn.Here(note, privateInPublic: !turn.Incoming.IsDirect));
    }

    private async Task<bool> BindMockThreadAsync(Turn turn, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        if (_mocks is null || i.Thread is null)
        {
            return false;
        }
        MockInterview? mock = await _mocks.FindOpeningMockAsync(i.Platform, i.Workspace, i.Channel, i.User, ct);
        if (mock is null)
        {
            return false;
        }
        string thread = i.Thread;
        turn.AfterCommit.Add(c => _mocks.UpdateMockAsync(mock.Id,
            m => m.State == MockState.Opening ? m with { Thread = thread, State = MockState.Answering, UpdatedAt = turn.Now } : null, c));
        return true;
    }

    private static void BindThread(Turn turn)
    {
        SessionState? s = turn.Session;
        if (s is null || s.Thread is not null || turn.Incoming.Thread is null)
        {
            turn.Changed = false;
            return;
        }
        turn.Session = s with { Thread = turn.Incoming.Thread, Channel = turn.Incoming.Channel, ThreadPending = false };
    }

    /// <summary>True when a plain message belongs to the person's session: in its DM, its thread, or the console.</summary>
    private static bool BelongsToSession(Incoming i, SessionState s) =>
        (i.IsDirect && (s.Direct || s.Thread is null && s.Channel == i.Channel))
        || (i.Thread is not null && i.Thread == s.Thread);

    private async Task MessageAsync(Turn turn, CancellationToken ct)
    {
        Incoming i = turn.Incoming;
        string text = CommandText.Clean(i.Text);
        if (await MockMessageAsync(turn, text, ct))
        {
            return;
        }
        if (CommandText.TryParse(text, out string command, out string args))
        {
            SessionState? current = turn.Session;
            if (i.IsDirect || (current is not null && BelongsToSession(i, current)))
            {
                await CommandAsync(turn, command, args, ct);
                return;
            }
        }
        SessionState? s = turn.Session;
        if (s is null || !BelongsToSession(i, s))
        {
            if (i.IsDirect)
            {
                if (turn.Replies.Count == 0)
                {
                    turn.Say(turn.Here(text.Length == 0
                        ? "I didn't catch any text. Say `practice` to start an answer, or `help` for everything I can do."
                        : "There's no practice running. Say `practice` (or `practice L7 ownership`) to start one, `review` to assess a whole answer, or `help`.",
                        buttons: [Buttons.Practice, Buttons.Help]));
                }
                return;
            }
            turn.Changed = turn.Replies.Count > 0;
            return;
        }
        if (s.Direct && i.IsDirect && s.Channel != i.Channel)
        {
            s = s with { Channel = i.Channel };
            turn.Session = s;
        }
        switch (s.Mode)
        {
            case SessionMode.ConfirmForget:
                if (text.Trim().ToLowerInvariant() is "yes" or "y" or "forget" or "confirm" or "erase")
                {
                    ConfirmForget(turn);
                }
                else
                {
                    CancelForget(turn, s);
                }
                return;
            case SessionMode.Probing:
                AnswerProbe(turn, s, text);
                return;
            default:
                AnswerPart(turn, s, text);
                return;
        }
    }
}
