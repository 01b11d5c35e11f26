using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Coach.Core.Conversation;
using Coach.Discord.Channels;
using Coach.Discord.Commands;
using Coach.Discord.Gateway;
using Coach.Discord.Inbound;
using Coach.Discord.Payloads;
using Coach.Discord.Rendering;
using Coach.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord;

/// <summary>Coach on Discord: gateway events in, engine, rendered replies out. Events of one channel are handled in
/// order on one lane; interactions are acknowledged within Discord's 3 s whatever the engine's pace.</summary>
public sealed class DiscordTransport : BackgroundService, ITransportHealth
{
    internal const string FormButtonPrefix = "coach-form:";
    private const int MaxThreadOpenedDepth = 2;
    private readonly DiscordGatewayClient _gateway;
    private readonly DiscordRestClient _rest;
    private readonly DiscordCommandRegistrar _registrar;
    private readonly ICoachEngine _engine;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordTransport> _log;
    private readonly RecentIds _seen = new();
    private readonly ChannelDirectory _channels = new();
    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingForm> _pendingForms = new(StringComparer.Ordinal);
    private readonly Lock _healthLock = new();
    private Channel<WorkItem>[] _lanes = [];
    private TransportHealth _health;
    private CancellationTokenSource? _stopCts;
    private int _registeredFromReady;
    private readonly Coach.Core.Storage.ITransportStateStore? _stateStore;
    // sequences of received messages not yet answered, for the point a restarted worker resumes from
    private readonly Lock _resumeLock = new();
    private readonly SortedSet<int> _inFlight = [];
    private int _lastReceivedSeq;
    private int _generation;
    private string? _savedResumeState;

    public DiscordTransport(
        DiscordGatewayClient gateway,
        DiscordRestClient rest,
        DiscordCommandRegistrar registrar,
        ICoachEngine engine,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordTransport> log,
        Coach.Core.Storage.ITransportStateStore? stateStore = null)
    {
        _stateStore = options.Value.ResumeAcrossRestarts ? stateStore : null;
        _gateway = gateway;
        _rest = rest;
        _registrar = registrar;
        _engine = engine;
        _options = options.Value;
        _time = time;
        _log = log;
        _health = new TransportHealth(Platforms.Discord, TransportState.Starting, null, time.GetUtcNow());
        _gateway.StateChanged += (state, reason) => SetHealth(state, state == TransportState.Stopped ? reason : null);
        _rest.Unauthorized += reason =>
        {
            SetHealth(TransportState.Stopped, reason);
            _stopCts?.Cancel();
        };
    }

    public TransportHealth Current
    {
        get
        {
            lock (_healthLock)
            {
                return _health;
            }
        }
    }

    /// <summary>For the load harness: the event type, the time from the event's arrival to its first reply sent, and
    /// how much of that was spent waiting on Discord's HTTP answers.</summary>
    internal Action<string, TimeSpan, TimeSpan>? ReplySent { get; set; }

    private void SetHealth(TransportState state, string? reason)
    {
        lock (_healthLock)
        {
            if (_health.State == TransportState.Stopped)
            {
                return; // stopped is for good
            }
            if (_health.State != state || _health.Reason != reason)
            {
                _health = new TransportHealth(Platforms.Discord, state, reason, _time.GetUtcNow());
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _stopCts = stop;
        if (_rest.IsStopped)
        {
            return;
        }
        _lanes = Enumerable.Range(0, _options.EventLanes)
            .Select(_ => Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        // Lanes finish the events already received when the host stops (bounded below), so none is dropped half-way.
        using var drain = new CancellationTokenSource();
        var workers = _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader, drain.Token), CancellationToken.None)).ToArray();
        _gateway.OnDispatch = OnDispatchAsync;

        if (_options.RegisterCommandsOnStart && !string.IsNullOrEmpty(_options.ApplicationId))
        {
            try
            {
                await _registrar.RegisterAsync(false, null, stop.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log.LogWarning("Discord command registration failed: {Error}", ex.Message);
            }
        }

        await SeedFromPreviousRunAsync(stop.Token);
        Task saver = _stateStore is null ? Task.CompletedTask : Task.Run(() => SaveResumeStateLoopAsync(stop.Token), CancellationToken.None);
        try
        {
            await _gateway.RunAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Discord gateway ended with an error");
            SetHealth(TransportState.Stopped, "gateway failed: " + ex.GetType().Name);
        }
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        drain.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(12), CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _log.LogWarning("Discord transport stopped before every received event was answered");
        }
        await stop.CancelAsync();
        await saver;
        // the last word: the point the next run resumes from, after the lanes finished what they could
        await SaveResumeStateAsync(CancellationToken.None);
    }

    // ---- resuming across restarts ----

    private string ResumeStateKey => $"discord:{_options.ApplicationId}:{_options.ShardId ?? 0}/{_options.ShardCount ?? 1}";

    private sealed record ResumeState(string SessionId, string ResumeUrl, int Sequence, string? BotUserId = null, string? ApplicationId = null);

    private async Task SeedFromPreviousRunAsync(CancellationToken ct)
    {
        if (_stateStore is null)
        {
            return;
        }
        try
        {
            if (await _stateStore.GetTransportStateAsync(ResumeStateKey, ct) is not { } saved)
            {
                return;
            }
            TimeSpan age = _time.GetUtcNow() - saved.SavedAt;
            if (age > _options.ResumeStateMaxAge || JsonSerializer.Deserialize<ResumeState>(saved.Value, DiscordJson.Options) is not { } state)
            {
                _log.LogInformation("Discord session from the previous run is too old to resume; identifying anew");
                return;
            }
            _gateway.Seed(state.SessionId, state.ResumeUrl, state.Sequence, state.BotUserId, state.ApplicationId);
            lock (_resumeLock)
            {
                _lastReceivedSeq = state.Sequence;
            }
            _savedResumeState = saved.Value;
            _log.LogInformation("Discord resuming the previous run's session from sequence {Seq}", state.Sequence);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning("Discord could not read the previous run's session: {Error}", ex.GetType().Name);
        }
    }

    private async Task SaveResumeStateLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ResumeStateSaveInterval, _time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await SaveResumeStateAsync(ct);
        }
    }

    /// <summary>Saves the session with the highest sequence below which every received message was answered: a run
    /// that resumes from it gets the unanswered ones replayed (the engine drops any it already handled).</summary>
    private async Task SaveResumeStateAsync(CancellationToken ct)
    {
        if (_stateStore is null || _gateway.SessionId is not { } session || _gateway.ResumeUrl is not { } url)
        {
            return;
        }
        int lowWater;
        lock (_resumeLock)
        {
            lowWater = _inFlight.Count > 0 ? _inFlight.Min - 1 : _lastReceivedSeq;
        }
        string value = JsonSerializer.Serialize(new ResumeState(session, url, lowWater, _gateway.BotUserId, _gateway.ApplicationId), DiscordJson.Options);
        if (value == _savedResumeState)
        {
            return;
        }
        try
        {
            await _stateStore.SaveTransportStateAsync(ResumeStateKey, value, _time.GetUtcNow(), ct);
            _savedResumeState = value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning("Discord could not save its session for the next run: {Error}", ex.GetType().Name);
        }
    }

    /// <summary>Notes a received dispatch (and, when tracked, that its message awaits an answer); returns the session generation.</summary>
    private int Received(GatewayDispatch dispatch, bool track)
    {
        lock (_resumeLock)
        {
            if (dispatch.Type == "READY")
            {
                // a new session numbers its events from 1 again
                _generation++;
                _inFlight.Clear();
                _lastReceivedSeq = dispatch.Sequence;
            }
            else if (dispatch.Sequence > _lastReceivedSeq)
            {
                _lastReceivedSeq = dispatch.Sequence;
            }
            if (track)
            {
                _inFlight.Add(dispatch.Sequence);
            }
            return _generation;
        }
    }

    private void Answered(WorkItem item)
    {
        lock (_resumeLock)
        {
            if (item.Generation == _generation)
            {
                _inFlight.Remove(item.Dispatch.Sequence);
            }
        }
    }

    // ---- receiving ----

    private ValueTask OnDispatchAsync(GatewayDispatch dispatch)
    {
        try
        {
            if (dispatch.Type != "MESSAGE_CREATE")
            {
                Received(dispatch, track: false);
            }
            switch (dispatch.Type)
            {
                case "READY" when _options.RegisterCommandsOnStart && string.IsNullOrEmpty(_options.ApplicationId) && _gateway.ApplicationId is { } app
                                  && Interlocked.Exchange(ref _registeredFromReady, 1) == 0:
                    _ = RegisterFromReadyAsync(app);
                    break;
                case "GUILD_CREATE":
                    var guild = dispatch.Data.Deserialize<GuildCreateWithChannels>(DiscordJson.Options);
                    foreach (var c in (guild?.Channels ?? []).Concat(guild?.Threads ?? []))
                    {
                        _channels.Record(c);
                    }
                    break;
                case "THREAD_CREATE" or "THREAD_UPDATE" or "CHANNEL_CREATE" or "CHANNEL_UPDATE":
                    _channels.Record(dispatch.Data.Deserialize<DiscordChannel>(DiscordJson.Options)!);
                    break;
                case "THREAD_DELETE" or "CHANNEL_DELETE":
                    _channels.Remove(dispatch.Data.Deserialize<DiscordChannel>(DiscordJson.Options)!.Id);
                    break;
                case "THREAD_LIST_SYNC":
                    foreach (var t in dispatch.Data.Deserialize<ThreadListSync>(DiscordJson.Options)?.Threads ?? [])
                    {
                        _channels.Record(t);
                    }
                    break;
                case "MESSAGE_CREATE":
                    var message = dispatch.Data.Deserialize<DiscordMessage>(DiscordJson.Options)!;
                    bool forCoach = IsForCoach(message) && _seen.TryAdd("m:" + message.Id);
                    int generation = Received(dispatch, track: forCoach);
                    if (forCoach)
                    {
                        return Enqueue(message.ChannelId, new WorkItem(dispatch, message, null, generation));
                    }
                    break;
                case "INTERACTION_CREATE":
                    var interaction = dispatch.Data.Deserialize<Interaction>(DiscordJson.Options)!;
                    if (_seen.TryAdd("i:" + interaction.Id))
                    {
                        var state = new InteractionState(interaction);
                        // The deadline runs on its own timer: a slow engine or store never delays the acknowledgement.
                        state.Timer = _time.CreateTimer(_ => _ = AcknowledgeAsync(state), null, _options.InteractionDeferAfter, Timeout.InfiniteTimeSpan);
                        return Enqueue(interaction.ChannelId ?? interaction.Id, new WorkItem(dispatch, null, state));
                    }
                    break;
            }
        }
        catch (JsonException ex)
        {
            _log.LogWarning("Discord {Event} could not be read: {Error}", dispatch.Type, ex.Message);
        }
        return ValueTask.CompletedTask;
    }

    private async Task RegisterFromReadyAsync(string applicationId)
    {
        try
        {
            await _registrar.RegisterAsync(false, applicationId, _stopCts?.Token ?? CancellationToken.None);
        }
        catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException or OperationCanceledException or DiscordUnauthorizedException)
        {
            _log.LogWarning("Discord command registration failed: {Error}", ex.Message);
        }
    }

    private bool IsForCoach(DiscordMessage message)
    {
        if (message.Author.Bot == true || message.Author.System == true || message.WebhookId is not null)
        {
            return false; // never answer ourselves or other bots
        }
        if (message.Author.Id == _gateway.BotUserId)
        {
            return false;
        }
        return message.Type is 0 or 19 && !string.IsNullOrWhiteSpace(message.Content);
    }

    private ValueTask Enqueue(string key, WorkItem item)
    {
        var lanes = _lanes;
        if (lanes.Length == 0)
        {
            return ValueTask.CompletedTask;
        }
        var lane = lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)lanes.Length)];
        return lane.Writer.WriteAsync(item);
    }

    private async Task RunLaneAsync(ChannelReader<WorkItem> reader, CancellationToken ct)
    {
        await foreach (var item in reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (item.Message is not null)
                {
                    await HandleMessageAsync(item.Dispatch, item.Message, ct);
                }
                else if (item.Interaction is not null)
                {
                    await HandleInteractionAsync(item.Dispatch, item.Interaction, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _log.LogError("Discord {Event} failed: {Error}", item.Dispatch.Type, ex.GetType().Name + ": " + ex.Message);
            }
            if (item.Message is not null)
            {
                Answered(item);
            }
        }
    }

    private async Task HandleMessageAsync(GatewayDispatch dispatch, DiscordMessage message, CancellationToken ct)
    {
        string workspace;
        string channel = message.ChannelId;
        string? thread = null;
        bool direct = message.GuildId is null;
        if (direct)
        {
            workspace = "@dm";
        }
        else
        {
            workspace = message.GuildId!;
            var info = await ChannelInfoAsync(message.ChannelId, ct);
            if (info is null || !info.IsThread || info.OwnerId != _gateway.BotUserId)
            {
                return; // Coach answers plain messages only in DMs and in the threads it opened
            }
            channel = info.ParentId ?? message.ChannelId;
            thread = message.ChannelId;
        }
        var incoming = new Incoming(
            Platforms.Discord, workspace, channel, thread, message.Author.Id, message.Id, _time.GetUtcNow(),
            IncomingKind.Message, Text: message.Content, IsDirect: direct,
            UserDisplayName: message.Member?.Nick ?? message.Author.GlobalName ?? message.Author.Username);
        _log.LogDebug("Discord message {Id} in {Channel}", message.Id, message.ChannelId);
        var ctx = new ReplyContext(incoming, null, dispatch);
        await RunEngineAndReplyAsync(ctx, incoming, ct);
    }

    private async Task<ChannelDirectory.ChannelInfo?> ChannelInfoAsync(string channelId, CancellationToken ct)
    {
        var info = _channels.Find(channelId);
        if (info is not null)
        {
            return info;
        }
        try
        {
            var channel = await _rest.GetChannelAsync(channelId, ct);
            _channels.Record(channel);
            return _channels.Find(channelId);
        }
        catch (DiscordHttpException ex)
        {
            _log.LogWarning("Discord channel lookup failed ({Status})", (int)ex.Status);
            return null;
        }
    }

    private async Task HandleInteractionAsync(GatewayDispatch dispatch, InteractionState state, CancellationToken ct)
    {
        var i = state.Interaction;
        var user = i.Member?.User ?? i.User;
        if (user is null)
        {
            await AcknowledgeAsync(state);
            return;
        }
        bool direct = i.GuildId is null;
        string channel = i.ChannelId ?? "";
        string? thread = null;
        if (i.Channel is { } ch && ChannelTypes.IsThread(ch.Type))
        {
            _channels.Record(ch);
            thread = ch.Id;
            channel = ch.ParentId ?? ch.Id;
        }
        var at = _time.GetUtcNow();
        var baseIncoming = new Incoming(Platforms.Discord, direct ? "@dm" : i.GuildId!, channel, thread, user.Id, i.Id, at, IncomingKind.Message,
            IsDirect: direct, UserDisplayName: i.Member?.Nick ?? user.GlobalName ?? user.Username, CanManage: i.Member?.CanManageChannel == true);

        Incoming? incoming = null;
        switch (i.Type)
        {
            case InteractionType.Command when i.Data?.Name == CoachCommands.Name:
                var sub = i.Data.Options?.FirstOrDefault(o => o.Type == 1);
                if (sub is not null)
                {
                    incoming = baseIncoming with { Kind = IncomingKind.Command, Command = sub.Name, Text = CommandText(sub) };
                }
                break;
            case InteractionType.Component when i.Data?.CustomId is { } customId:
                if (customId.StartsWith(FormButtonPrefix, StringComparison.Ordinal))
                {
                    await OpenPendingFormAsync(state, customId[FormButtonPrefix.Length..], ct);
                    return;
                }
                (string actionId, string? actionValue) = DiscordRenderer.ParseButtonCustomId(customId);
                incoming = baseIncoming with { Kind = IncomingKind.Button, ActionId = actionId, ActionValue = actionValue };
                break;
            case InteractionType.ModalSubmit when i.Data?.CustomId is { } formId:
                incoming = baseIncoming with { Kind = IncomingKind.Form, FormId = formId, FormValues = FormValues(i.Data.Components) };
                break;
        }
        if (incoming is null)
        {
            await AcknowledgeAsync(state);
            await FinishInteractionAsync(new ReplyContext(baseIncoming, state, dispatch), "Coach does not know that command.", ct);
            return;
        }
        _log.LogDebug("Discord interaction {Id} ({Kind})", i.Id, incoming.Kind);
        var ctx = new ReplyContext(incoming, state, dispatch);
        await RunEngineAndReplyAsync(ctx, incoming, ct);
        await FinishInteractionAsync(ctx, null, ct);
    }

    /// <summary>The sub-command's option values joined with spaces, in the order the command set defines them.</summary>
    internal static string CommandText(CommandOptionValue sub)
    {
        var order = CoachCommands.SubCommands.FirstOrDefault(s => s.Name == sub.Name)?.Options?.Select(o => o.Name).ToList() ?? [];
        var values = (sub.Options ?? [])
            .OrderBy(o => order.IndexOf(o.Name) is var k && k < 0 ? int.MaxValue : k)
            .Select(o => o.Value is not { } v ? null
                : o.Type == 6 ? $"<@{(v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())}>" // a user option: the engine reads mentions
                : v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())
            .Where(v => !string.IsNullOrWhiteSpace(v));
        return string.Join(' ', values);
    }

    internal static IReadOnlyDictionary<string, string> FormValues(IReadOnlyList<SubmittedComponent>? components)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(SubmittedComponent c)
        {
            if (c.CustomId is not null && c.Value is not null)
            {
                values[c.CustomId] = c.Value;
            }
            if (c.Component is not null)
            {
                Walk(c.Component);
            }
            foreach (var child in c.Components ?? [])
            {
                Walk(child);
            }
        }
        foreach (var c in components ?? [])
        {
            Walk(c);
        }
        return values;
    }

    /// <summary>Posts without an incoming event (daily prompts, pairing notes). Failures propagate so the caller can retry.</summary>
    internal async Task SendProactiveAsync(string workspace, Outgoing message, CancellationToken ct)
    {
        bool direct = workspace == "@dm";
        var incoming = new Incoming(Platforms.Discord, workspace, message.Channel, message.Thread, message.User, "proactive:" + Guid.NewGuid().ToString("N"),
            _time.GetUtcNow(), IncomingKind.Message, IsDirect: direct);
        var ctx = new ReplyContext(incoming, null, null);
        await SendReplyAsync(ctx, message, 0, ct);
    }

    // ---- engine and replies ----

    private async Task RunEngineAndReplyAsync(ReplyContext ctx, Incoming incoming, CancellationToken ct)
    {
        IReadOnlyList<Outgoing> replies;
        try
        {
            replies = await _engine.HandleAsync(incoming, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogError("Coach engine failed on Discord {Kind} {Id}: {Error}", incoming.Kind, incoming.EventId, ex.GetType().Name);
            replies = [new Outgoing(ctx.Interaction is null ? (incoming.Thread is null ? Visibility.Channel : Visibility.Thread) : Visibility.Ephemeral,
                incoming.Channel, incoming.Thread, incoming.User, "Sorry, something went wrong there. Please try again.")];
        }
        await SendRepliesAsync(ctx, replies, 0, ct);
    }

    private async Task SendRepliesAsync(ReplyContext ctx, IReadOnlyList<Outgoing> replies, int depth, CancellationToken ct)
    {
        // A form can only open as the first answer to a command or button: try that before anything is deferred.
        if (ctx.Interaction is { } state && replies.FirstOrDefault(r => r.Form is not null) is { Form: { } form } && await TryShowModalAsync(state, form))
        {
            ctx.FormShown = form;
        }
        if (ctx.Interaction is not null)
        {
            await AcknowledgeAsync(ctx.Interaction);
        }
        foreach (var reply in replies)
        {
            try
            {
                await SendReplyAsync(ctx, reply, depth, ct);
            }
            catch (DiscordUnauthorizedException)
            {
                throw;
            }
            catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
            {
                _log.LogWarning("Discord reply failed ({Visibility}): {Error}", reply.Visibility, ex.Message);
            }
        }
    }

    private async Task SendReplyAsync(ReplyContext ctx, Outgoing reply, int depth, CancellationToken ct)
    {
        if (reply.Form is { } shown && ReferenceEquals(shown, ctx.FormShown))
        {
            return; // the modal is this reply
        }
        if (reply.Form is { } form)
        {
            // Too late for a modal (already acknowledged): offer a button that opens it.
            var key = Guid.NewGuid().ToString("N")[..16];
            _pendingForms[key] = new PendingForm(form, _time.GetUtcNow());
            PrunePendingForms();
            reply = reply with { Buttons = [.. reply.ButtonsOrEmpty, new ActionButton(FormButtonPrefix + key, DiscordText.Truncate("Open: " + form.Title, 80), ButtonStyle.Primary)] };
        }
        var payloads = DiscordRenderer.Render(reply);
        if (payloads.Count == 0)
        {
            return;
        }
        switch (reply.Visibility)
        {
            case Visibility.Channel:
                await PostAsync(ctx, reply.Channel, payloads, ct);
                break;
            case Visibility.Thread when reply.Thread is not null:
                await PostAsync(ctx, reply.Thread, payloads, ct);
                break;
            case Visibility.Thread when reply.OpenThreadTitle is not null && !ctx.Incoming.IsDirect:
                await OpenThreadAndPostAsync(ctx, reply, payloads, depth, ct);
                break;
            case Visibility.Thread:
                await PostAsync(ctx, reply.Channel, payloads, ct);
                break;
            case Visibility.Ephemeral when ctx.Interaction is { CanFollowUp: true } state:
                foreach (var p in payloads)
                {
                    if (state.AckType == CallbackType.DeferredMessage && !state.OriginalUsed)
                    {
                        state.OriginalUsed = true;
                        await _rest.EditOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, p, ct);
                    }
                    else
                    {
                        await _rest.CreateFollowupAsync(state.Interaction.ApplicationId, state.Interaction.Token, p with { Flags = MessageFlags.Ephemeral }, ct);
                    }
                    NoteReplySent(ctx);
                }
                break;
            case Visibility.Ephemeral:
            case Visibility.Direct:
                var dm = ctx.Incoming.IsDirect && reply.User == ctx.Incoming.User ? ctx.Incoming.Channel : await DmChannelAsync(reply.User, ct);
                await PostAsync(ctx, dm, payloads, ct);
                if (!ctx.Incoming.IsDirect)
                {
                    ctx.Pointer ??= "Sent you a direct message.";
                }
                break;
        }
    }

    private async Task OpenThreadAndPostAsync(ReplyContext ctx, Outgoing reply, IReadOnlyList<MessagePayload> payloads, int depth, CancellationToken ct)
    {
        DiscordChannel thread;
        try
        {
            thread = await _rest.StartThreadAsync(reply.Channel, reply.OpenThreadTitle!, ct);
        }
        catch (DiscordHttpException ex)
        {
            _log.LogWarning("Discord could not open a thread ({Status}); replying in the channel", (int)ex.Status);
            await PostAsync(ctx, reply.Channel, payloads, ct);
            return;
        }
        _channels.Record(thread with { ParentId = thread.ParentId ?? reply.Channel, OwnerId = thread.OwnerId ?? _gateway.BotUserId, Type = ChannelTypes.IsThread(thread.Type) ? thread.Type : ChannelTypes.PublicThread });
        ctx.Pointer = $"Continuing in <#{thread.Id}>.";
        // The engine binds the session to the thread before the prompt appears there, so an answer typed at once
        // (handled on the thread's own lane) already finds its session.
        IReadOnlyList<Outgoing> more = [];
        if (depth < MaxThreadOpenedDepth)
        {
            var opened = ctx.Incoming with
            {
                Channel = reply.Channel,
                Thread = thread.Id,
                EventId = "thread-opened:" + thread.Id,
                At = _time.GetUtcNow(),
                Kind = IncomingKind.ThreadOpened,
                Text = null,
                Command = null,
                ActionId = null,
                ActionValue = null,
                FormId = null,
                FormValues = null,
            };
            more = await _engine.HandleAsync(opened, ct);
        }
        await PostAsync(ctx, thread.Id, payloads, ct);
        await SendRepliesAsync(ctx, more, depth + 1, ct);
    }

    private async Task PostAsync(ReplyContext ctx, string channelId, IReadOnlyList<MessagePayload> payloads, CancellationToken ct)
    {
        foreach (var p in payloads)
        {
            long started = _time.GetTimestamp();
            await _rest.CreateMessageAsync(channelId, p, ct);
            ctx.RestTime += _time.GetElapsedTime(started);
            NoteReplySent(ctx);
        }
    }

    private void NoteReplySent(ReplyContext ctx)
    {
        if (!ctx.ReplySentNoted && ReplySent is { } hook && ctx.Dispatch is not null)
        {
            ctx.ReplySentNoted = true;
            hook(ctx.Dispatch.Type, _time.GetElapsedTime(ctx.Dispatch.ReceivedAt), ctx.RestTime);
        }
    }

    private async Task<string> DmChannelAsync(string userId, CancellationToken ct)
    {
        if (_dmChannels.TryGetValue(userId, out var id))
        {
            return id;
        }
        var channel = await _rest.CreateDmAsync(userId, ct);
        if (_dmChannels.Count > 100_000)
        {
            _dmChannels.Clear();
        }
        _dmChannels[userId] = channel.Id;
        return channel.Id;
    }

    // ---- interaction acknowledgement ----

    /// <summary>Defers the interaction if nothing answered it yet: type 5 (ephemeral) for commands and forms,
    /// type 6 for buttons.</summary>
    private async Task AcknowledgeAsync(InteractionState state)
    {
        await state.Gate.WaitAsync();
        try
        {
            if (state.AckType != 0)
            {
                return;
            }
            var i = state.Interaction;
            var response = i.Type == InteractionType.Component
                ? new InteractionResponse(CallbackType.DeferredUpdate)
                : new InteractionResponse(CallbackType.DeferredMessage, new MessagePayload(AllowedMentions: AllowedMentions.None, Flags: MessageFlags.Ephemeral));
            try
            {
                await _rest.CreateInteractionResponseAsync(i.Id, i.Token, response, CancellationToken.None);
                state.AckType = response.Type;
            }
            catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
            {
                state.AckType = -1;
                _log.LogWarning("Discord interaction {Id} could not be acknowledged: {Error}", i.Id, ex.Message);
            }
        }
        finally
        {
            state.Gate.Release();
            state.Timer?.Dispose();
        }
    }

    private async Task<bool> TryShowModalAsync(InteractionState state, FormRequest form)
    {
        if (state.Interaction.Type == InteractionType.ModalSubmit)
        {
            return false; // a modal cannot answer a modal
        }
        await state.Gate.WaitAsync();
        try
        {
            if (state.AckType != 0)
            {
                return false;
            }
            var i = state.Interaction;
            await _rest.CreateInteractionResponseAsync(i.Id, i.Token, new InteractionResponse(CallbackType.Modal, DiscordRenderer.RenderModal(form)), CancellationToken.None);
            state.AckType = CallbackType.Modal;
            return true;
        }
        catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
        {
            _log.LogWarning("Discord modal could not be shown: {Error}", ex.Message);
            return false;
        }
        finally
        {
            state.Gate.Release();
            state.Timer?.Dispose();
        }
    }

    private async Task OpenPendingFormAsync(InteractionState state, string key, CancellationToken ct)
    {
        if (_pendingForms.TryGetValue(key, out var pending) && await TryShowModalAsync(state, pending.Form))
        {
            return;
        }
        await AcknowledgeAsync(state);
        if (state.CanFollowUp)
        {
            await _rest.CreateFollowupAsync(state.Interaction.ApplicationId, state.Interaction.Token,
                new MessagePayload("That form has expired. Start again with /coach review.", Flags: MessageFlags.Ephemeral), ct);
        }
    }

    private void PrunePendingForms()
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(30);
        foreach (var (key, value) in _pendingForms)
        {
            if (value.At < cutoff)
            {
                _pendingForms.TryRemove(key, out _);
            }
        }
    }

    /// <summary>A deferred "thinking…" reply must be replaced: with a pointer to where the answer went, or a note.</summary>
    private async Task FinishInteractionAsync(ReplyContext ctx, string? note, CancellationToken ct)
    {
        var state = ctx.Interaction!;
        if (state.AckType == CallbackType.DeferredMessage && !state.OriginalUsed)
        {
            state.OriginalUsed = true;
            try
            {
                if ((note ?? ctx.Pointer) is { } text)
                {
                    await _rest.EditOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, new MessagePayload(text), ct);
                }
                else
                {
                    // every reply went elsewhere (the channel, a DM): remove the "thinking…" placeholder
                    await _rest.DeleteOriginalAsync(state.Interaction.ApplicationId, state.Interaction.Token, ct);
                }
            }
            catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException)
            {
                _log.LogWarning("Discord could not finish interaction {Id}: {Error}", state.Interaction.Id, ex.Message);
            }
        }
    }

    private sealed record WorkItem(GatewayDispatch Dispatch, DiscordMessage? Message, InteractionState? Interaction, int Generation = 0);

    private sealed record PendingForm(FormRequest Form, DateTimeOffset At);

    private sealed record GuildCreateWithChannels(string Id, IReadOnlyList<DiscordChannel>? Channels, IReadOnlyList<DiscordChannel>? Threads);

    private sealed class ReplyContext(Incoming incoming, InteractionState? interaction, GatewayDispatch? dispatch)
    {
        public Incoming Incoming { get; } = incoming;
        public InteractionState? Interaction { get; } = interaction;
        public GatewayDispatch? Dispatch { get; } = dispatch;
        public FormRequest? FormShown { get; set; }
        public string? Pointer { get; set; }
        public bool ReplySentNoted { get; set; }
        public TimeSpan RestTime { get; set; }
    }

    private sealed class InteractionState(Interaction interaction)
    {
        public Interaction Interaction { get; } = interaction;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public ITimer? Timer { get; set; }
        /// <summary>0 not yet, -1 failed, else the callback type sent.</summary>
        public int AckType { get; set; }
        public bool OriginalUsed { get; set; }
        /// <summary>Follow-ups need a deferred message or update; after a modal the reply goes by DM instead.</summary>
        public bool CanFollowUp => AckType is CallbackType.DeferredMessage or CallbackType.DeferredUpdate;
    }
}
