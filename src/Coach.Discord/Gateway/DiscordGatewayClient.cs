using Coach.Core.Conversation;
using Coach.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord.Gateway;

/// <summary>The Discord gateway over ClientWebSocket: hello, heartbeats on their own timer, identify, resume,
/// reconnect (op 7), invalid session (op 9), zombie detection, the close-code table, backoff with jitter and the
/// 120-per-60 s send budget.</summary>
public sealed partial class DiscordGatewayClient
{
    internal const int MaxFrameBytes = 4096;
    private readonly DiscordRestClient _rest;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordGatewayClient> _log;
    private readonly Lock _stateLock = new();
    private string? _sessionId;
    private string? _resumeUrl;
    private int? _sequence;
    private long? _lastIdentifyAt;
    private TransportState _state = TransportState.Starting;
    private string? _reason;

    public DiscordGatewayClient(DiscordRestClient rest, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordGatewayClient> log)
    {
        _rest = rest;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    /// <summary>Called for every dispatch, in order, on the receive loop: hand the event on and return quickly.</summary>
    public Func<GatewayDispatch, ValueTask>? OnDispatch { get; set; }

    public event Action<TransportState, string?>? StateChanged;

    public TransportState State { get { lock (_stateLock) { return _state; } } }
    public string? StopReason { get { lock (_stateLock) { return _reason; } } }
    public string? SessionId => Volatile.Read(ref _sessionId);
    public int? LastSequence { get { lock (_stateLock) { return _sequence; } } }
    public string? BotUserId { get; private set; }
    public string? ApplicationId { get; private set; }

    /// <summary>The resume URL of the current session (with <see cref="SessionId"/>, what a later run needs to resume it).</summary>
    public string? ResumeUrl { get { lock (_stateLock) { return _resumeUrl; } } }

    /// <summary>Starts from a session a previous run left (before <see cref="RunAsync"/>): the first connection resumes it at
    /// <paramref name="sequence"/>, and Discord replays what came after; if Discord refuses, the client identifies anew.</summary>
    /// <remarks>A resumed session gets no READY, so the bot's own ids come from the previous run too.</remarks>
    public void Seed(string sessionId, string resumeUrl, int sequence, string? botUserId, string? applicationId)
    {
        lock (_stateLock)
        {
            if (_sessionId is null)
            {
                _sessionId = sessionId;
                _resumeUrl = resumeUrl;
                _sequence = sequence;
                BotUserId ??= botUserId;
                ApplicationId ??= applicationId;
            }
        }
    }

    /// <summary>Runs until cancelled or stopped for good (bad token, disallowed intents...).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        int failures = 0;
        while (!ct.IsCancellationRequested)
        {
            bool resume = SessionId is not null && _resumeUrl is not null;
            Link? link = null;
            LinkOutcome outcome;
            string? fatalReason = null;
            try
            {
                string url;
                if (resume)
                {
                    url = _resumeUrl!;
                }
                else
                {
                    var info = await _rest.GetGatewayBotAsync(ct);
                    if (info.SessionStartLimit is { Remaining: <= 0 } limit)
                    {
                        _log.LogWarning("Discord identify budget used up; waiting {Seconds} s for it to reset", limit.ResetAfter / 1000);
                        await Task.Delay(TimeSpan.FromMilliseconds(limit.ResetAfter), _time, ct);
                    }
                    await WaitIdentifySpacingAsync(ct);
                    url = info.Url;
                }
                link = new Link(_time);
                (outcome, fatalReason) = await RunLinkAsync(link, url, resume, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (DiscordUnauthorizedException)
            {
                (outcome, fatalReason) = (LinkOutcome.Fatal, "Discord refused the bot token (401)");
            }
            catch (Exception ex)
            {
                _log.LogWarning("Discord gateway link failed: {Error}", ex.GetType().Name + ": " + ex.Message);
                outcome = LinkOutcome.Resume;
            }

            if (link?.Live == true)
            {
                failures = 0;
            }
            switch (outcome)
            {
                case LinkOutcome.Fatal:
                    SetState(TransportState.Stopped, fatalReason);
                    _log.LogCritical("Discord gateway stopped for good: {Reason}", fatalReason);
                    return;
                case LinkOutcome.Cancelled:
                    return;
                case LinkOutcome.InvalidSessionFresh:
                    ClearSession();
                    SetState(TransportState.Resuming, "invalid session");
                    var wait = TimeSpan.FromMilliseconds(1000 + Random.Shared.NextDouble() * 4000);
                    _log.LogInformation("Discord invalidated the session; identifying anew in {Seconds:0.0} s", wait.TotalSeconds);
                    await DelayAsync(wait, ct);
                    continue;
                case LinkOutcome.Identify:
                    ClearSession();
                    break;
            }
            SetState(TransportState.Resuming, outcome == LinkOutcome.Identify ? "reconnecting with a new session" : "resuming");
            var delay = Backoff(failures++);
            Coach.Core.CoachMetrics.Reconnects.Add(1, new KeyValuePair<string, object?>("transport", "discord"));
            _log.LogInformation("Discord gateway reconnecting in {Ms} ms ({Mode})", (int)delay.TotalMilliseconds, SessionId is null ? "identify" : "resume");
            await DelayAsync(delay, ct);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            await Task.Delay(delay, _time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal TimeSpan Backoff(int failures)
    {
        var baseDelay = _options.ReconnectBaseDelay;
        if (failures == 0)
        {
            // The first reconnect after a live link: a short random pause spreads a fleet's reconnects.
            return baseDelay * Random.Shared.NextDouble();
        }
        double factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = TimeSpan.FromTicks((long)Math.Min(_options.ReconnectMaxDelay.Ticks, baseDelay.Ticks * factor));
        return capped * (0.5 + Random.Shared.NextDouble() * 0.5);
    }

    private async Task WaitIdentifySpacingAsync(CancellationToken ct)
    {
        // max_concurrency is 1 for a bot on one shard: one identify per 5 s.
        if (_lastIdentifyAt is { } last)
        {
            var left = TimeSpan.FromSeconds(5) - _time.GetElapsedTime(last);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, _time, ct);
            }
        }
    }

    private void ClearSession()
    {
        lock (_stateLock)
        {
            _sessionId = null;
            _resumeUrl = null;
            _sequence = null;
        }
    }

    private void SetState(TransportState state, string? reason)
    {
        lock (_stateLock)
        {
            if (_state == state && _reason == reason)
            {
                return;
            }
            _state = state;
            _reason = reason;
        }
        StateChanged?.Invoke(state, reason);
    }
}
