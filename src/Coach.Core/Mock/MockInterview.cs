using Coach.Core.Rubric;

namespace Coach.Core.Mock;

public enum MockState
{
    /// <summary>Created; the transport is opening the thread.</summary>
    Opening,
    /// <summary>The candidate answers in the thread.</summary>
    Answering,
    /// <summary>The candidate said done; the interviewer scores.</summary>
    Scoring,
    Done,
    /// <summary>The candidate did not start in time.</summary>
    Dissolved,
}

/// <summary>One peer mock interview: an interviewer, a candidate, a question, the answer, and both scorecards.</summary>
public sealed record MockInterview
{
    public required string Id { get; init; }
    public required string Platform { get; init; }
    public required string Workspace { get; init; }
    public required string Channel { get; init; }
    public string? Thread { get; init; }
    public required string Interviewer { get; init; }
    public required string Candidate { get; init; }
    public Level Level { get; init; }
    public required string Principle { get; init; }
    public required string QuestionId { get; init; }
    public required string Question { get; init; }
    public MockState State { get; init; }
    public IReadOnlyList<string> Messages { get; init; } = [];
    public IReadOnlyDictionary<string, Band> PeerBands { get; init; } = new Dictionary<string, Band>();
    public string? PeerHire { get; init; }
    public bool FromQueue { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A person waiting in a mock channel's queue, with the role they had last time (roles swap on the next pairing).</summary>
public sealed record QueueEntry(string Platform, string Workspace, string Channel, string User, string? LastRole, DateTimeOffset QueuedAt);

/// <summary>Where mock interviews, mock channels and the pairing queue live.</summary>
public interface IMockStore
{
    Task SaveMockAsync(MockInterview mock, CancellationToken cancellationToken = default);

    Task<MockInterview?> GetMockAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Changes a stored mock interview without losing a concurrent change: <paramref name="change"/> is applied to
    /// the stored mock and the result written only if the mock is still as it was read; when another worker changed it
    /// first, it is read again and <paramref name="change"/> applied again. Returns what was written, or null when
    /// <paramref name="change"/> returned null (nothing to do in the mock's current state) or the mock does not exist.</summary>
    Task<MockInterview?> UpdateMockAsync(string id, Func<MockInterview, MockInterview?> change, CancellationToken cancellationToken = default);

    Task<MockInterview?> FindMockByThreadAsync(string platform, string workspace, string thread, CancellationToken cancellationToken = default);

    /// <summary>The newest mock this interviewer created in a channel that is still waiting for its thread.</summary>
    Task<MockInterview?> FindOpeningMockAsync(string platform, string workspace, string channel, string interviewer, CancellationToken cancellationToken = default);

    /// <summary>Mocks in <see cref="MockState.Answering"/> whose candidate has not started.</summary>
    Task<IReadOnlyList<MockInterview>> ListUnstartedMocksAsync(CancellationToken cancellationToken = default);

    Task SetMockChannelAsync(string platform, string workspace, string channel, bool on, CancellationToken cancellationToken = default);

    Task<bool> IsMockChannelAsync(string platform, string workspace, string channel, CancellationToken cancellationToken = default);

    /// <summary>Adds the person to the channel's queue (once) and returns the queue, oldest first.</summary>
    Task<IReadOnlyList<QueueEntry>> EnqueueAsync(QueueEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the people from the queue; false if one of them was no longer there (another worker paired them).</summary>
    Task<bool> DequeueAsync(string platform, string workspace, string channel, IReadOnlyList<string> users, CancellationToken cancellationToken = default);

    Task<string?> LastRoleAsync(string platform, string workspace, string user, CancellationToken cancellationToken = default);

    Task SetLastRoleAsync(string platform, string workspace, string user, string role, CancellationToken cancellationToken = default);
}
