using System.Collections.Concurrent;
using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Storage.Tests;

/// <summary>
/// Two workers, each with its own <see cref="DailyPromptScheduler"/>, store instance and sender, on one database and one clock:
/// 100 daily prompts due in the same minute are each sent exactly once in total (issue 7).
/// </summary>
public abstract class DailyPromptsOnTwoWorkersTests : IAsyncLifetime
{
    private const int Schedules = 100;

    /// <summary>A Monday, before either side's DST change: 09:00 UTC is 10:00 in Berlin and 04:00 in New York.</summary>
    private static readonly DateTimeOffset Due = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly (string Zone, TimeOnly Local)[] SameInstant =
        [("Etc/UTC", new TimeOnly(9, 0)), ("Europe/Berlin", new TimeOnly(10, 0)), ("America/New_York", new TimeOnly(4, 0))];

    private readonly List<ICoachStore> _stores = [];

    /// <summary>A new store instance on the class's database, as a second worker process would have.</summary>
    protected abstract ICoachStore CreateStore();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (ICoachStore store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync();
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }

    private sealed class RecordingSender(TimeProvider time) : IProactiveSender
    {
        public ConcurrentQueue<(DateTimeOffset At, string Workspace, Outgoing Message)> Sent { get; } = new();

        public string Platform => Platforms.Slack;

        public async Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default)
        {
            await Task.Yield(); // a real send awaits the network: let the other worker run meanwhile
            Sent.Enqueue((time.GetUtcNow(), workspace, message));
        }
    }

    private async Task<(DailyPromptScheduler Scheduler, RecordingSender Sender)> WorkerAsync(FakeTimeProvider time)
    {
        ICoachStore store = CreateStore();
        _stores.Add(store);
        await store.InitializeAsync();
        var sender = new RecordingSender(time);
        return (new DailyPromptScheduler((IScheduleStore)store, store, [sender], time, NullLogger<DailyPromptScheduler>.Instance), sender);
    }

    [StoreFact]
    public async Task A_hundred_prompts_due_in_the_same_minute_are_each_sent_exactly_once_by_two_workers()
    {
        var time = new FakeTimeProvider(Due.AddMinutes(-2));
        (DailyPromptScheduler a, RecordingSender sentByA) = await WorkerAsync(time);
        (DailyPromptScheduler b, RecordingSender sentByB) = await WorkerAsync(time);
        var store = (IScheduleStore)_stores[0];
        var people = new List<string>();
        for (int i = 0; i < Schedules; i++)
        {
            string person = $"U{i:D3}";
            people.Add(person);
            (string zone, TimeOnly local) = SameInstant[i % SameInstant.Length];
            await store.SaveScheduleAsync(new DailySchedule(DailySchedule.IdFor(Platforms.Slack, "T01", "", person), Platforms.Slack, "T01", "", person, person,
                local, zone, Enum.GetValues<DayOfWeek>(), Due.AddDays(-1)));
        }

        int sentInPasses = 0;
        // both workers pass every minute, at the same moment, from before the due minute to well after it
        for (int minute = 0; minute < 6; minute++)
        {
            int[] counts = await Task.WhenAll(Task.Run(() => a.RunDueAsync()), Task.Run(() => b.RunDueAsync()));
            sentInPasses += counts.Sum();
            if (time.GetUtcNow() < Due)
            {
                Assert.Equal(0, counts.Sum());
            }
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var all = sentByA.Sent.Concat(sentByB.Sent).ToList();
        Assert.Equal(Schedules, all.Count);
        Assert.Equal(Schedules, sentInPasses);
        Assert.Equal(people, all.Select(s => s.Message.User).Order(StringComparer.Ordinal));
        Assert.All(all, s => Assert.Equal(Due, s.At));
        Assert.All(all, s => Assert.Equal(Visibility.Direct, s.Message.Visibility));
        // the store agrees: one delivery each, for the local date of 2 March
        foreach (string person in people)
        {
            DailyDelivery d = Assert.Single(await store.ListDeliveriesAsync(DailySchedule.IdFor(Platforms.Slack, "T01", "", person), 10));
            Assert.Equal(new DateOnly(2026, 3, 2), d.LocalDate);
        }
    }
}

public sealed class DailyPromptsOnTwoPostgresWorkersTests(PostgresDatabase database)
    : DailyPromptsOnTwoWorkersTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override ICoachStore CreateStore() => new PostgresCoachStore(database.ConnectionString, NullLogger<PostgresCoachStore>.Instance);
}

public sealed class DailyPromptsOnTwoSqliteWorkersTests(SqliteFile file) : DailyPromptsOnTwoWorkersTests, IClassFixture<SqliteFile>
{
    protected override ICoachStore CreateStore() => new SqliteCoachStore(file.ConnectionString, NullLogger<SqliteCoachStore>.Instance);
}
