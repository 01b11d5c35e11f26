using Coach.Core.Conversation;
using Coach.Core.Rubric;

namespace Coach.Core.Storage;

/// <summary>Everything Coach keeps, behind one interface (SQLite file by default, PostgreSQL for several workers).</summary>
public interface ICoachStore
{
    /// <summary>Creates or upgrades the schema. Called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<PersonState> LoadAsync(PersonKey person, CancellationToken cancellationToken = default);

    /// <summary>Applies a change atomically: marks the event handled, saves the session if its version still matches, adds or deletes stories.</summary>
    Task<CommitOutcome> CommitAsync(Commit commit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoryRecord>> ListStoriesAsync(PersonKey person, CancellationToken cancellationToken = default);

    /// <summary>Erases every row about the person, in every table.</summary>
    Task ForgetAsync(PersonKey person, CancellationToken cancellationToken = default);
}

/// <summary>The person's session (if any), settings and streak, with the version used for optimistic concurrency.</summary>
public sealed record PersonState(SessionState? Session, long SessionVersion, PersonSettings Settings, Streak Streak)
{
    public static PersonState New(PersonKey person) => new(null, 0, PersonSettings.Default, Streak.None);
}

public sealed record PersonSettings(Level Target, DateTimeOffset? FirstSeen)
{
    public static PersonSettings Default { get; } = new(Level.L6, null);
}

/// <summary>Consecutive days (UTC) with a finished answer.</summary>
public sealed record Streak(int Current, int Best, DateOnly? LastDay)
{
    public static Streak None { get; } = new(0, 0, null);

    public Streak Record(DateOnly day)
    {
        if (LastDay == day)
        {
            return this;
        }
        int current = LastDay is { } last && last.AddDays(1) == day ? Current + 1 : 1;
        return new Streak(current, Math.Max(Best, current), day);
    }

    /// <summary>The streak as of today: broken when the last day is before yesterday.</summary>
    public int AsOf(DateOnly today) => LastDay is { } last && last >= today.AddDays(-1) ? Current : 0;
}

/// <summary>A finished answer in the person's story bank, with its assessment summary.</summary>
public sealed record StoryRecord(
    long Id,
    PersonKey Person,
    string? Principle,
    string? QuestionId,
    string Question,
    Level Target,
    StarAnswer Answer,
    ReadsAs ReadsAs,
    Fit Fit,
    double Score,
    IReadOnlyDictionary<Dimension, Band> Bands,
    DateTimeOffset CreatedAt,
    string Source = "practice");

public enum CommitOutcome
{
    Committed,
    /// <summary>The event was handled before: nothing was changed.</summary>
    Duplicate,
    /// <summary>Another worker changed the session first: reload and try again.</summary>
    Conflict,
}

/// <summary>One atomic change for one person.</summary>
/// <param name="EventKey">The (platform, event id) this change handles, or null for none.</param>
/// <param name="Session">The new session; null with <paramref name="SaveSession"/> deletes it.</param>
/// <param name="ExpectedVersion">The version the session had when loaded (0 when there was none).</param>
/// <param name="Replies">Replies to keep in the outbox (<see cref="IDeliveryStore"/>) under <paramref name="EventKey"/>, numbered
/// from 0 in order, written in the same transaction as the rest, which also marks the event handled in the inbox; null when
/// the transport does not send from the outbox.</param>
public sealed record Commit(
    PersonKey Person,
    string? EventKey,
    DateTimeOffset At,
    bool SaveSession = false,
    SessionState? Session = null,
    long ExpectedVersion = 0,
    PersonSettings? Settings = null,
    StoryRecord? NewStory = null,
    long? DeleteStoryId = null,
    Streak? Streak = null,
    IReadOnlyList<Outgoing>? Replies = null);
