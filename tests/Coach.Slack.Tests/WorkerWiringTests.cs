using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;
using Coach.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Tests;

/// <summary>The worker's services plus the one line that adds Slack, run as a Generic Host against the fake.</summary>
public sealed class WorkerWiringTests
{
    [Fact]
    public async Task The_worker_host_with_AddCoachSlack_answers_a_slash_command_and_reports_health()
    {
        await using var fake = await FakeSlack.StartAsync();
        var db = Path.Combine(Path.GetTempPath(), $"coach-wiring-{Guid.NewGuid():N}.db");
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={db}",
                ["Slack:BotToken"] = FakeSlack.BotToken,
                ["Slack:AppToken"] = FakeSlack.AppToken,
                ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddCoachCore(builder.Configuration);
            // The line the worker needs:
            if (!string.IsNullOrWhiteSpace(builder.Configuration["Slack:BotToken"])) builder.Services.AddCoachSlack(builder.Configuration);

            using var host = builder.Build();
            await host.StartAsync();
            try
            {
                var health = host.Services.GetServices<ITransportHealth>().Single(t => t.Current.Transport == Platforms.Slack);
                var socket = await fake.WaitForSocketAsync(1);
                await FakeSlack.WaitUntilAsync(() => health.Current.State == TransportState.Connected);

                await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D1", "U1", "help"));
                var reply = await fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D1");
                Assert.Equal("Bearer " + FakeSlack.BotToken, reply.Authorization);
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
