using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coach.Slack.Tests.Fake;
using Coach.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Tests;

/// <summary>The worker's /readyz against the fake Slack: ready when connected, unhealthy with the reason once the token is refused.</summary>
public sealed class ReadinessTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Readyz_turns_unhealthy_within_five_seconds_of_the_platform_refusing_the_token()
    {
        await using var fake = await FakeSlack.StartAsync();
        string db = Path.Combine(Path.GetTempPath(), $"coach-ready-{Guid.NewGuid():N}.db");
        int port = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={db}",
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCoachCore(builder.Configuration);
        builder.Services.AddCoachSlack(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            FakeSocket socket = await fake.WaitForSocketAsync(1);
            await FakeSlack.WaitUntilAsync(() => http.GetAsync(new Uri("/readyz", UriKind.Relative)).Result.StatusCode == HttpStatusCode.OK, what: "ready");

            // the token is revoked: every new connection is refused, and the live one is closed
            fake.Script("apps.connections.open", Enumerable.Repeat(FakeResponse.Error("token_revoked"), 20).ToArray());
            var refusedAt = Stopwatch.StartNew();
            await socket.CloseAsync();
            HttpResponseMessage ready;
            string body;
            do
            {
                await Task.Delay(100);
                ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                body = await ready.Content.ReadAsStringAsync();
            }
            while (!body.Contains("\"state\":\"stopped\"", StringComparison.Ordinal) && refusedAt.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(refusedAt.Elapsed < TimeSpan.FromSeconds(5), $"readiness reported the stop after {refusedAt.Elapsed}: {body}");
            Assert.Contains("token_revoked", body, StringComparison.Ordinal);
            Assert.Contains("\"ready\":false", body, StringComparison.Ordinal);

            // liveness is unaffected
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
