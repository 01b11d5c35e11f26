using System.Text.Json;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Channels;
using Coach.Discord.Commands;
using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;
using Coach.Discord.Rest;
using Coach.Discord.Resume;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Inbound;

/// <summary>Every gateway dispatch, in order, on the receive loop: channel events update the directory, READY may register
/// the commands, and messages for Coach and interactions go to their channel's lane (an interaction's deferral timer starts
/// here, so a slow engine never delays the acknowledgement).</summary>
internal sealed class DispatchRouter
{
    private readonly DiscordOptions _options;
    private readonly DiscordGatewayClient _gateway;
    private readonly DiscordCommandRegistrar _registrar;
    private readonly ChannelDirectory _channels;
    private readonly EventLanes _lanes;
    private readonly ResumeTracker _tracker;
    private readonly InteractionResponder _responder;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<CancellationToken> _stopping;
    private readonly InboxWriter? _inbox;
    private readonly RecentIds _seen = new();
    private readonly MessageChanges _changes = new();
    private int _registeredFromReady;

    public DispatchRouter(
        DiscordOptions options,
        DiscordGatewayClient gateway,
        DiscordCommandRegistrar registrar,
        ChannelDirectory channels,
        EventLanes lanes,
        ResumeTracker tracker,
        InteractionResponder responder,
        TimeProvider time,
        ILogger log,
        Func<CancellationToken> stopping,
        InboxWriter? inbox = null)
    {
        _inbox = inbox;
        _options = options;
        _gateway = gateway;
        _registrar = registrar;
        _channels = channels;
        _lanes = lanes;
        _tracker = tracker;
        _responder = responder;
        _time = time;
        _log = log;
        _stopping = stopping;
    }

    public ValueTask OnDispatchAsync(GatewayDispatch dispatch)
    {
        try
        {
            if (dispatch.Type is not ("MESSAGE_CREATE" or "MESSAGE_UPDATE" or "MESSAGE_DELETE"))
            {
                _tracker.Received(dispatch, track: false);
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
                    bool forCoach = DiscordInboundParser.IsForCoach(message, _gateway.BotUserId) && _seen.TryAdd("m:" + message.Id);
                    int generation = _tracker.Received(dispatch, track: forCoach);
                    if (forCoach)
                    {
                        _changes.Remember(message);
                        return _lanes.Enqueue(message.ChannelId, new WorkItem(dispatch, message, null, generation));
                    }
                    break;
                case "MESSAGE_UPDATE" or "MESSAGE_DELETE":
                    var change = dispatch.Data.Deserialize<MessageChange>(DiscordJson.Options)!;
                    var work = _changes.Read(dispatch, change, _gateway.BotUserId, 0);
                    bool take = work is not null && _seen.TryAdd("c:" + work.ChangeId);
                    int changeGeneration = _tracker.Received(dispatch, track: take);
                    if (take)
                    {
                        return _lanes.Enqueue(change.ChannelId, work! with { Generation = changeGeneration });
                    }
                    break;
                case "INTERACTION_CREATE":
                    var interaction = dispatch.Data.Deserialize<Interaction>(DiscordJson.Options)!;
                    if (_seen.TryAdd("i:" + interaction.Id))
                    {
                        var state = new InteractionState(interaction);
                        Store(state, dispatch.Data);
                        if (InteractionState.TooOld(Snowflake.Time(interaction.Id, _time), _time.GetUtcNow()))
                        {
                            // replayed after a restart, or queued too long: its token is dead, so no callback; replies go as messages
                            state.Expired = true;
                            _log.LogInformation("Discord interaction {Id} is past its 3 s; its replies go as messages", interaction.Id);
                        }
                        else
                        {
                            // The deadline runs on its own timer: a slow engine or store never delays the acknowledgement.
                            state.Timer = _time.CreateTimer(_ => _ = _responder.AcknowledgeAsync(state), null, _options.InteractionDeferAfter, Timeout.InfiniteTimeSpan);
                        }
                        return _lanes.Enqueue(interaction.ChannelId ?? interaction.Id, new WorkItem(dispatch, null, state));
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

    /// <summary>Writes the interaction to the inbox; its callback waits for that (a failed write does not stop the answer:
    /// Discord never sends an interaction again, so answering is better than leaving the person with "interaction failed").</summary>
    private void Store(InteractionState state, JsonElement data)
    {
        if (_inbox is null)
        {
            return;
        }
        var i = state.Interaction;
        var person = new PersonKey(Platforms.Discord, i.GuildId ?? "@dm", (i.Member?.User ?? i.User)?.Id ?? "");
        state.InboxKey = InboxKey(i.Id);
        state.Stored = _inbox.StoreAsync(new InboxEntry(state.InboxKey, person, data.GetRawText(), _time.GetUtcNow()));
    }

    /// <summary>The inbox key: the engine's event key for the interaction.</summary>
    public static string InboxKey(string interactionId) => $"{Platforms.Discord}:{interactionId}";

    /// <summary>An interaction a worker stored and did not handle before it stopped: handled now, on its channel's lane.
    /// Its token may be past use; the reply then takes the late-interaction path.</summary>
    public ValueTask RecoverAsync(InboxEntry entry)
    {
        using var doc = JsonDocument.Parse(entry.Payload);
        var data = doc.RootElement.Clone();
        var interaction = data.Deserialize<Interaction>(DiscordJson.Options)!;
        if (!_seen.TryAdd("i:" + interaction.Id))
        {
            return ValueTask.CompletedTask; // this worker has it (a replay after a resume got here first)
        }
        var state = new InteractionState(interaction) { InboxKey = entry.Key };
        var dispatch = new GatewayDispatch("INTERACTION_CREATE", 0, data, _time.GetTimestamp());
        return _lanes.Enqueue(interaction.ChannelId ?? interaction.Id, new WorkItem(dispatch, null, state));
    }

    private async Task RegisterFromReadyAsync(string applicationId)
    {
        try
        {
            await _registrar.RegisterAsync(false, applicationId, _stopping());
        }
        catch (Exception ex) when (ex is DiscordHttpException or HttpRequestException or OperationCanceledException or DiscordUnauthorizedException)
        {
            _log.LogWarning("Discord command registration failed: {Error}", ex.Message);
        }
    }

    private sealed record GuildCreateWithChannels(string Id, IReadOnlyList<DiscordChannel>? Channels, IReadOnlyList<DiscordChannel>? Threads);
}
