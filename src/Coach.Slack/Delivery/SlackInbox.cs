using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Delivery;

/// <summary>
/// The Slack side of the store's inbox and outbox. Accepted events are written to the inbox before they are acknowledged,
/// in batches: whatever arrived while one write ran goes into the next, so a burst costs one transaction, not one per
/// event, and no event waits for a timer. Events are handed on in the order they arrived. The marks (event handled,
/// reply sent) are collected and written every <see cref="MarkInterval"/>: one lost with a dying worker only means the
/// next one checks Slack before posting again (see <see cref="SlackDispatcher"/>'s recovery).
/// </summary>
internal sealed class SlackInbox : IDisposable
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan MarkInterval = TimeSpan.FromMilliseconds(25);

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IDeliveryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<SlackWork> _accepted;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _handled = new();
    private readonly ConcurrentQueue<SentReply> _sent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly Task _writer;
    private readonly Task _marker;

    /// <param name="accepted">Called, in arrival order, for each event newly stored (not for a redelivery of a stored one).</param>
    public SlackInbox(IDeliveryStore store, TimeProvider time, ILogger logger, Action<SlackWork> accepted)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _accepted = accepted;
        _writer = Task.Run(WriteLoopAsync);
        _marker = Task.Run(MarkLoopAsync);
    }

    public IDeliveryStore Store => _store;

    /// <summary>Stores the event. True once it is in the inbox (new or already there): acknowledge it. False when the
    /// store could not take it: leave it unacknowledged, so Slack sends it again.</summary>
    public Task<bool> StoreAsync(SlackWork work)
    {
        var pending = new Pending(work, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            pending.Done.TrySetResult(false);
        }
        return pending.Done.Task;
    }

    public static string KeyOf(Incoming incoming) => $"{incoming.Platform}:{incoming.EventId}";

    public static string Write(SlackWork work) =>
        JsonSerializer.Serialize(new StoredWork(work.Incoming, work.ResponseUrl, work.DedupeKeys), PayloadJson);

    public static SlackWork Read(string payload)
    {
        var stored = JsonSerializer.Deserialize<StoredWork>(payload, PayloadJson) ?? throw new JsonException("empty inbox payload");
        return new SlackWork(stored.Incoming, null, stored.DedupeKeys ?? []) { ResponseUrl = stored.ResponseUrl };
    }

    public void Handled(string key) => _handled.Enqueue(key);

    public void Sent(string eventKey, int seq, string? reference) => _sent.Enqueue(new SentReply(eventKey, seq, reference, _time.GetUtcNow()));

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }
            IReadOnlyList<bool> added;
            try
            {
                added = await _store.AddToInboxAsync([.. batch.Select(p => new InboxEntry(KeyOf(p.Work.Incoming), p.Work.Incoming.Person, Write(p.Work), _time.GetUtcNow()))]);
            }
            catch (Exception ex)
            {
                _logger.LogWarning("The inbox could not store {Count} Slack events ({Error}); leaving them unacknowledged", batch.Count, ex.GetType().Name);
                foreach (var p in batch)
                {
                    p.Done.TrySetResult(false);
                }
                continue;
            }
            for (int i = 0; i < batch.Count; i++)
            {
                if (added[i])
                {
                    _accepted(batch[i].Work);
                }
                else
                {
                    _logger.LogInformation("Slack sent {EventId} again; it is in the inbox already", batch[i].Work.Incoming.EventId);
                }
                batch[i].Done.TrySetResult(true);
            }
        }
    }

    private async Task MarkLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(MarkInterval, _time, _stopping.Token);
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes the marks collected so far. A failed write keeps them for the next try.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushLock.WaitAsync(ct);
        try
        {
            var sent = Drain(_sent);
            var handled = Drain(_handled);
            try
            {
                await _store.MarkSentAsync(sent, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogWarning("Marking {Count} Slack replies sent failed ({Error}); trying again", sent.Count, ex.GetType().Name);
                sent.ForEach(_sent.Enqueue);
            }
            try
            {
                await _store.MarkHandledAsync(handled, _time.GetUtcNow(), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogWarning("Marking {Count} Slack events handled failed ({Error}); trying again", handled.Count, ex.GetType().Name);
                handled.ForEach(_handled.Enqueue);
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var list = new List<T>();
        while (list.Count < 4096 && queue.TryDequeue(out var item))
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Stops taking events and writes the marks still waiting.</summary>
    public async Task StopAsync()
    {
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_writer, _marker);
        await FlushAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _stopping.Cancel();
    }

    private sealed record Pending(SlackWork Work, TaskCompletionSource<bool> Done);

    /// <summary>What the inbox keeps of a Slack event: the trigger id is not kept (it lives 3 s); the response_url is (30 minutes).</summary>
    private sealed record StoredWork(Incoming Incoming, string? ResponseUrl, IReadOnlyList<string>? DedupeKeys);
}
