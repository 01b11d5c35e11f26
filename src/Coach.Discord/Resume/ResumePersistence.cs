using System.Text.Json;
using Coach.Core.Storage;
using Coach.Discord.Gateway;
using Coach.Discord.Payloads;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Resume;

/// <summary>Keeps the gateway session across restarts: seeds the gateway from the previous run's saved session, saves the
/// resume point every <see cref="DiscordOptions.ResumeStateSaveInterval"/> and once more at shutdown.</summary>
internal sealed class ResumePersistence
{
    private readonly ITransportStateStore? _stateStore;
    private readonly DiscordGatewayClient _gateway;
    private readonly ResumeTracker _tracker;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private string? _savedResumeState;

    public ResumePersistence(ITransportStateStore? stateStore, DiscordGatewayClient gateway, ResumeTracker tracker, DiscordOptions options, TimeProvider time, ILogger log)
    {
        _stateStore = stateStore;
        _gateway = gateway;
        _tracker = tracker;
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>False when sessions are not kept across restarts (no store, or <see cref="DiscordOptions.ResumeAcrossRestarts"/> off).</summary>
    public bool Enabled => _stateStore is not null;

    private string ResumeStateKey => $"discord:{_options.ApplicationId}:{_options.ShardId ?? 0}/{_options.ShardCount ?? 1}";

    public async Task SeedFromPreviousRunAsync(CancellationToken ct)
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
            _tracker.Seed(state.Sequence);
            _savedResumeState = saved.Value;
            _log.LogInformation("Discord resuming the previous run's session from sequence {Seq}", state.Sequence);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning("Discord could not read the previous run's session: {Error}", ex.GetType().Name);
        }
    }

    public async Task SaveResumeStateLoopAsync(CancellationToken ct)
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
    public async Task SaveResumeStateAsync(CancellationToken ct)
    {
        if (_stateStore is null || _gateway.SessionId is not { } session || _gateway.ResumeUrl is not { } url)
        {
            return;
        }
        int lowWater = _tracker.LowWater;
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
}
