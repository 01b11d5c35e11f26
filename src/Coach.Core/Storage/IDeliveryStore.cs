using Coach.Core.Conversation;

namespace Coach.Core.Storage;

/// <summary>
/// The inbox and the outbox: nothing a person typed is lost between the platform and the store, and no reply the
/// engine decided is lost between the store and the platform.
/// </summary>
/// <remarks>
/// A transport writes each incoming event to the inbox before it acknowledges it, handles it from there and marks it
/// handled. Both hold only work not done: a handled event leaves the inbox and a sent reply leaves the outbox (a
/// redelivery after that is recognised by the engine's own record of handled events). The engine saves the replies of a
/// turn whose <see cref="Incoming.Durable"/> is set in the outbox, in the same commit as the turn's state
/// (<see cref="Commit.Replies"/>); the transport marks each sent when the platform took it. Rows nobody finished are
/// claimed again once their claim is older than a lease (the worker that held them died): a claim moves
/// <c>claimed_at</c> to now, so two workers never take the same row at once.
/// </remarks>
public interface IDeliveryStore
{
    /// <summary>One transaction: marks the replies sent and the events handled, then writes the new events to the inbox.
    /// Returns, for each of <see cref="DeliveryBatch.Events"/>, true when it is new and false when its key was already there
    /// (a redelivery of an event waiting in the inbox or being handled). A transport writes its marks with its next events, so a
    /// busy worker pays one transaction for both.</summary>
    Task<IReadOnlyList<bool>> RecordDeliveriesAsync(DeliveryBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Queues the batch to be written by the store's next write (a turn's commit takes it along, and a commit that
    /// handles one of its events does not write that event at all; a store may leave an event queued a moment ago for
    /// its own turn's commit) and returns at once; the task completes, as
    /// <see cref="RecordDeliveriesAsync"/>'s does, once the batch is written. A store with no single writer to ride with
    /// writes the batch at once.</summary>
    Task<IReadOnlyList<bool>> QueueDeliveriesAsync(DeliveryBatch batch) => RecordDeliveriesAsync(batch);

    /// <summary>Writes the batches <see cref="QueueDeliveriesAsync"/> queued that have waited since the previous call with
    /// no write taking them along. Returns true while batches are still queued (call it again a moment later).</summary>
    Task<bool> WriteQueuedAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <summary>Writes events to the inbox, in one transaction (see <see cref="RecordDeliveriesAsync"/>).</summary>
    Task<IReadOnlyList<bool>> AddToInboxAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken = default) =>
        RecordDeliveriesAsync(new DeliveryBatch(entries, [], []), cancellationToken);

    /// <summary>Marks inbox events handled (their replies, if any, are in the outbox by now): they leave the inbox. A commit
    /// with <see cref="Commit.Replies"/> marks its own event handled.</summary>
    async Task MarkHandledAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        await RecordDeliveriesAsync(new DeliveryBatch([], [], keys), cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> of the platform's inbox events not handled and last claimed before
    /// <paramref name="staleBefore"/>, oldest first, claiming them at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<InboxEntry>> ClaimUnhandledAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="max"/> of the platform's outbox replies not sent and last claimed before
    /// <paramref name="staleBefore"/>, in the order they were decided, claiming them at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimUnsentAsync(string platform, DateTimeOffset staleBefore, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Marks outbox replies sent (or given up for good): they leave the outbox.</summary>
    async Task MarkSentAsync(IReadOnlyList<SentReply> sent, CancellationToken cancellationToken = default) =>
        await RecordDeliveriesAsync(new DeliveryBatch([], sent, []), cancellationToken);
}

/// <summary>What <see cref="IDeliveryStore.RecordDeliveriesAsync"/> writes at once: new inbox events, replies sent, and
/// events handled.</summary>
public sealed record DeliveryBatch(IReadOnlyList<InboxEntry> Events, IReadOnlyList<SentReply> Sent, IReadOnlyList<string> Handled);

/// <summary>One stored incoming event. <paramref name="Key"/> is <c>platform:event id</c>, the engine's event key;
/// <paramref name="Payload"/> is the transport's own serialised form of the event.</summary>
public sealed record InboxEntry(string Key, PersonKey Person, string Payload, DateTimeOffset ReceivedAt);

/// <summary>One reply waiting to be sent: the <paramref name="Seq"/>-th reply of the event <paramref name="EventKey"/>.</summary>
public sealed record OutboxEntry(string EventKey, int Seq, PersonKey Person, Outgoing Message, DateTimeOffset CreatedAt);

/// <summary>A reply the platform took (or refused for good): the <paramref name="Seq"/>-th reply of <paramref name="EventKey"/>.</summary>
public sealed record SentReply(string EventKey, int Seq);
