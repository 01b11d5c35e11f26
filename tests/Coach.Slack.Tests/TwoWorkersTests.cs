using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Coach.Slack.Tests;

/// <summary>
/// Two workers, each with its own Slack transport, engine and store object, against one fake Slack and one database
/// (PostgreSQL when COACH_TEST_POSTGRES is set, as in CI; two SQLite store instances on one file otherwise).
/// </summary>
public sealed class TwoWorkersTests
{
    private static readonly string[] Parts =
    [
        "Our payments platform served 40 million customers and was failing weekly; each outage put about $8M a year of revenue at risk across three business units.",
        "As the senior manager for payments I owned fixing reliability for the whole platform within two quarters.",
        "I set up a cross-team reliability program with 6 teams and 70 engineers, I rewrote the on-call model, and I negotiated the budget with the CFO and our card network partner.",
        "Outages fell 85% from 14 to 2 a quarter, which we measured against the prior year baseline and valued at $12M a year; I learned to fund reliability as a product.",
    ];

    private sealed class Worker(ServiceProvider services, SlackTransport transport) : IAsyncDisposable
    {
        public SlackTransport Transport { get; } = transport;

        public async ValueTask DisposeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Transport.StopAsync(cts.Token);
            await services.DisposeAsync();
        }
    }

    private static async Task<Worker> StartWorkerAsync(FakeSlack fake, ICoachStore store)
    {
        var engine = new CoachEngine(store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, (Coach.Core.Daily.IScheduleStore)store,
            (Coach.Core.Mock.IMockStore)store);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Slack:PostInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<ICoachEngine>(engine);
        services.AddCoachSlack(configuration);
        ServiceProvider provider = services.BuildServiceProvider();
        var transport = provider.GetRequiredService<SlackTransport>();
        await transport.StartAsync(CancellationToken.None);
        await FakeSlack.WaitUntilAsync(() => transport.Current.State == TransportState.Connected, TimeSpan.FromSeconds(10), "a worker to connect");
        return new Worker(provider, transport);
    }

    [Fact]
    public async Task A_practice_whose_parts_alternate_between_two_workers_keeps_every_part()
    {
        string? admin = Environment.GetEnvironmentVariable("COACH_TEST_POSTGRES");
        if (admin is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI needs PostgreSQL for this test: .ci/run sources .ci/services, which exports COACH_TEST_POSTGRES.");
        }
        string database = $"coach_two_workers_{Guid.NewGuid():N}";
        string sqlite = Path.Combine(Path.GetTempPath(), database + ".db");
        string? connection = null;
        if (admin is not null)
        {
            await using var c = new NpgsqlConnection(admin);
            await c.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", c);
            await create.ExecuteNonQueryAsync();
            connection = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
        }
        ICoachStore NewStore() => connection is not null
            ? new PostgresCoachStore(connection, NullLogger<PostgresCoachStore>.Instance)
            : new SqliteCoachStore($"Data Source={sqlite}", NullLogger<SqliteCoachStore>.Instance);
        ICoachStore storeA = NewStore(), storeB = NewStore();
        await storeA.InitializeAsync();
        await storeB.InitializeAsync();

        await using var fake = await FakeSlack.StartAsync();
        try
        {
            await using (Worker a = await StartWorkerAsync(fake, storeA))
            await using (Worker b = await StartWorkerAsync(fake, storeB))
            {
                FakeSocket socketA = fake.OpenSockets[0], socketB = fake.OpenSockets[1];
                Assert.NotSame(socketA, socketB);

                await socketA.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D900", "U9", "practice L7 ownership"));
                await fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D900");
                for (int i = 0; i < Parts.Length; i++)
                {
                    FakeSocket socket = i % 2 == 0 ? socketB : socketA; // Situation on B, Task on A, Action on B, Result on A
                    int before = fake.CallsTo("chat.postMessage").Count;
                    await socket.SendEnvelopeAsync("events_api", Payloads.Message("D900", "U9", Parts[i], fake.NextTs()));
                    await FakeSlack.WaitUntilAsync(() => fake.CallsTo("chat.postMessage").Count > before, TimeSpan.FromSeconds(15), $"a reply to part {i + 1}");
                }
                await FakeSlack.WaitUntilAsync(() => fake.CallsTo("chat.postMessage").Any(c => c.RawBody.Contains("Feedback on your answer", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(15), "the feedback");
                await Task.Delay(300);
                Assert.Single(fake.CallsTo("chat.postMessage"), c => c.RawBody.Contains("Feedback on your answer", StringComparison.Ordinal));
            }

            StoryRecord story = Assert.Single(await storeA.ListStoriesAsync(new PersonKey(Platforms.Slack, FakeSlack.TeamId, "U9")));
            Assert.Equal(Parts, new[] { story.Answer.Situation, story.Answer.Task, story.Answer.Action, story.Answer.Result });
        }
        finally
        {
            (storeA as IDisposable)?.Dispose();
            (storeB as IDisposable)?.Dispose();
            if (storeA is IAsyncDisposable da)
            {
                await da.DisposeAsync();
            }
            if (storeB is IAsyncDisposable db)
            {
                await db.DisposeAsync();
            }
            if (admin is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var c = new NpgsqlConnection(admin);
                await c.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", c);
                await drop.ExecuteNonQueryAsync();
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (string f in new[] { sqlite, sqlite + "-wal", sqlite + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }
    }
}
