using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Xunit.Abstractions;

namespace Coach.Discord.Tests.Interactions;

/// <summary>An interaction whose token can no longer be used (replayed after a restart, or acknowledged too late) still gets
/// its reply, as a message: where it was public anyway, or by DM.</summary>
public sealed class LateInteractionTests(ITestOutputHelper output)
{
    private const string UserId = PracticeTests.UserId;
    private const string UserDm = "700000000000000006"; // the fake's DM channel with UserId

    private static readonly Dictionary<string, string> NoHeaders = [];

    private static PlannedError UnknownInteraction() =>
        new("POST", "/callback", 404, new JsonObject { ["message"] = "Unknown interaction", ["code"] = 10062 }.ToJsonString(), NoHeaders);

    [Fact]
    public async Task A_button_pressed_while_the_worker_restarted_is_answered_in_its_thread_after_the_resume()
    {
        string dir = Path.Combine(Path.GetTempPath(), "coach-discord-late-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await using var fake = await FakeDiscord.StartAsync();
        using var store = new Coach.Storage.SqliteCoachStore($"Data Source={Path.Combine(dir, "coach.db")}", Microsoft.Extensions.Logging.Abstractions.NullLogger<Coach.Storage.SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        var engine = new ScriptedEngine();
        void UseStore(Microsoft.Extensions.DependencyInjection.IServiceCollection s) =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Coach.Core.Storage.ITransportStateStore>(s, store);

        string thread;
        await using (var first = await Harness.StartAsync(output, engine, sharedFake: fake, configureServices: UseStore))
        {
            await first.WaitReadyAsync();
            thread = await PracticeTests.StartPracticeAsync(first);
        }
        await FakeDiscord.WaitUntilAsync(() => !fake.ClientCloses.IsEmpty, what: "the first worker's connection to close");
        int before = fake.CallsTo("POST", $"/channels/{thread}/messages").Count();

        // the person presses Skip while no worker is connected; the worker is back ten seconds later
        JsonObject press = fake.ButtonInteraction(UserId, "practice:skip", thread);
        string id = FakeDiscord.SnowflakeAt(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10));
        press["id"] = id;
        await fake.DispatchAsync("INTERACTION_CREATE", press);
        fake.PlanError(UnknownInteraction()); // what Discord answers to a callback this late

        await using var second = await Harness.StartAsync(output, engine, sharedFake: fake, configureServices: UseStore);
        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Any(i => i.Kind == IncomingKind.Button), what: "the replayed press reaching the engine");
        await FakeDiscord.WaitUntilAsync(() => fake.CallsTo("POST", $"/channels/{thread}/messages").Count() > before, what: "the answer to the press in the thread");
        await Task.Delay(200);

        Assert.Equal(before + 1, fake.CallsTo("POST", $"/channels/{thread}/messages").Count());
        Assert.Contains("Now the Task", fake.CallsTo("POST", $"/channels/{thread}/messages").Last().Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(fake.CallsTo("POST", $"/interactions/{id}/")); // no callback on a dead token
        string token = press["token"]!.GetValue<string>();
        Assert.DoesNotContain(fake.Calls, c => c.Path.Contains(token, StringComparison.Ordinal)); // nor any follow-up
    }

    [Fact]
    public async Task A_command_acknowledged_too_late_gets_its_private_reply_by_DM()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        h.Fake.PlanError(UnknownInteraction());

        JsonObject help = h.Fake.CommandInteraction(UserId, "help");
        await h.Fake.DispatchAsync("INTERACTION_CREATE", help);
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{UserDm}/messages").Any(), what: "the reply by DM");
        await Task.Delay(200);

        Assert.Contains("Coach helps you practise", Assert.Single(h.Fake.CallsTo("POST", $"/channels/{UserDm}/messages")).Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(h.Fake.CallsTo("POST", "/callback")); // the one that found the token dead
        string token = help["token"]!.GetValue<string>();
        Assert.DoesNotContain(h.Fake.Calls, c => c.Path.Contains(token, StringComparison.Ordinal) && !c.Path.EndsWith("/callback", StringComparison.Ordinal));
        Assert.Empty(h.Fake.CallsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages")); // nothing private in the channel
    }

    [Fact]
    public async Task When_the_person_takes_no_DMs_a_note_in_the_channel_mentions_them_alone()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        h.Fake.PlanError(UnknownInteraction());
        h.Fake.PlanError(new PlannedError("POST", $"/channels/{UserDm}/messages", 403,
            new JsonObject { ["message"] = "Cannot send messages to this user", ["code"] = 50007 }.ToJsonString(), NoHeaders));

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "help"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages").Any(), what: "the note in the channel");

        JsonNode note = Assert.Single(h.Fake.CallsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages")).Body!;
        Assert.StartsWith($"<@{UserId}>", note["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Coach helps you practise", note["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(note["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(UserId, Assert.Single(note["allowed_mentions"]!["users"]!.AsArray())!.GetValue<string>());
    }
}
