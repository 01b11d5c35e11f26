using Coach.Core.Conversation;
using Coach.Core.Progress;
using Coach.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Worker.Tests;

/// <summary>A real engine on a real SQLite file in a temp folder, with a fake clock.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private int _events;

    private EngineHarness(string dir, SqliteCoachStore store, FakeTimeProvider time, CoachEngine engine)
    {
        Directory = dir;
        Store = store;
        Time = time;
        Engine = engine;
    }

    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "coach.db");
    public SqliteCoachStore Store { get; }
    public FakeTimeProvider Time { get; }
    public CoachEngine Engine { get; }

    public static async Task<EngineHarness> StartAsync(CoachOptions? options = null, IProgressChartRenderer? charts = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "coach-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var store = new SqliteCoachStore($"Data Source={Path.Combine(dir, "coach.db")}", NullLogger<SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var engine = new CoachEngine(store, time, options ?? new CoachOptions(), NullLogger<CoachEngine>.Instance, store, store) { Charts = charts };
        return new EngineHarness(dir, store, time, engine);
    }

    public Incoming Message(string text, string user = "ada", string? eventId = null) =>
        new(Platforms.Console, "local", "console", null, user, eventId ?? $"e{Interlocked.Increment(ref _events)}", Time.GetUtcNow(),
            IncomingKind.Message, Text: text, IsDirect: true);

    public Task<IReadOnlyList<Outgoing>> SayAsync(string text, string user = "ada") => Engine.HandleAsync(Message(text, user));

    public Task<IReadOnlyList<Outgoing>> PressAsync(string actionId, string user = "ada") =>
        Engine.HandleAsync(new Incoming(Platforms.Console, "local", "console", null, user, $"b{Interlocked.Increment(ref _events)}", Time.GetUtcNow(),
            IncomingKind.Button, ActionId: actionId, IsDirect: true));

    public static string AllText(IReadOnlyList<Outgoing> replies) => string.Join("\n---\n", replies.Select(Worker.Console.PlainText.Render));

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
