using System.Text.Json;
using Coach.Core;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Coach.Worker.Operations;

/// <summary>Serves <c>/healthz</c> (live), <c>/readyz</c> (store reachable, every configured platform connected) and <c>/metrics</c>.</summary>
public sealed class OperationsServer(
    IOptions<HealthOptions> health,
    IOptions<MetricsOptions> metrics,
    ICoachStore store,
    IEnumerable<ITransportHealth> transports,
    TimeProvider time,
    ILogger<OperationsServer> logger,
    IStoreFaults? faults = null) : IHostedService, IAsyncDisposable
{
    private static readonly PersonKey Probe = new("health", "health", "readiness-probe");
    private WebApplication? _app;
    private readonly CancellationTokenSource _stop = new();
    private long _openSessions;

    /// <summary>The address the endpoints listen on once started (tests use port 0 for a free one).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (health.Value.Port == 0 && !_forceStart)
        {
            return;
        }
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{health.Value.Address}:{health.Value.Port}");
        bool prometheus = metrics.Value.Exporter == "prometheus";
        if (prometheus)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CoachMetrics.MeterName).AddPrometheusExporter());
        }
        _app = builder.Build();
        _app.MapGet("/healthz", () => Results.Text("ok\n"));
        _app.MapGet("/readyz", ReadyAsync);
        if (prometheus)
        {
            _app.MapPrometheusScrapingEndpoint("/metrics");
        }
        await _app.StartAsync(cancellationToken);
        if (store is IStoreStats stats)
        {
            CoachMetrics.ObserveOpenSessions(() => Interlocked.Read(ref _openSessions));
            _ = RefreshSessionCountAsync(stats, _stop.Token);
        }
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        logger.LogInformation("Health endpoints listening on {Address}", Address);
    }

    private bool _forceStart;

    /// <summary>Starts the endpoints even with Health:Port 0 (on a free port), for tests.</summary>
    public OperationsServer ForceStart()
    {
        _forceStart = true;
        return this;
    }

    private async Task<IResult> ReadyAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await store.LoadAsync(Probe, timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            problems.Add(faults?.IsOutage(ex) == true || ex is OperationCanceledException
                ? $"store: cannot be reached ({Describe(ex)})"
                : $"store: {Describe(ex)}");
        }
        var platforms = new List<object>();
        foreach (ITransportHealth transport in transports)
        {
            TransportHealth h = transport.Current;
            platforms.Add(new { transport = h.Transport, state = h.State.ToString().ToLowerInvariant(), reason = h.Reason, since = h.Since });
            if (h.State != TransportState.Connected)
            {
                problems.Add($"{h.Transport}: {h.State.ToString().ToLowerInvariant()}{(h.Reason is null ? "" : $" ({h.Reason})")}");
            }
        }
        var body = new { ready = problems.Count == 0, problems, platforms, at = time.GetUtcNow() };
        return Results.Json(body, JsonSerializerOptions.Web, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The exception's type and the first line of its message (no connection string is ever in one), kept short.</summary>
    internal static string Describe(Exception exception)
    {
        string message = exception.Message.Split('\n', 2)[0].Trim();
        return $"{exception.GetType().Name}: {(message.Length > 160 ? message[..160] + "…" : message)}";
    }

    /// <summary>Keeps the open-sessions gauge fresh without a store query on every scrape.</summary>
    private async Task RefreshSessionCountAsync(IStoreStats stats, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Interlocked.Exchange(ref _openSessions, await stats.CountSessionsAsync(ct));
                await Task.Delay(TimeSpan.FromSeconds(15), time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Counting open sessions failed");
                await Task.Delay(TimeSpan.FromSeconds(15), time, CancellationToken.None);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
