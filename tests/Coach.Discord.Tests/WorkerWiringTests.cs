using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Coach.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord.Tests;

/// <summary>The worker's services plus the one line that adds Discord, run as a Generic Host against the fake.</summary>
public sealed class WorkerWiringTests
{
    [Fact]
    public async Task The_worker_host_with_AddCoachDiscord_answers_a_slash_command_and_reports_health()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var db = Path.Combine(Path.GetTempPath(), $"coach-discord-wiring-{Guid.NewGuid():N}.db");
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={db}",
                ["Discord:Token"] = FakeDiscord.Token,
                ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
                ["Discord:ApiBaseUrl"] = fake.ApiBase,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddCoachCore(builder.Configuration);
            // The line the worker needs:
            if (!string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"])) builder.Services.AddCoachDiscord(builder.Configuration);

            using var host = builder.Build();
            await host.StartAsync();
            try
            {
                var health = host.Services.GetServices<ITransportHealth>().Single(t => t.Current.Transport == Platforms.Discord);
                await FakeDiscord.WaitUntilAsync(() => health.Current.State == TransportState.Connected && fake.IsConnected);
                Assert.Contains(host.Services.GetServices<IProactiveSender>(), s => s.Platform == Platforms.Discord);

                await fake.DispatchAsync("INTERACTION_CREATE", fake.CommandInteraction(PracticeTests.UserId, "help"));
                await FakeDiscord.WaitUntilAsync(() => fake.CallsTo("PATCH", "/messages/@original").Any(), what: "help answered");
                Assert.Equal(5, fake.CallsTo("POST", "/callback").Single().Body!["type"]!.GetValue<int>());

                // the verb `coach discord register` calls this
                Assert.True(await host.Services.GetRequiredService<DiscordCommandRegistrar>().RegisterAsync(force: true));
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

    [Fact]
    public async Task A_bad_configuration_fails_at_start_without_showing_the_token()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = "secret token with spaces",
            ["Discord:ShardId"] = "3",
        });
        builder.Services.AddSingleton<ICoachEngine>(new ScriptedEngine());
        builder.Services.AddCoachDiscord(builder.Configuration);
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ShardCount", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
