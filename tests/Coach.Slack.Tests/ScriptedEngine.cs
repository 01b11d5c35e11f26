using System.Collections.Concurrent;
using Coach.Core.Conversation;

namespace Coach.Slack.Tests;

/// <summary>
/// A small stand-in for the coaching engine: a practice that asks for Situation, Task, Action, Result one at a time
/// and ends with a feedback card (quoting the Result) and buttons. In a channel it asks the transport to open a thread.
/// Records every event it was given.
/// </summary>
public sealed class ScriptedEngine : ICoachEngine
{
    private static readonly string[] Parts = ["Situation", "Task", "Action", "Result"];
    private readonly ConcurrentDictionary<string, Session> _sessions = new();

    public ConcurrentQueue<Incoming> Received { get; } = new();

    /// <summary>Simulated slow store.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Optional override for any event.</summary>
    public Func<Incoming, IReadOnlyList<Outgoing>?>? Override { get; set; }

    public int CountOf(string eventId) => Received.Count(i => i.EventId == eventId);

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(incoming);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }
        if (Override?.Invoke(incoming) is { } custom)
        {
            return custom;
        }
        var key = incoming.Person.ToString();
        switch (incoming.Kind)
        {
            case IncomingKind.Command when incoming.Command == "practice":
                if (incoming.IsDirect)
                {
                    _sessions[key] = new Session(incoming.Channel, null, 0, []);
                    return [Reply(incoming, Visibility.Channel, null, $"Practice ({incoming.Text}). Tell me the Situation.")];
                }
                _sessions[key] = new Session(incoming.Channel, null, -1, []);
                return [new Outgoing(Visibility.Thread, incoming.Channel, null, incoming.User, $"Practice for <@{incoming.User}> ({incoming.Text})", OpenThreadTitle: "STAR practice")];
            case IncomingKind.ThreadOpened when _sessions.TryGetValue(key, out var pending) && pending.Step == -1:
                _sessions[key] = pending with { Thread = incoming.Thread, Step = 0 };
                return [Reply(incoming, Visibility.Thread, incoming.Thread, "Tell me the Situation.")];
            case IncomingKind.Message when _sessions.TryGetValue(key, out var s) && s.Step >= 0 && s.Thread == incoming.Thread:
                var answers = s.Answers.Append(incoming.Text ?? "").ToArray();
                var visibility = s.Thread is null ? Visibility.Channel : Visibility.Thread;
                if (answers.Length < Parts.Length)
                {
                    _sessions[key] = s with { Step = answers.Length, Answers = answers };
                    return [Reply(incoming, visibility, s.Thread, $"Thanks. Now the {Parts[answers.Length]}.")];
                }
                _sessions.TryRemove(key, out _);
                return [Feedback(incoming, visibility, s.Thread, answers)];
            case IncomingKind.Command when incoming.Command == "help":
                return [Reply(incoming, Visibility.Ephemeral, incoming.Thread, "Commands: practice, review, stop.")];
            default:
                return [];
        }
    }

    private static Outgoing Reply(Incoming i, Visibility v, string? thread, string text) => new(v, i.Channel, thread, i.User, text);

    private static Outgoing Feedback(Incoming i, Visibility v, string? thread, string[] answers) =>
        new(v, i.Channel, thread, i.User, "Here is your feedback.",
            new Card("Reads as L6 (target L7)", Tone.Warning, "Thinking too small for L7.",
                [new CardField("Impact", "L6: $2M a year", answers[3]), new CardField("Scope", "2-3 teams", answers[1])],
                [new CardBar("Action", 70, 90, 120, "70 s (L7 wants 90-120 s)")],
                [new CardList("Probes", ["How did you attribute the $2M?"])],
                "Spoken at 150 wpm"),
            [new ActionButton("next", "Next question", ButtonStyle.Primary), new ActionButton("redo", "Redo"), new ActionButton("stop", "Stop", ButtonStyle.Danger)]);

    private sealed record Session(string Channel, string? Thread, int Step, string[] Answers);
}
