using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Delivery;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Coach.Discord.Tests.Delivery;

/// <summary>Replies through the store's outbox, in one process: saved with the turn, posted with a nonce derived from the
/// outbox key, marked sent (the row leaves the outbox) once Discord took it; and the sweep that sends what a dead worker left.</summary>
public sealed class OutboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string UserId = PracticeTests.UserId;
    private const string Dm = "777000000000000077";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private Task<Harness> StartAsync(FakeDiscord? fake = null) =>
        Harness.StartAsync(output, new CoachEngine(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, _store, _store),
            sharedFake: fake,
            settings: new Dictionary<string, string?> { ["Discord:DeliveryLease"] = "00:00:00.500", ["Discord:DeliverySweep"] = "00:00:00.100" },
            configureServices: s => s.AddSingleton<IDeliveryStore>(_store));

    /// <summary>The replies of an event still in the outbox (not marked sent: a sent reply leaves it), by number.</summary>
    private List<int> Unsent(string eventKey)
    {
        using var c = new SqliteConnection("Data Source=" + _temp.Path);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq FROM outbox WHERE event_key = $k ORDER BY seq";
        cmd.Parameters.AddWithValue("$k", eventKey);
        using var r = cmd.ExecuteReader();
        var rows = new List<int>();
        while (r.Read())
        {
            rows.Add(r.GetInt32(0));
        }
        return rows;
    }

    [Fact]
    public async Task A_reply_Discord_took_whose_answer_was_lost_is_not_posted_twice_and_is_marked_sent()
    {
        await using var h = await StartAsync();
        await h.WaitReadyAsync();
        FakeHold dropped = h.Fake.DropNextPostAnswer(Dm);
        var message = h.Fake.Message(Dm, UserId, "practice L6 ownership", guildId: null);
        string eventKey = "discord:" + message["id"]!.GetValue<string>();
        await h.Fake.DispatchAsync("MESSAGE_CREATE", message);

        RestCall first = await dropped.Arrived.WaitAsync(Patience); // posted after its turn's commit saved it
        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "every reply marked sent");

        // the client sent the create again after the lost answer, with the same nonce; Discord returned the first message
        string nonce = first.Body!["nonce"]!.GetValue<string>();
        Assert.True(first.Body!["enforce_nonce"]!.GetValue<bool>());
        Assert.Equal(OutboxRow.Nonce(eventKey, 0, 0), nonce);
        Assert.True(nonce.Length <= 25);
        Assert.Equal(2, h.Fake.CallsTo("POST", $"/channels/{Dm}/messages").Count(c => c.Body?["nonce"]?.GetValue<string>() == nonce));
        IReadOnlyList<FakeMessage> shown = h.Fake.MessagesIn(Dm);
        Assert.Single(shown, m => m.Nonce == nonce);
        Assert.Equal(shown.Count, shown.Select(m => m.Nonce).Distinct().Count());
    }

    [Fact]
    public async Task A_reply_whose_every_try_went_unanswered_stays_unsent_and_the_sweep_sends_it_once_with_the_same_nonce()
    {
        await using var h = await StartAsync();
        await h.WaitReadyAsync();
        // Discord takes the create, and every answer is lost: the client's three tries all fail
        FakeHold[] drops = [h.Fake.DropNextPostAnswer(Dm), h.Fake.DropNextPostAnswer(Dm), h.Fake.DropNextPostAnswer(Dm)];
        var message = h.Fake.Message(Dm, UserId, "practice L6 ownership", guildId: null);
        string eventKey = "discord:" + message["id"]!.GetValue<string>();
        await h.Fake.DispatchAsync("MESSAGE_CREATE", message);
        await drops[2].Arrived.WaitAsync(Patience); // the row stays unsent: only the sweep posts it a fourth time
        Assert.Equal([0], Unsent(eventKey));

        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "every reply marked sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // several sweeps later
        string nonce = OutboxRow.Nonce(eventKey, 0, 0);
        Assert.Equal(4, h.Fake.CallsTo("POST", $"/channels/{Dm}/messages").Count(c => c.Body?["nonce"]?.GetValue<string>() == nonce));
        IReadOnlyList<FakeMessage> shown = h.Fake.MessagesIn(Dm);
        Assert.Single(shown, m => m.Nonce == nonce);
        Assert.Equal(shown.Count, shown.Select(m => m.Nonce).Distinct().Count());
    }

    [Fact]
    public async Task An_interaction_reply_is_saved_and_marked_sent_once_the_original_is_edited()
    {
        await using var h = await StartAsync();
        await h.WaitReadyAsync();
        var interaction = h.Fake.CommandInteraction(UserId, "help");
        string eventKey = "discord:" + interaction["id"]!.GetValue<string>();
        await h.Fake.DispatchAsync("INTERACTION_CREATE", interaction);

        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), Patience, "the edited original");
        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "the reply marked sent");
        RestCall edit = Assert.Single(h.Fake.CallsTo("PATCH", "/messages/@original"));
        Assert.Contains("/coach", edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(h.Fake.CallsTo("POST", "/channels/"));
    }

    [Theory]
    [InlineData(1, false)]  // within Discord's nonce window: posted with the row's nonce
    [InlineData(10, false)] // past it, and not in the channel: posted
    [InlineData(10, true)]  // past it, and in the channel already (the dead worker's post went through): found, not posted
    public async Task The_sweep_sends_a_reply_a_dead_worker_left_and_marks_it_sent(int minutesAgo, bool alreadyPosted)
    {
        var fake = await FakeDiscord.StartAsync();
        const string text = "Here is your practice question.";
        var decided = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        const string eventKey = "discord:880000000000000088";
        // what the dead worker left: the turn committed with its reply, never marked sent
        await _store.CommitAsync(new Commit(new PersonKey("discord", "@dm", UserId), eventKey, decided,
            Replies: [new Outgoing(Visibility.Channel, Dm, null, UserId, text)]));
        FakeMessage? earlier = alreadyPosted ? fake.SeedBotMessage(Dm, text, decided.AddSeconds(1)) : null;
        Assert.Equal([0], Unsent(eventKey));

        await using var h = await StartAsync(fake);
        await h.WaitReadyAsync();
        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "the reply marked sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // several sweeps later

        var posts = h.Fake.CallsTo("POST", $"/channels/{Dm}/messages").ToList();
        FakeMessage shown = Assert.Single(h.Fake.MessagesIn(Dm), m => m.Content == text);
        if (alreadyPosted)
        {
            Assert.Empty(posts);
            Assert.Equal(earlier!.Id, shown.Id);
        }
        else
        {
            RestCall post = Assert.Single(posts);
            Assert.Equal(OutboxRow.Nonce(eventKey, 0, 0), post.Body!["nonce"]!.GetValue<string>());
        }
        Assert.Equal(minutesAgo > 2, h.Fake.CallsTo("GET", $"/channels/{Dm}/messages").Any());
        await fake.DisposeAsync();
    }

    [Theory]
    [InlineData(1, false)]  // the dead worker opened nothing: the thread is opened from a message of its own
    [InlineData(1, true)]   // it had opened the thread, within the nonce window: the same message, the same thread
    [InlineData(10, true)]  // it had opened the thread, past the nonce window: the message found in the channel, the same thread
    public async Task A_thread_opening_reply_a_dead_worker_left_continues_in_the_thread_that_worker_opened(int minutesAgo, bool opened)
    {
        var fake = await FakeDiscord.StartAsync();
        const string title = "L6 Ownership practice";
        const string text = "Here is your practice question.";
        const string eventKey = "discord:880000000000000090";
        var decided = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        await _store.CommitAsync(new Commit(new PersonKey("discord", FakeDiscord.GuildId, UserId), eventKey, decided,
            Replies: [new Outgoing(Visibility.Thread, FakeDiscord.ChannelId, null, UserId, text, OpenThreadTitle: title)]));
        string starterText = "\U0001F9F5 **" + title + "**";
        string? earlier = null;
        if (opened)
        {
            // what the dead worker did before it died: the thread's message, posted with the row's first nonce, and the thread
            earlier = fake.SeedBotMessage(FakeDiscord.ChannelId, starterText, decided.AddSeconds(1), OutboxRow.Nonce(eventKey, 0, 0)).Id;
            fake.SeedThreadFrom(earlier);
        }

        await using var h = await StartAsync(fake);
        await h.WaitReadyAsync();
        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "the reply marked sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // several sweeps later

        string thread = Assert.Single(fake.CreatedThreads);
        FakeMessage starter = Assert.Single(fake.MessagesIn(FakeDiscord.ChannelId));
        Assert.Equal(starterText, starter.Content);
        Assert.Equal(thread, starter.Id);
        if (opened)
        {
            Assert.Equal(earlier, thread);
            Assert.All(fake.CallsTo("POST", "/threads"), c => Assert.Equal(400, c.Status)); // "A thread has already been created for this message"
        }
        Assert.Equal(text, Assert.Single(fake.MessagesIn(thread)).Content);
        Assert.Equal(OutboxRow.Nonce(eventKey, 0, 1), Assert.Single(fake.MessagesIn(thread)).Nonce);
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task A_reply_only_for_the_person_a_dead_worker_left_goes_by_DM_since_its_interaction_went_with_that_worker()
    {
        var fake = await FakeDiscord.StartAsync();
        const string eventKey = "discord:880000000000000089";
        await _store.CommitAsync(new Commit(new PersonKey("discord", FakeDiscord.GuildId, UserId), eventKey, DateTimeOffset.UtcNow.AddSeconds(-30),
            Replies: [new Outgoing(Visibility.Ephemeral, FakeDiscord.ChannelId, null, UserId, "Only for you.")]));

        Assert.Equal([0], Unsent(eventKey));
        await using var h = await StartAsync(fake);
        await h.WaitReadyAsync();
        await FakeDiscord.WaitUntilAsync(() => Unsent(eventKey) is [], Patience, "the reply marked sent");

        string dm = "7" + UserId[1..]; // the fake's DM channel with the person
        FakeMessage shown = Assert.Single(h.Fake.MessagesIn(dm));
        Assert.Equal("Only for you.", shown.Content);
        Assert.Empty(h.Fake.MessagesIn(FakeDiscord.ChannelId));
        await fake.DisposeAsync();
    }

    [Fact]
    public void A_message_read_back_is_matched_to_a_part_by_its_text_and_its_embeds_titles_and_descriptions()
    {
        var sent = new MessagePayload("Part 1 of 4", [new Embed("Situation", "What was going on? ", Color: 5, Fields: [new EmbedField("Tip", "Numbers")])]);
        var same = new PostedMessage("1", new DiscordUser(FakeDiscord.BotUserId), "Part 1 of 4 ", [new PostedEmbed("Situation", "What was going on?")]);
        var other = same with { Embeds = [new PostedEmbed("Situation", "Something else")] };
        var bare = same with { Embeds = [] };
        Assert.Equal(OutboxRow.Fingerprint(sent), OutboxRow.Fingerprint(same));
        Assert.NotEqual(OutboxRow.Fingerprint(sent), OutboxRow.Fingerprint(other));
        Assert.NotEqual(OutboxRow.Fingerprint(sent), OutboxRow.Fingerprint(bare));
    }

    [Fact]
    public void Nonces_are_25_characters_and_differ_by_event_reply_and_part()
    {
        string a = OutboxRow.Nonce("discord:1", 0, 0);
        Assert.Equal(25, a.Length);
        Assert.All(a, ch => Assert.True(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch)));
        Assert.Equal(a, OutboxRow.Nonce("discord:1", 0, 0));
        Assert.Equal(4, new[] { a, OutboxRow.Nonce("discord:1", 1, 0), OutboxRow.Nonce("discord:1", 0, 1), OutboxRow.Nonce("discord:2", 0, 0) }.Distinct().Count());
    }
}
