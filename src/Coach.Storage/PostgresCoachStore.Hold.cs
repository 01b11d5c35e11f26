using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Npgsql;

namespace Coach.Storage;

/// <summary>Events held for their own turns' commits, and marks that ride in the next write, as in <see cref="SqliteCoachStore"/>.</summary>
/// <remarks>
/// Written at once, every event cost a transaction of its own (and a disk flush) before its ack, beside its turn's commit,
/// and the marks another: at 250 events/s on the load harness that put the reply's p99 at 120-126 ms against 12-15 ms
/// without the inbox. Now <see cref="QueueDeliveriesAsync"/> holds an event queued alone, by its key, for up to
/// <see cref="EventHold.For"/>: its turn's commit (a durable turn, with replies) handles it and writes nothing
/// for it, and a handled mark (a turn that commits nothing) takes it the same way. Only an event whose turn waits longer
/// gets an inbox row, written with the marks by the next commit or the next look (<see cref="WriteQueuedAsync"/>). The
/// marks (replies sent, events handled) ride in the next commit, or are written by the look after the one that found
/// them. A held event lives only in this worker's memory until then: it is not acknowledged, so a worker that dies holding
/// it leaves it to the platform to send again.
/// </remarks>
public sealed partial class PostgresCoachStore
{
    /// <summary>Events held for their own turns' commits; set by the constructor, on its clock.</summary>
    private readonly EventHold<HeldEvent> _held;
    private readonly ConcurrentQueue<QueuedMarks> _marks = new();

    /// <summary>The last marks queued, and the last queued at the previous <see cref="WriteQueuedAsync"/>.</summary>
    private long _queuedSeq, _flushMark;

    private sealed class HeldEvent(InboxEntry entry)
    {
        public InboxEntry Entry => entry;

        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class QueuedMarks(IReadOnlyList<SentReply> sent, IReadOnlyList<string> handled, long seq)
    {
        public IReadOnlyList<SentReply> Sent => sent;
        public IReadOnlyList<string> Handled => handled;
        public long Seq => seq;
        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What one transaction takes along: marks, and events held past their time.</summary>
    private sealed class Riders
    {
        public List<QueuedMarks> Marks { get; } = [];
        public List<HeldEvent> Events { get; } = [];
        public bool[] Added { get; set; } = [];

        public bool IsEmpty => Marks.Count == 0 && Events.Count == 0;
        public SentReply[] Sent => [.. Marks.SelectMany(m => m.Sent)];
        public string[] Handled => [.. Marks.SelectMany(m => m.Handled)];
        public InboxEntry[] Entries => [.. Events.Select(e => e.Entry)];

        public void Fail(Exception ex)
        {
            Marks.ForEach(m => m.Done.TrySetException(ex));
            Events.ForEach(e => e.Done.TrySetException(ex));
        }

        public void Complete()
        {
            Marks.ForEach(m => m.Done.TrySetResult([]));
            for (int i = 0; i < Events.Count; i++)
            {
                Events[i].Done.TrySetResult([Added[i]]);
            }
        }
    }

    public Task<IReadOnlyList<bool>> QueueDeliveriesAsync(DeliveryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Events.Count > 1)
        {
            return RecordDeliveriesAsync(batch);
        }
        Task<IReadOnlyList<bool>>? marks = batch.Sent.Count > 0 || batch.Handled.Count > 0 ? QueueMarks(batch.Sent, batch.Handled) : null;
        if (batch.Events.Count == 0)
        {
            return marks ?? Task.FromResult<IReadOnlyList<bool>>([]);
        }
        Task<IReadOnlyList<bool>> held = Hold(batch.Events[0]);
        return marks is null ? held : DeliveryTasks.BothAsync(marks, held);
    }

    /// <summary>Holds the event; a copy of one held already is a repeat once the first is safe.</summary>
    private Task<IReadOnlyList<bool>> Hold(InboxEntry entry)
    {
        var held = new HeldEvent(entry);
        return _held.TryHold(entry.Key, held, out HeldEvent? first) ? held.Done.Task : DeliveryTasks.RepeatOfHeldAsync(first!.Done.Task);
    }

    /// <summary>Queues the marks for the next write (the handled marks of events still held need none: see
    /// <see cref="HandledNotHeld"/>).</summary>
    private Task<IReadOnlyList<bool>> QueueMarks(IReadOnlyList<SentReply> sent, IReadOnlyList<string> handled)
    {
        List<string> rest = HandledNotHeld(handled);
        if (sent.Count == 0 && rest.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<bool>>([]);
        }
        var marks = new QueuedMarks(sent, rest, Interlocked.Increment(ref _queuedSeq));
        _marks.Enqueue(marks);
        return marks.Done.Task;
    }

    /// <summary>The keys of <paramref name="handled"/> whose events are not held. A handled mark for an event still held
    /// takes it and acknowledges it: handled without a commit, there is nothing to write for it.</summary>
    private List<string> HandledNotHeld(IReadOnlyList<string> handled)
    {
        List<string> rest = [];
        foreach (string key in handled)
        {
            if (_held.Take(key) is { } taken)
            {
                taken.Done.TrySetResult([true]);
            }
            else
            {
                rest.Add(key);
            }
        }
        return rest;
    }

    /// <summary>Events held now (for tests and for <see cref="WriteQueuedAsync"/>).</summary>
    internal int HeldEvents => _held.Count;

    /// <summary>Writes the marks that waited since the previous call and the events held past their time, in one
    /// transaction, when no commit took them along meanwhile. True while anything is still queued or held.</summary>
    public async Task<bool> WriteQueuedAsync(CancellationToken cancellationToken = default)
    {
        if (_marks.IsEmpty && HeldEvents == 0)
        {
            return false;
        }
        long previous = Interlocked.Exchange(ref _flushMark, Volatile.Read(ref _queuedSeq));
        bool marksWaited = _marks.TryPeek(out QueuedMarks? oldest) && oldest.Seq <= previous;
        if (marksWaited || _held.AnyPastHold())
        {
            await using NpgsqlConnection c = await _dataSource.OpenConnectionAsync(cancellationToken);
            await WriteRidersAsync(c, TakeRiders(), cancellationToken);
        }
        return !_marks.IsEmpty || HeldEvents > 0;
    }

    /// <summary>Takes the marks queued and the events held past their time, for the caller's transaction. The caller
    /// completes them once it committed, or fails them (the marks are collected again, and the events are not acknowledged:
    /// the platform sends them again).</summary>
    private Riders TakeRiders()
    {
        var riders = new Riders();
        while (_marks.TryDequeue(out QueuedMarks? marks))
        {
            riders.Marks.Add(marks);
        }
        if (_held.TakePastHold(int.MaxValue) is { } waited)
        {
            riders.Events.AddRange(waited);
        }
        return riders;
    }

    /// <summary>Writes <paramref name="riders"/> in a transaction of their own on <paramref name="c"/>, and completes them
    /// once it committed; a failure fails them all and is thrown.</summary>
    private async Task WriteRidersAsync(NpgsqlConnection c, Riders riders, CancellationToken ct)
    {
        if (riders.IsEmpty)
        {
            return;
        }
        try
        {
            riders.Added = await WriteDeliveriesAsync(c, riders.Sent, riders.Handled, riders.Entries, ct);
        }
        catch (Exception ex)
        {
            riders.Fail(ex);
            throw;
        }
        riders.Complete();
    }
}
