using System.Collections.Concurrent;
using System.Text.Json;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Api;
using Coach.Slack.Delivery;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Logging;

namespace Coach.Slack;

/// <summary>
/// Recovery from the store's inbox and outbox: what a worker left when it died (events stored but not handled, replies
/// saved but not marked sent) is taken up once its claim is older than <see cref="SlackOptions.DeliveryLease"/>.
/// An event is handled again (the engine drops it if its turn was committed); a reply is looked for in Slack by the
/// marker in its metadata (<c>conversations.history</c>, or <c>conversations.replies</c> in a thread) and posted only
/// if it is not there, so a reply whose post was under way when the worker died shows once.
/// </summary>
public sealed partial class SlackDispatcher
{
    private const int SweepBatch = 200;

    /// <summary>How far back to look for a reply's earlier post, before the row was written (clocks differ).</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromMinutes(5);

    /// <summary>Outbox rows this worker is sending now (<c>event key#seq</c>): a sweep leaves them alone.</summary>
    private readonly ConcurrentDictionary<string, byte> _sending = new(StringComparer.Ordinal);

    /// <summary>True when events go through the store's inbox and replies through its outbox.</summary>
    public bool Durable => _inbox is not null;

    /// <summary>Takes up the events and replies a dead worker left. Returns how many it found.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (_inbox is null)
        {
            return 0;
        }
        IDeliveryStore store = _inbox.Store;
        var now = _time.GetUtcNow();
        var events = await store.ClaimUnhandledAsync(Platforms.Slack, now - _options.DeliveryLease, now, SweepBatch, ct);
        foreach (var entry in events)
        {
            SlackWork work;
            try
            {
                work = SlackInbox.Read(entry.Payload);
            }
            catch (JsonException)
            {
                _logger.LogWarning("A stored Slack event could not be read; marking it handled");
                _inbox.Handled(entry.Key);
                continue;
            }
            if (!_dedupe.TryClaim(work.DedupeKeys))
            {
                continue; // this worker has it already (still queued behind other work)
            }
            _logger.LogInformation("Handling Slack {Kind} {EventId}, stored by a worker that stopped before handling it", work.Incoming.Kind, work.Incoming.EventId);
            Enqueue(work with { ReceivedTimestamp = _time.GetTimestamp() });
        }
        var replies = await store.ClaimUnsentAsync(Platforms.Slack, now - _options.DeliveryLease, now, SweepBatch, ct);
        foreach (var row in replies)
        {
            if (_sending.ContainsKey($"{row.EventKey}#{row.Seq}"))
            {
                continue;
            }
            _logger.LogInformation("Sending a Slack reply a stopped worker had saved but not sent ({Visibility} in {Channel})", row.Message.Visibility, row.Message.Channel);
            string lane = string.IsNullOrEmpty(row.Message.Channel) ? "u:" + row.Message.User : row.Message.Channel;
            _queue.Enqueue(lane, c => ResendAsync(row, c));
        }
        return events.Count + replies.Count;
    }

    private Task ResendAsync(OutboxEntry row, CancellationToken ct)
    {
        Outgoing reply = row.Message;
        string eventId = row.EventKey.StartsWith(Platforms.Slack + ":", StringComparison.Ordinal) ? row.EventKey[(Platforms.Slack.Length + 1)..] : row.EventKey;
        var context = new Incoming(Platforms.Slack, row.Person.Workspace, reply.Channel, reply.Thread, reply.User, eventId, _time.GetUtcNow(),
            IncomingKind.Message, IsDirect: reply.Channel.StartsWith('D'), Durable: true);
        var state = new WorkState(null) { Recovering = true, Since = row.CreatedAt - LookBack };
        return SendOneAsync(reply, context, state, 0, row.EventKey, row.Seq, ct);
    }

    /// <summary>Sends one reply. With <paramref name="eventKey"/> it is that event's <paramref name="seq"/>-th outbox row: its
    /// posts carry the marker, and it is marked sent once Slack took it, or refused it for good; when the outcome is unknown
    /// (no answer) it stays unsent, for a sweep to look for in Slack and post if it is not there.</summary>
    private async Task SendOneAsync(Outgoing reply, Incoming incoming, WorkState state, int depth, string? eventKey, int seq, CancellationToken ct)
    {
        string? marker = eventKey is null ? null : $"{eventKey}#{seq}";
        state.Marker = marker;
        if (marker is not null)
        {
            _sending.TryAdd(marker, 0);
        }
        try
        {
            await SendAsync(reply, incoming, state, depth, ct);
            if (eventKey is not null)
            {
                _inbox?.Sent(eventKey, seq);
            }
        }
        catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "channel_not_found" && state.ResponseUrl is not null && state.ResponseUses < 5)
        {
            // A slash command in a channel the bot is not in: answer the person privately through response_url.
            _logger.LogInformation("Slack {Method} failed with {Error} in {Channel}; answering through the command's response_url", ex.Method, ex.Error, reply.Channel);
            await PostViaResponseUrlAsync(reply, state, ct);
            MarkDone(eventKey, seq);
        }
        catch (SlackApiException ex)
        {
            // Refused for good (or rate-limited past every retry): posting it again later would not help.
            _logger.LogWarning("Slack {Method} failed with {Error} for a {Visibility} reply in {Channel}", ex.Method, ex.Error, reply.Visibility, reply.Channel);
            MarkDone(eventKey, seq);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // Slack may or may not have posted it. From the outbox it stays unsent: recovery checks Slack before posting it again.
            _logger.LogWarning("Slack unreachable for a {Visibility} reply in {Channel} ({Error})", reply.Visibility, reply.Channel, ex.GetType().Name);
        }
        finally
        {
            if (marker is not null)
            {
                _sending.TryRemove(marker, out _);
            }
        }
    }

    private void MarkDone(string? eventKey, int seq)
    {
        if (eventKey is not null)
        {
            _inbox?.Sent(eventKey, seq);
        }
    }

    /// <summary>Writes the handled and sent marks still waiting; then no more events are taken.</summary>
    public Task StopDeliveryAsync() => _inbox?.StopAsync() ?? Task.CompletedTask;
}
