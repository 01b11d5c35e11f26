using System.Text.Json;
using Coach.Core.Conversation;
using Coach.Slack.Api;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Socket;

/// <summary>
/// Socket Mode: keeps <see cref="SlackOptions.SocketConnections"/> WebSockets open, each from its own
/// <c>apps.connections.open</c> URL. On <c>disconnect</c> (refresh_requested, warning) a slot opens its new socket
/// before closing the old one; a dropped or silent socket is replaced after a backoff with jitter;
/// <c>link_disabled</c> or a rejected token stops everything. Envelopes are deduplicated across all sockets.
/// </summary>
internal sealed class SocketModeClient(
    SlackApiClient api,
    SlackDispatcher dispatcher,
    SlackInboundParser parser,
    SlackOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private static readonly HashSet<string> FatalErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type", "missing_scope",
    };

    private readonly CancellationTokenSource _stop = new();
    private int _connected;
    private int _nextId;

    /// <summary>Live sockets (said hello, not yet replaced or dropped).</summary>
    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Set when the client stopped for good (link disabled, token refused).</summary>
    public string? StoppedReason { get; private set; }

    public event Action? StateChanged;

    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        var slots = Enumerable.Range(0, options.SocketConnections).Select(i => RunSlotAsync(i, linked.Token)).ToArray();
        await Task.WhenAll(slots);
    }

    private async Task RunSlotAsync(int slot, CancellationToken ct)
    {
        SocketConnection? current = null;
        bool currentCounted = false;
        int failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                SocketConnection next;
                try
                {
                    next = await ConnectAsync(slot, ct);
                    failures = 0;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (SlackApiException ex) when (FatalErrors.Contains(ex.Error))
                {
                    Stop($"apps.connections.open refused: {ex.Error}");
                    break;
                }
                catch (Exception ex)
                {
                    failures++;
                    logger.LogWarning("Slack socket slot {Slot}: connect failed ({Error}); retry {Attempt}", slot, ex is SlackApiException s ? s.Error : ex.GetType().Name, failures);
                    if (current is not null && !current.IsAlive)
                    {
                        SetCounted(ref currentCounted, false);
                        await current.DisposeAsync();
                        current = null;
                    }
                    await BackoffAsync(failures, ct);
                    continue;
                }

                // The new socket is up: only now let the old one go (it kept acking in the meantime).
                var old = current;
                current = next;
                SetCounted(ref currentCounted, true);
                if (old is not null)
                {
                    _ = old.CloseAsync(TimeSpan.FromSeconds(2), time);
                }

                var end = await current.Ended.WaitAsync(ct);
                switch (end.Kind)
                {
                    case ConnectionEndKind.RefreshRequested:
                        continue; // current stays live until the next one says hello
                    case ConnectionEndKind.LinkDisabled:
                        Stop("link_disabled: Socket Mode was turned off for this app");
                        return;
                    default:
                        logger.LogWarning("Slack socket {Slot}/{Id} dropped ({Reason}); reconnecting", slot, current.Id, end.Reason);
                        SetCounted(ref currentCounted, false);
                        await current.DisposeAsync();
                        current = null;
                        failures++;
                        await BackoffAsync(failures, ct);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            SetCounted(ref currentCounted, false);
            if (current is not null)
            {
                await current.CloseAsync(TimeSpan.FromSeconds(1), time);
            }
        }
    }

    private void SetCounted(ref bool counted, bool value)
    {
        if (counted != value)
        {
            counted = value;
            Interlocked.Add(ref _connected, value ? 1 : -1);
        }
        StateChanged?.Invoke();
    }

    private async Task<SocketConnection> ConnectAsync(int slot, CancellationToken ct)
    {
        var url = await api.OpenSocketUrlAsync(ct); // single use: a new one for every connection
        var connection = new SocketConnection(slot, Interlocked.Increment(ref _nextId), OnEnvelope, logger);
        try
        {
            await connection.OpenAsync(url, options, time, ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        logger.LogInformation("Slack socket {Slot}/{Id} connected", slot, connection.Id);
        return connection;
    }

    /// <summary>One envelope: true once it may be acknowledged (stored, or nothing to store), false to leave it unacknowledged.</summary>
    private Task<bool> OnEnvelope(SocketFrame frame)
    {
        SlackWork? work = null;
        try
        {
            work = frame.Type switch
            {
                "events_api" => parser.FromEventCallback(frame.Payload.Deserialize<EventCallback>(SlackJson.Options)!),
                "slash_commands" => parser.FromSlashCommand(frame.Payload.Deserialize<SlashCommand>(SlackJson.Options)!),
                "interactive" => parser.FromInteraction(frame.Payload.Deserialize<InteractionPayload>(SlackJson.Options)!),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
        {
            logger.LogWarning("Slack envelope {EnvelopeId} of type {Type} could not be read", frame.EnvelopeId, frame.Type);
        }
        var envelopeKey = "env:" + frame.EnvelopeId;
        if (work is null)
        {
            dispatcher.Claim([envelopeKey]);
            return Task.FromResult(true);
        }
        if (frame.RetryAttempt > 0)
        {
            logger.LogInformation("Slack redelivered {EventId} (attempt {Attempt}, {RetryReason})", work.Incoming.EventId, frame.RetryAttempt, frame.RetryReason);
        }
        return dispatcher.AcceptAsync(work with { DedupeKeys = [.. work.DedupeKeys, envelopeKey], ReceivedTimestamp = time.GetTimestamp() });
    }

    private Task BackoffAsync(int failures, CancellationToken ct)
    {
        var min = options.ReconnectMinDelay.TotalMilliseconds;
        var max = options.ReconnectMaxDelay.TotalMilliseconds;
        var ceiling = Math.Min(max, min * Math.Pow(2, Math.Min(failures - 1, 16)));
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
        Coach.Core.CoachMetrics.Reconnects.Add(1, new KeyValuePair<string, object?>("transport", "slack"));
        return Task.Delay(delay, time, ct);
    }

    public void Dispose() => _stop.Dispose();

    private void Stop(string reason)
    {
        StoppedReason = reason;
        logger.LogError("Slack Socket Mode stopped: {Reason}", reason);
        _stop.Cancel();
        StateChanged?.Invoke();
    }
}
