using System.Diagnostics;
using System.Net;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Worker.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Storage.Tests;

/// <summary>The database goes away in the middle of a practice and comes back, on a PostgreSQL cluster of the test's own.</summary>
public sealed class PostgresOutageTests
{
    private const string Situation = "Our payments platform served 4 business units, and outages were putting $40M of annual revenue at risk as two competitors gained share in Europe.";
    private const string Task = "I owned the multi-year reliability strategy for the platform and its availability target of 99.99% across every region.";
    private const string Action = "I led 9 managers and about 110 engineers across 7 teams. I aligned the CFO and the CTO on a two-year plan, negotiated with 3 cloud vendors, and set the architecture principles every team followed.";
    private const string Result = "Availability rose from 99.5% to 99.99%, and we protected $45M a year measured against the prior year's baseline. I presented the design at an industry conference.";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private int _events;

    private Incoming Dm(string text) =>
        new(Platforms.Slack, "T01", "D01", null, "U01", "Ev" + Interlocked.Increment(ref _events), _time.GetUtcNow(), IncomingKind.Message, Text: text, IsDirect: true);

    /// <summary>The worker's engine chain on the store (the guard around the engine), with a practice open and its Situation taken.</summary>
    private async Task<ICoachEngine> PracticeUpToTheTaskAsync(PostgresCoachStore store)
    {
        await store.InitializeAsync();
        var engine = new StoreOutageGuard(new CoachEngine(store, _time, new CoachOptions(), NullLogger<CoachEngine>.Instance), new StoreFaults(), TimeProvider.System, NullLogger<StoreOutageGuard>.Instance);
        Assert.Contains("L7 practice", Assert.Single(await engine.HandleAsync(Dm("practice L7 ownership"))).Text, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("Part 2 of 4: Task", Assert.Single(await engine.HandleAsync(Dm(Situation))).Card!.Title);
        return engine;
    }

    [PrivatePostgresFact]
    public async System.Threading.Tasks.Task The_server_stops_mid_practice_the_person_is_told_to_resend_and_the_practice_continues_once_it_is_back()
    {
        await using PrivatePostgres pg = await PrivatePostgres.StartAsync();
        await using var store = new PostgresCoachStore(pg.ConnectionString, NullLogger<PostgresCoachStore>.Instance);
        ICoachEngine engine = await PracticeUpToTheTaskAsync(store);
        await using var operations = new OperationsServer(Options.Create(new HealthOptions()), Options.Create(new MetricsOptions { Exporter = "none" }), store,
            [], TimeProvider.System, NullLogger<OperationsServer>.Instance, new StoreFaults()).ForceStart();
        await operations.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = operations.Address };
        // the pool now holds open connections, as a busy worker's does
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        await pg.StopServerAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        Outgoing whileDown = Assert.Single(await engine.HandleAsync(Dm(Task)));
        Assert.Equal(StoreOutageGuard.CannotSaveText, whileDown.Text);
        Assert.Equal((Visibility.Channel, "D01"), (whileDown.Visibility, whileDown.Channel));
        HttpResponseMessage notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("store: cannot be reached", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await pg.StartServerAsync();
        var back = Stopwatch.StartNew();
        _time.Advance(TimeSpan.FromSeconds(30));
        // the first message after the server's return is taken: no restart, no stale pooled connection in the way
        Assert.Equal("Part 3 of 4: Action", Assert.Single(await engine.HandleAsync(Dm(Task))).Card!.Title);
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"the first message after the return took {back.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal("Part 4 of 4: Result", Assert.Single(await engine.HandleAsync(Dm(Action))).Card!.Title);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains(await engine.HandleAsync(Dm(Result)), r => r.Card?.Title.StartsWith("Reads as", StringComparison.Ordinal) == true);

        // every part once: the Task sent while the server was down was not kept, the one sent after is
        StoryRecord story = Assert.Single(await store.ListStoriesAsync(new PersonKey(Platforms.Slack, "T01", "U01")));
        Assert.Equal(new Core.Rubric.StarAnswer(Situation, Task, Action, Result), story.Answer);
        await operations.StopAsync(CancellationToken.None);
    }

    [PrivatePostgresFact]
    public async System.Threading.Tasks.Task A_restart_between_two_messages_goes_unnoticed()
    {
        await using PrivatePostgres pg = await PrivatePostgres.StartAsync();
        await using var store = new PostgresCoachStore(pg.ConnectionString, NullLogger<PostgresCoachStore>.Instance);
        ICoachEngine engine = await PracticeUpToTheTaskAsync(store);

        // a busy worker: several people at once leave several connections idle in the pool
        await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(i => engine.HandleAsync(Dm("help") with { User = "U1" + i, Channel = "D1" + i })));

        // the pooled connections die with the server; nobody writes until it is back
        await pg.StopServerAsync();
        await pg.StartServerAsync();

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("Part 3 of 4: Action", Assert.Single(await engine.HandleAsync(Dm(Task))).Card!.Title);
    }
}
