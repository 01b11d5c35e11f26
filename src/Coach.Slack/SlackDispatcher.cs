using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Api;
using Coach.Slack.Delivery;
using Coach.Slack.Inbound;
using Coach.Slack.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Slack;

/// <summary>
/// The part both modes share: deduplicates accepted events, stores them in the inbox when the store has one, queues them
/// off the receive path (one channel in order), calls the engine and sends what it returns through the Web API.
/// </summary>
public sealed partial class SlackDispatcher : IDisposable
{
    /// <summary>Button id the transport adds when a form cannot open at once (no fresh trigger): pressing it opens the form.</summary>
    public const string OpenFormActionId = "coach_open_form";

    private const int MaxThreadOpenedDepth = 3;

    private readonly ICoachEngine _engine;
    private readonly SlackApiClient _api;
    private readonly DedupeCache _dedupe;
    private readonly KeyedWorkQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackDispatcher> _logger;
    private readonly SlackOptions _options;
    private readonly InboxWriter? _inbox;
    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingForm> _pendingForms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SlackUser? User, DateTimeOffset Until)> _users = new(StringComparer.Ordinal);
    private static readonly TimeSpan UserCacheTime = TimeSpan.FromMinutes(10);

    /// <param name="delivery">The store's inbox and outbox; without it events are handled from memory only (tests, the load harness's echo engine).</param>
    public SlackDispatcher(ICoachEngine engine, SlackApiClient api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackDispatcher> logger,
        IDeliveryStore? delivery = null)
    {
        _engine = engine;
        _api = api;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _dedupe = new DedupeCache(options.Value.DedupeWindow, time);
        _queue = new KeyedWorkQueue(options.Value.MaxConcurrentWork, logger);
        _inbox = delivery is null ? null : new InboxWriter(delivery, time, logger);
    }

    /// <summary>Raised after an event's replies were all sent, with the time from receipt (load harness, metrics).</summary>
    public event Action<SlackWork, TimeSpan>? Handled;

    public int Pending => _queue.Pending;

    /// <summary>Remembers keys (e.g. an envelope id) without handling anything; false if one was seen already.</summary>
    public bool Claim(IEnumerable<string> keys) => _dedupe.TryClaim(keys);

    /// <summary>
    /// Takes one event: drops it if it was seen before, otherwise queues it for its channel's work and, when there is an
    /// inbox, for the store. Never waits for the work itself. Completes with true once the event may be acknowledged
    /// (stored, usually by its own turn's commit, or seen before), false when the store could not take it: then it is
    /// not acknowledged, so Slack sends it again.
    /// </summary>
    public Task<bool> AcceptAsync(SlackWork work)
    {
        if (!_dedupe.TryClaim(work.DedupeKeys))
        {
            _logger.LogDebug("Dropped repeated Slack event {EventId}", work.Incoming.EventId);
            return Task.FromResult(true);
        }
        if (work.ReceivedTimestamp == 0)
        {
            work = work with { ReceivedTimestamp = _time.GetTimestamp() };
        }
        if (_inbox is null)
        {
            Enqueue(work);
            return Task.FromResult(true);
        }
        return StoreAsync(work);
    }

    /// <summary>Queues the event for the store's inbox and starts handling it at once: the turn's own commit usually writes
    /// it (as handled), so the acknowledgement waits for that commit rather than for a write of its own.</summary>
    private async Task<bool> StoreAsync(SlackWork work)
    {
        Task<bool> stored = _inbox!.QueueAsync(SlackInbox.Entry(work, _time.GetUtcNow()));
        Enqueue(work);
        if (await stored)
        {
            return true;
        }
        // Not stored, so not acknowledged: Slack sends it again. The redelivery must not be taken for a repeat; the turn
        // started for this copy cannot commit either while the store refuses writes (and if it did, the engine drops
        // the redelivery as handled).
        _dedupe.Release(work.DedupeKeys);
        return false;
    }

    private void Enqueue(SlackWork work) => _queue.Enqueue(work.OrderingKey, ct => HandleAsync(work, ct));

    public Task WhenIdleAsync(CancellationToken ct) => _queue.WhenIdleAsync(ct);

    public void Cancel() => _queue.Cancel();

    private async Task HandleAsync(SlackWork work, CancellationToken ct)
    {
        // with the inbox, every event here was stored before its ack: its replies go through the outbox, and while the store
        // is down it waits in the inbox for the sweep rather than asking the person to send it again
        var incoming = work.Incoming with { Durable = _inbox is not null, InInbox = _inbox is not null };
        _logger.LogInformation("Slack {Kind} {EventId} in {Channel}", incoming.Kind, incoming.EventId, incoming.Channel);
        var state = new WorkState(work.TriggerId) { ResponseUrl = work.ResponseUrl };
        if (incoming.Kind == IncomingKind.Button && incoming.ActionId == OpenFormActionId)
        {
            await OpenPendingFormAsync(incoming, state, ct);
        }
        else
        {
            if (incoming.Kind == IncomingKind.Command && !incoming.IsDirect)
            {
                incoming = incoming with { CanManage = await CanManageAsync(incoming.Workspace, incoming.User, ct) };
            }
            IReadOnlyList<Outgoing> replies;
            bool fromOutbox = incoming.Durable;
            try
            {
                replies = await _engine.HandleAsync(incoming, ct);
            }
            catch (StoreUnavailableException)
            {
                // Safe in the inbox and not handled (or, if the store could not take it either, not acknowledged: Slack
                // sends it again): no reply and no handled mark. The sweep takes it up once the store is back; this worker
                // forgets it so that sweep's claim (or the redelivery) is not taken for a repeat.
                _dedupe.Release(work.DedupeKeys);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogError(ex, "The coaching engine failed on Slack {Kind} {EventId}", incoming.Kind, incoming.EventId);
                replies = incoming.Kind is IncomingKind.ThreadOpened ? [] : [Apology(incoming)];
                fromOutbox = false;
            }
            await SendAllAsync(replies, incoming, state, 0, ct, fromOutbox);
        }
        _inbox?.Handled(SlackInbox.KeyOf(incoming));
        Handled?.Invoke(work, _time.GetElapsedTime(work.ReceivedTimestamp));
    }

    /// <summary>Sends one message with no event behind it (daily prompts). Errors reach the caller.</summary>
    public Task SendProactiveAsync(string workspace, Outgoing message, CancellationToken ct)
    {
        var context = new Incoming(Platforms.Slack, workspace, message.Channel, message.Thread, message.User,
            $"proactive:{Guid.NewGuid():N}", _time.GetUtcNow(), IncomingKind.Message, IsDirect: false);
        return SendAsync(message, context, new WorkState(null), MaxThreadOpenedDepth, ct);
    }

    /// <summary>Workspace admins and owners may manage channel-wide settings (from <c>users.info</c>, cached a few minutes).</summary>
    private async Task<bool> CanManageAsync(string workspace, string user, CancellationToken ct) =>
        await UserAsync(workspace, user, ct) is { } u && (u.IsAdmin || u.IsOwner);

    /// <summary><c>users.info</c>, cached for a few minutes (also when it fails, so a failing lookup is not retried per event).</summary>
    private async Task<SlackUser?> UserAsync(string workspace, string user, CancellationToken ct)
    {
        var key = workspace + "/" + user;
        var now = _time.GetUtcNow();
        if (_users.TryGetValue(key, out var known) && known.Until > now)
        {
            return known.User;
        }
        SlackUser? info = null;
        try
        {
            info = await _api.GetUserAsync(user, ct);
        }
        catch (SlackApiException ex)
        {
            _logger.LogWarning("Slack users.info failed with {Error}", ex.Error);
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning("Slack users.info failed ({Error})", ex.GetType().Name);
        }
        if (_users.Count > 50_000)
        {
            _users.Clear();
        }
        _users[key] = (info, now + UserCacheTime);
        return info;
    }

    /// <summary>
    /// Slack has no way to show a user mention without notifying the person, and an engine text can carry a mention a
    /// person typed. So every <c>&lt;@U…&gt;</c> in a reply becomes the person's name as plain text: readable, never a ping.
    /// </summary>
    private async Task<Outgoing> NameMentionsAsync(Outgoing reply, string workspace, CancellationToken ct)
    {
        var texts = new List<string?> { reply.Text, reply.OpenThreadTitle };
        if (reply.Card is { } c)
        {
            texts.AddRange([c.Title, c.Body, c.Footer]);
            texts.AddRange(c.Fields.SelectMany(f => new[] { f.Name, f.Value, f.Quote }));
            texts.AddRange(c.Lists.SelectMany(l => l.Items.Prepend(l.Title)));
            texts.AddRange(c.Bars.SelectMany(b => new[] { b.Label, b.Caption }));
        }
        var ids = texts.Where(t => t is not null && t.Contains("<@", StringComparison.Ordinal))
            .SelectMany(t => UserMention().Matches(t!).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .Take(20)
            .ToList();
        if (ids.Count == 0)
        {
            return reply;
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            names[id] = (await UserAsync(workspace, id, ct))?.Name ?? id;
        }
        string? Name(string? text) => text is null || !text.Contains("<@", StringComparison.Ordinal)
            ? text
            : UserMention().Replace(text, m => "@" + (names.TryGetValue(m.Groups[1].Value, out var n) ? n : m.Groups[1].Value));
        return reply with
        {
            Text = Name(reply.Text)!,
            OpenThreadTitle = Name(reply.OpenThreadTitle),
            Card = reply.Card is not { } card ? null : card with
            {
                Title = Name(card.Title)!,
                Body = Name(card.Body),
                Footer = Name(card.Footer),
                Fields = [.. card.Fields.Select(f => f with { Name = Name(f.Name)!, Value = Name(f.Value)!, Quote = Name(f.Quote) })],
                Lists = [.. card.Lists.Select(l => l with { Title = Name(l.Title)!, Items = [.. l.Items.Select(i => Name(i)!)] })],
                Bars = [.. card.Bars.Select(b => b with { Label = Name(b.Label)!, Caption = Name(b.Caption)! })],
            },
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<@([UW][A-Z0-9]{1,30})(?:\|[^>]*)?>")]
    private static partial System.Text.RegularExpressions.Regex UserMention();

    /// <param name="fromOutbox">The replies are the outbox's rows of <paramref name="incoming"/>'s event, numbered in order:
    /// each is posted with a marker and marked sent once Slack took it (or refused it for good).</param>
    private async Task SendAllAsync(IReadOnlyList<Outgoing> replies, Incoming incoming, WorkState state, int depth, CancellationToken ct, bool fromOutbox = false)
    {
        for (int seq = 0; seq < replies.Count; seq++)
        {
            await SendOneAsync(replies[seq], incoming, state, depth, fromOutbox ? SlackInbox.KeyOf(incoming) : null, seq, ct);
        }
    }

    /// <summary>Sends one reply; returns the ts of the first message posted for it, if any.</summary>
    private async Task<string?> SendAsync(Outgoing reply, Incoming incoming, WorkState state, int depth, CancellationToken ct)
    {
        reply = await NameMentionsAsync(reply, incoming.Workspace, ct);
        if (reply.Form is { } form)
        {
            if (state.TriggerId is { } trigger)
            {
                state.TriggerId = null; // a trigger opens one view
                try
                {
                    await _api.OpenViewAsync(trigger, BlockKitRenderer.RenderModal(form, SlackInboundParser.WriteViewMetadata(reply.Channel, reply.Thread)), ct);
                    return null;
                }
                catch (SlackApiException ex)
                {
                    // e.g. expired_trigger_id (a trigger lives 3 s): offer the button instead.
                    _logger.LogWarning("Slack views.open failed with {Error}; offering the form as a button", ex.Error);
                }
            }
            // No fresh trigger (a plain message asked for a form): offer a button whose press brings one.
            RememberForm(reply.User, form, reply.Channel, reply.Thread);
            reply = reply with
            {
                Form = null,
                Buttons = [.. reply.ButtonsOrEmpty, new ActionButton(OpenFormActionId, SlackTextOr(form.Title, "Open form"), ButtonStyle.Primary, form.Id)],
            };
        }

        string? ts = await PostAsync();
        await ShareAttachmentAsync(reply, incoming, ct);
        return ts;

        async Task<string?> PostAsync()
        {
            switch (reply.Visibility)
            {
                case Visibility.Ephemeral when !string.IsNullOrEmpty(reply.Channel):
                    // not in the channel's history, so not checked before a re-post: after a crash it may show twice (to one person, for a while)
                    foreach (var m in BlockKitRenderer.Render(reply))
                    {
                        await _api.PostEphemeralAsync(reply.Channel, reply.User, m, reply.Thread, ct);
                    }
                    return null;
                case Visibility.Direct or Visibility.Ephemeral:
                    var dm = await DirectChannelAsync(reply.User, incoming, ct);
                    return (await PostAllAsync(dm, null, reply, state, ct))?.Ts;
                case Visibility.Thread when reply.Thread is not null:
                    return (await PostAllAsync(reply.Channel, reply.Thread, reply, state, ct))?.Ts;
                case Visibility.Thread when reply.OpenThreadTitle is not null:
                    var root = await PostAllAsync(reply.Channel, null, reply, state, ct);
                    if (root is not null && depth < MaxThreadOpenedDepth)
                    {
                        var opened = new Incoming(Platforms.Slack, incoming.Workspace, root.Channel, root.Ts, incoming.User,
                            $"thread:{root.Channel}:{root.Ts}", _time.GetUtcNow(), IncomingKind.ThreadOpened,
                            Text: reply.OpenThreadTitle, IsDirect: incoming.IsDirect, UserDisplayName: incoming.UserDisplayName);
                        IReadOnlyList<Outgoing> more;
                        try
                        {
                            more = await _engine.HandleAsync(opened with { Durable = _inbox is not null }, ct);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            _logger.LogError(ex, "The coaching engine failed on Slack ThreadOpened in {Channel}", root.Channel);
                            return root.Ts;
                        }
                        await SendAllAsync(more, opened, state, depth + 1, ct, fromOutbox: _inbox is not null);
                    }
                    return root?.Ts;
                default:
                    return (await PostAllAsync(reply.Channel, null, reply, state, ct))?.Ts;
            }
        }
    }

    /// <summary>Posts every piece of one reply; returns the first posted message (a thread opens on it).</summary>
    private async Task<PostedMessage?> PostAllAsync(string channel, string? thread, Outgoing reply, WorkState state, CancellationToken ct)
    {
        PostedMessage? first = null;
        string? marker = state.Marker;
        int piece = 0;
        foreach (var m in BlockKitRenderer.Render(reply))
        {
            string? pieceMarker = marker is null ? null : $"{marker}#{piece++}";
            // after a crash: a piece Slack already has (found by its marker) is not posted again
            var posted = state.Recovering && pieceMarker is not null && await _api.FindPostedAsync(channel, thread, pieceMarker, state.Since, ct) is { } ts
                ? new PostedMessage(channel, ts)
                : await _api.PostMessageAsync(channel, m, thread, ct, pieceMarker);
            if (first is null)
            {
                first = posted;
                // Later pieces of a message that opens a thread go into that thread.
                thread ??= reply.Visibility == Visibility.Thread ? posted.Ts : null;
            }
        }
        return first;
    }

    private async Task PostViaResponseUrlAsync(Outgoing reply, WorkState state, CancellationToken ct)
    {
        try
        {
            if (!state.InviteHintSent)
            {
                state.InviteHintSent = true;
                state.ResponseUses++;
                await _api.PostToResponseUrlAsync(state.ResponseUrl!, new SlackMessage(SlackText.Escape("I'm not in this channel yet, so only you can see my replies here. Invite me with /invite @Coach, or talk to me in a DM.")), ct);
            }
            foreach (var m in BlockKitRenderer.Render(reply with { OpenThreadTitle = null }))
            {
                if (state.ResponseUses >= 5)
                {
                    break;
                }
                state.ResponseUses++;
                await _api.PostToResponseUrlAsync(state.ResponseUrl!, m, ct);
            }
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            _logger.LogWarning("Slack response_url post failed ({Error})", ex is SlackApiException s ? s.Error : ex.GetType().Name);
        }
    }

    private async Task<string> DirectChannelAsync(string user, Incoming incoming, CancellationToken ct)
    {
        if (incoming.IsDirect && incoming.User == user && !string.IsNullOrEmpty(incoming.Channel))
        {
            return incoming.Channel;
        }
        if (_dmChannels.TryGetValue(user, out var known))
        {
            return known;
        }
        var channel = await _api.OpenConversationAsync(user, ct);
        if (_dmChannels.Count > 50_000)
        {
            _dmChannels.Clear();
        }
        _dmChannels[user] = channel;
        return channel;
    }

    private void RememberForm(string user, FormRequest form, string channel, string? thread)
    {
        if (_pendingForms.Count > 10_000)
        {
            _pendingForms.Clear();
        }
        _pendingForms[$"{user}:{form.Id}"] = new PendingForm(form, channel, thread);
    }

    private async Task OpenPendingFormAsync(Incoming incoming, WorkState state, CancellationToken ct)
    {
        if (state.TriggerId is null || !_pendingForms.TryGetValue($"{incoming.User}:{incoming.ActionValue}", out var pending))
        {
            _logger.LogInformation("Form button pressed with no form waiting ({EventId})", incoming.EventId);
            return;
        }
        try
        {
            await _api.OpenViewAsync(state.TriggerId, BlockKitRenderer.RenderModal(pending.Form, SlackInboundParser.WriteViewMetadata(pending.Channel, pending.Thread)), ct);
        }
        catch (SlackApiException ex)
        {
            _logger.LogWarning("Slack {Method} failed with {Error}", ex.Method, ex.Error);
        }
    }

    /// <summary>Said when the engine failed: only to the person (in their DM, or ephemeral where they wrote).</summary>
    private static Outgoing Apology(Incoming i) =>
        new(i.IsDirect ? Visibility.Channel : Visibility.Ephemeral, i.Channel, i.Thread, i.User,
            "Sorry, something went wrong on my side and I couldn't handle that. Please try again in a moment.");

    private static string SlackTextOr(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;

    public void Dispose()
    {
        _queue.Dispose();
        _inbox?.Dispose();
    }

    private sealed record PendingForm(FormRequest Form, string Channel, string? Thread);

    private sealed class WorkState(string? triggerId)
    {
        public string? TriggerId { get; set; } = triggerId;

        public string? ResponseUrl { get; init; }

        public int ResponseUses { get; set; }

        public bool InviteHintSent { get; set; }

        /// <summary>The outbox row being sent (<c>event key#seq</c>): its posts carry it as metadata.</summary>
        public string? Marker { get; set; }

        /// <summary>Sending rows a dead worker left: look for each piece in Slack (posted since <see cref="Since"/>) before posting it.</summary>
        public bool Recovering { get; init; }

        public DateTimeOffset Since { get; init; }
    }
}
