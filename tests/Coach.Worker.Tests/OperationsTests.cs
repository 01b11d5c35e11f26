using System.Net;
using Coach.Core.Conversation;
using Coach.Worker.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Coach.Worker.Tests;

public class OperationsTests
{
    [Fact]
    public async Task Health_readiness_and_metrics_endpoints_report_the_worker()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.SayAsync("practice L6"); // one open session, one handled event
        var transport = new Mock<ITransportHealth>();
        transport.SetupGet(t => t.Current).Returns(new TransportHealth("discord", TransportState.Connected, null, DateTimeOffset.UnixEpoch));
        await using var server = new OperationsServer(Options.Create(new HealthOptions { Port = 0 }), Options.Create(new MetricsOptions()), h.Store,
            [transport.Object], TimeProvider.System, NullLogger<OperationsServer>.Instance).ForceStart();
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"state\":\"connected\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        transport.SetupGet(t => t.Current).Returns(new TransportHealth("discord", TransportState.Stopped, "close 4004: authentication failed", DateTimeOffset.UnixEpoch));
        var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("4004", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await h.SayAsync("help");
        string metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("coach_events_handled", metrics, StringComparison.Ordinal);
        Assert.Contains("coach_reply_latency", metrics, StringComparison.Ordinal);
        Assert.Matches(@"coach_sessions_open(\{[^}]*\})? 1", metrics);
        await server.StopAsync(CancellationToken.None);
    }
}
