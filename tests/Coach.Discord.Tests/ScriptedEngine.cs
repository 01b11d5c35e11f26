using System.Collections.Concurrent;
using Coach.Core.Conversation;

namespace Coach.Discord.Tests;

/// <summary>A small stand-in for the coaching engine: a STAR practice bound to a thread, a review form, feedback as a card.</summary>
public sealed class ScriptedEngine : ICoachEngine
{
    private static readonly string[] Parts = ["Situation", "Task", "Action", "Result"];
    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly ConcurrentDictionary<string, bool> _handled = new();

    public ConcurrentQueue<Incoming> Seen { get; } = new();
    public TimeSpan Delay { get; set; }

    private sealed class Session
    {
        public string? Thread { get; set; }
        public string Channel { get; set; } = "";
        public int Part { get; set; }
        public List<string> Answers { get; } = [];
        public string Level { get; set; } = "L6";
    }

    public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        Seen.Enqueue(incoming);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }
        if (!_handled.TryAdd(incoming.Platform + "/" + incoming.EventId, true))
        {
            return [];
        }
        var key = incoming.Person.ToString();
        switch (incoming.Kind)
        {
            case IncomingKind.Command when incoming.Command == "practice":
                var level = incoming.Text?.Split(' ').FirstOrDefault(w => w is "L6" or "L7") ?? "L6";
                var s = new Session { Channel = incoming.Channel, Level = level };
                _sessions[key] = s;
                var visibility = incoming.IsDirect ? Visibility.Channel : Visibility.Thread;
                return
                [
                    new Outgoing(visibility, incoming.Channel, incoming.Thread, incoming.User,
                        $"Practice at {level}: {incoming.Text}. First, the Situation: where were you and what was at stake?",
                        Buttons: [new ActionButton("practice:skip", "Skip"), new ActionButton("practice:stop", "Stop", ButtonStyle.Danger)],
                        OpenThreadTitle: incoming.IsDirect || incoming.Thread is not null ? null : "STAR practice"),
                ];
            case IncomingKind.ThreadOpened:
                if (_sessions.TryGetValue(key, out var opened))
                {
                    opened.Thread = incoming.Thread;
                }
                return [];
            case IncomingKind.Command when incoming.Command == "review":
                return
                [
                    new Outgoing(Visibility.Ephemeral, incoming.Channel, incoming.Thread, incoming.User, "Paste your answer.",
                        Form: new FormRequest("review", "Review a STAR answer",
                        [
                            new FormField("situation", "Situation", true, 1500),
                            new FormField("task", "Task", true, 1000),
                            new FormField("action", "Action", true, 3000),
                            new FormField("result", "Result", true, 1500),
                        ])),
                ];
            case IncomingKind.Form:
                var values = incoming.FormValues ?? new Dictionary<string, string>();
                return [Feedback(incoming, Visibility.Ephemeral, "L6", values.GetValueOrDefault("result") ?? "")];
            case IncomingKind.Command when incoming.Command == "help":
                return [new Outgoing(Visibility.Ephemeral, incoming.Channel, incoming.Thread, incoming.User, "Coach helps you practise STAR answers.")];
            case IncomingKind.Button when incoming.ActionId == "practice:skip" && _sessions.TryGetValue(key, out var skipping):
                return Advance(incoming, skipping, "(skipped)");
            case IncomingKind.Message when _sessions.TryGetValue(key, out var session) && (incoming.IsDirect || session.Thread == incoming.Thread):
                return Advance(incoming, session, incoming.Text ?? "");
            default:
                return [];
        }
    }

    private List<Outgoing> Advance(Incoming incoming, Session session, string answer)
    {
        session.Answers.Add(answer);
        session.Part++;
        var visibility = incoming.IsDirect ? Visibility.Channel : Visibility.Thread;
        var channel = incoming.IsDirect ? incoming.Channel : session.Channel;
        if (session.Part < Parts.Length)
        {
            return [new Outgoing(visibility, channel, session.Thread, incoming.User, $"Thanks. Now the {Parts[session.Part]}.",
                Buttons: [new ActionButton("practice:skip", "Skip")])];
        }
        _sessions.TryRemove(incoming.Person.ToString(), out _);
        return [Feedback(incoming with { Thread = session.Thread, Channel = channel }, visibility, session.Level, session.Answers[3])];
    }

    private static Outgoing Feedback(Incoming incoming, Visibility visibility, string level, string result) =>
        new(visibility, incoming.Channel, incoming.Thread, incoming.User, $"Here is your feedback for {level}.",
            new Card("Reads as L6", Tone.Good, "On target for L6.",
                [new CardField("Impact", "$1.2M a year", result), new CardField("Scope", "3 teams")],
                [new CardBar("Situation", 40, 30, 45, "40 s"), new CardBar("Result", 20, 30, 45, "20 s (short)")],
                [new CardList("Next", ["Quantify the baseline", "Say what *you* did"])],
                "Coach"),
            [new ActionButton("feedback:save", "Save story", ButtonStyle.Success), new ActionButton("practice:again", "Again")]);
}
