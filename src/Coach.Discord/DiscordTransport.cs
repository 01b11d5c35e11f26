using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Channels;
using Coach.Discord.Commands;
using Coach.Discord.Delivery;
using Coach.Discord.Gateway;
using Coach.Discord.Inbound;
using Coach.Discord.Interactions;
using Coach.Discord.Replies;
using Coach.Discord.Rest;
using Coach.Discord.Resume;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord;

/// <summary>Coach on Discord: gateway events in, engine, rendered replies out. Events of one channel are handled in
/// order, other channels' in parallel; interactions are acknowledged within Discord's 3 s whatever the engine's pace.</summary>
public sealed class DiscordTransport : BackgroundService, ITransportHealth
{
    private readonly DiscordGatewayClient _gateway;
    private readonly DiscordRestClient _rest;
    private readonly DiscordCommandRegistrar _registrar;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordTransport> _log;
    private readonly EventLanes _lanes;
    private readonly DispatchRouter _router;
    private readonly ResumePersistence _resume;
    private readonly InboxWriter? _inbox;
    private readonly DeliverySweeper? _sweeper;
    private readonly Lock _healthLock = new();
    private TransportHealth _health;
    private CancellationTokenSource? _stopCts;

    public DiscordTransport(
        DiscordGatewayClient gateway,
        DiscordRestClient rest,
        DiscordCommandRegistrar registrar,
        ICoachEngine engine,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordTransport> log,
        ITransportStateStore? stateStore = null,
        IDeliveryStore? delivery = null)
    {
        _gateway = gateway;
        _rest = rest;
        _registrar = registrar;
        _options = options.Value;
        _time = time;
        _log = log;
        var channels = new ChannelDirectory();
        var responder = new InteractionResponder(rest, log);
        var forms = new PendingForms(responder, rest, time);
        // interactions go through the store's inbox (stored before their callback, marked handled after) and every reply
        // the engine decides through its outbox (saved with the turn, marked sent once Discord took it)
        _inbox = delivery is null ? null : new InboxWriter(delivery, time, log);
        Replies = new ReplySender(engine, rest, gateway, channels, new DmChannels(rest), responder, forms, time, log, _inbox);
        var inbound = new InboundHandler(gateway, rest, channels, Replies, responder, forms, time, log);
        var tracker = new ResumeTracker();
        _resume = new ResumePersistence(options.Value.ResumeAcrossRestarts ? stateStore : null, gateway, tracker, _options, time, log);
        _lanes = new EventLanes(_options.EventLanes, (item, ct) => HandleAsync(inbound, item, ct), item => tracker.Answered(item.Generation, item.Dispatch.Sequence), log);
        _router = new DispatchRouter(_options, gateway, registrar, channels, _lanes, tracker, responder, time, log, () => _stopCts?.Token ?? CancellationToken.None, _inbox);
        _sweeper = _inbox is null ? null : new DeliverySweeper(_inbox, _router, _lanes, Replies, gateway, _options, time, log);
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
    internal Action<string, TimeSpan, TimeSpan>? ReplySent
    {
        get => Replies.ReplySent;
        set => Replies.ReplySent = value;
    }

    /// <summary>Sends replies and proactive posts (<see cref="DiscordProactiveSender"/>).</summary>
    internal ReplySender Replies { get; }

    private async Task HandleAsync(InboundHandler inbound, WorkItem item, CancellationToken ct)
    {
        if (item.Resend is { } saved)
        {
            await _sweeper!.ResendAsync(saved, ct);
            return;
        }
        if (item.Interaction is not { } interaction)
        {
            await inbound.HandleAsync(item, ct);
            return;
        }
        await interaction.Stored;
        try
        {
            await inbound.HandleAsync(item, ct);
        }
        finally
        {
            // handled, or failed in a way a retry would repeat; only a stop half-way leaves it to the next worker
            if (interaction.InboxKey is { } key && !ct.IsCancellationRequested)
            {
                _inbox?.Handled(key);
            }
        }
    }

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
        // Lanes finish the events already received when the host stops (bounded below), so none is dropped half-way.
        using var drain = new CancellationTokenSource();
        _lanes.Start(drain.Token);
        _gateway.OnDispatch = _router.OnDispatchAsync;

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

        Task sweeper = _sweeper is null ? Task.CompletedTask : Task.Run(() => _sweeper.RunAsync(stop.Token), CancellationToken.None);
        await _resume.SeedFromPreviousRunAsync(stop.Token);
        Task saver = _resume.Enabled ? Task.Run(() => _resume.SaveResumeStateLoopAsync(stop.Token), CancellationToken.None) : Task.CompletedTask;
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
        var drained = _lanes.CompleteAsync();
        drain.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await drained.WaitAsync(TimeSpan.FromSeconds(12), CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _log.LogWarning("Discord transport stopped before every received event was answered");
        }
        await stop.CancelAsync();
        await saver;
        await sweeper;
        if (_inbox is not null)
        {
            await _inbox.StopAsync();
        }
        // the last word: the point the next run resumes from, after the lanes finished what they could
        await _resume.SaveResumeStateAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        _lanes.Dispose();
        base.Dispose();
    }
}
