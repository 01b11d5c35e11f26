using Coach.Core.Rubric;

namespace Coach.Core.Conversation;

public enum SessionMode
{
    /// <summary>Asking for the STAR parts one at a time.</summary>
    Answering,
    /// <summary>Feedback given; the person may answer a probe, redo a part, or start again.</summary>
    Probing,
    /// <summary>Waiting for the person to confirm that everything about them should be erased.</summary>
    ConfirmForget,
}

/// <summary>One person's conversation, stored as a whole (JSON) so a restart continues where it stopped.</summary>
public sealed record SessionState
{
    public SessionMode Mode { get; init; }
    public Level Target { get; init; }
    public string? Principle { get; init; }
    public string? QuestionId { get; init; }
    public string Question { get; init; } = "";
    public StarPart? Awaiting { get; init; }
    public string Situation { get; init; } = "";
    public string Task { get; init; } = "";
    public string Action { get; init; } = "";
    public string Result { get; init; } = "";
    /// <summary>Parts answered or skipped, in order.</summary>
    public IReadOnlyList<StarPart> Done { get; init; } = [];
    /// <summary>The part that got its one nudge and may still be added to.</summary>
    public StarPart? Nudged { get; init; }
    /// <summary>Where the conversation lives.</summary>
    public string Channel { get; init; } = "";
    public string? Thread { get; init; }
    public bool Direct { get; init; }
    /// <summary>True while the transport is opening the thread this session will live in.</summary>
    public bool ThreadPending { get; init; }
    public IReadOnlyList<string> Probes { get; init; } = [];
    public int ProbeIndex { get; init; }
    public long? StoryId { get; init; }
    public string? FocusTip { get; init; }
    /// <summary>The daily schedule whose prompt started this practice (its streak counts the answer).</summary>
    public string? DailyScheduleId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastActivity { get; init; }
    /// <summary>The mode to return to when a forget confirmation is declined.</summary>
    public SessionMode? ResumeMode { get; init; }
    /// <summary>Which platform message became (part of) which answer part while answering, so an edit replaces that text and a
    /// deletion removes it. Empty where messages cannot change (the console) and once the feedback is given.</summary>
    public IReadOnlyList<PartMessage> PartMessages { get; init; } = [];

    public StarAnswer Answer => new(Situation, Task, Action, Result);

    /// <summary>The part's text rebuilt from the messages it came from, in the order they were sent.</summary>
    public static string TextFrom(IReadOnlyList<PartMessage> messages, StarPart part) =>
        string.Join("\n", messages.Where(m => m.Part == part).Select(m => m.Text));

    /// <summary>The part emptied, with the messages it came from forgotten (a redo).</summary>
    public SessionState WithoutPart(StarPart part) =>
        WithPart(part, "") with { PartMessages = [.. PartMessages.Where(m => m.Part != part)] };

    public SessionState WithPart(StarPart part, string text) => part switch
    {
        StarPart.Situation => this with { Situation = text },
        StarPart.Task => this with { Task = text },
        StarPart.Action => this with { Action = text },
        _ => this with { Result = text },
    };
}

/// <summary>One message that became (part of) an answer part: its platform id, the part, and the text it gave.</summary>
public sealed record PartMessage(string MessageId, StarPart Part, string Text);
