using Coach.Core.Conversation;
using Coach.Slack.Api;
using Coach.Slack.Http;
using Coach.Slack.Inbound;
using Coach.Slack.Socket;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Slack;

/// <summary>The Slack transport as a hosted service: <c>auth.test</c>, then Socket Mode or the HTTP endpoint, and the link state for readiness.</summary>
public sealed class SlackTransport : BackgroundService, ITransportHealth
{
    private static readonly HashSet<string> FatalAuthErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type",
    };

    private readonly SlackApiClient _api;
    private readonly SlackDispatcher _dispatcher;
    private readonly SlackInboundParser _parser;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackTransport> _logger;
    private readonly Lock _stateLock = new();
    private TransportHealth _health;
    private SocketModeClient? _socket;
    private SlackHttpEndpoint? _http;

    public SlackTransport(
        SlackApiClient api,
        SlackDispatcher dispatcher,
        SlackInboundParser parser,
        IOptions<SlackOptions> options,
        TimeProvider time,
        ILogger<SlackTransport> logger)
    {
        _api = api;
        _dispatcher = dispatcher;
        _parser = parser;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _health = new TransportHealth(Platforms.Slack, TransportState.Starting, null, time.GetUtcNow());
    }

    public TransportHealth Current
    {
        get { lock (_stateLock) { return _health; } }
    }

    /// <summary>The bot's user id once <c>auth.test</c> answered.</summary>
    public string? BotUserId => _parser.BotUserId;

    /// <summary>HTTP mode: where the endpoint listens (tests use port 0).</summary>
    public Uri? HttpBaseAddress => _http?.BaseAddress;

    /// <summary>Socket Mode: sockets live now.</summary>
    public int SocketsConnected => _socket?.Connected ?? 0;

    public SlackDispatcher Dispatcher => _dispatcher;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var me = await AuthTestAsync(stoppingToken);
            if (me is null)
            {
                return;
            }
            _parser.BotUserId = me.UserId;
            _logger.LogInformation("Slack bot {BotUser} in team {Team}, mode {Mode}", me.UserId, me.TeamId, _options.Mode);
            if (_dispatcher.Durable)
            {
                // what a worker that died left comes first, then new events; later sweeps take up what others leave
                await SweepOnceAsync(stoppingToken);
                _ = SweepLoopAsync(stoppingToken);
            }

            if (_options.Mode == SlackMode.Http)
            {
                _http = new SlackHttpEndpoint(_dispatcher, _parser, _options, _time, _logger);
                await _http.StartAsync(stoppingToken);
                SetState(TransportState.Connected, null);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken);
            }
            else
            {
                using var socket = new SocketModeClient(_api, _dispatcher, _parser, _options, _time, _logger);
                _socket = socket;
                socket.StateChanged += OnSocketStateChanged;
                await socket.RunAsync(stoppingToken);
                if (socket.StoppedReason is { } reason)
                {
                    SetState(TransportState.Stopped, reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.DeliverySweep, _time, ct);
                await SweepOnceAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task SweepOnceAsync(CancellationToken ct)
    {
        try
        {
            await _dispatcher.SweepAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning("Looking for Slack events and replies left by a stopped worker failed ({Error}); the next sweep tries again", ex.GetType().Name);
        }
    }

    private async Task<AuthTestResult?> AuthTestAsync(CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await _api.AuthTestAsync(ct);
            }
            catch (SlackApiException ex) when (FatalAuthErrors.Contains(ex.Error))
            {
                _logger.LogError("Slack auth.test refused the bot token: {Error}", ex.Error);
                SetState(TransportState.Stopped, $"auth.test: {ex.Error}");
                return null;
            }
            catch (Exception ex) when (ex is SlackApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(_options.ReconnectMaxDelay.TotalMilliseconds, _options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10))));
                _logger.LogWarning("Slack auth.test failed ({Error}); retrying in {Delay}", ex is SlackApiException s ? s.Error : ex.GetType().Name, delay);
                SetState(TransportState.Resuming, "auth.test failing");
                await Task.Delay(delay, _time, ct);
            }
        }
    }

    private void OnSocketStateChanged()
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }
        if (socket.StoppedReason is { } reason)
        {
            SetState(TransportState.Stopped, reason);
        }
        else if (socket.Connected > 0)
        {
            SetState(TransportState.Connected, null);
        }
        else if (Current.State != TransportState.Starting)
        {
            SetState(TransportState.Resuming, "reconnecting");
        }
    }

    private void SetState(TransportState state, string? reason)
    {
        lock (_stateLock)
        {
            if (_health.State == TransportState.Stopped || (_health.State == state && _health.Reason == reason))
            {
                return;
            }
            _health = new TransportHealth(Platforms.Slack, state, reason, _time.GetUtcNow());
        }
        if (state == TransportState.Stopped)
        {
            _logger.LogError("Slack transport stopped: {Reason}", reason);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_http is not null)
        {
            await _http.DisposeAsync();
        }
        // Let replies already under way finish, briefly; then give up on the rest.
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(_options.ShutdownDrain);
        try
        {
            await _dispatcher.WhenIdleAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Slack transport stopping with {Pending} events unfinished", _dispatcher.Pending);
        }
        _dispatcher.Cancel();
        await _dispatcher.StopDeliveryAsync();
        lock (_stateLock)
        {
            if (_health.State != TransportState.Stopped)
            {
                _health = new TransportHealth(Platforms.Slack, TransportState.Stopped, "host stopping", _time.GetUtcNow());
            }
        }
    }
}
