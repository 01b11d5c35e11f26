using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

/// <summary>The real engine and SQLite store behind the real transport, against the fake Discord.</summary>
public sealed class EndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string UserId = PracticeTests.UserId;
    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private ICoachEngine Engine() => new Recording(new CoachEngine(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance), output);

    /// <summary>Shows in the test output what went into the engine and what came out (kinds and counts, no text).</summary>
    private sealed class Recording(ICoachEngine inner, ITestOutputHelper output) : ICoachEngine
    {
        public async Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
        {
            var replies = await inner.HandleAsync(incoming, cancellationToken);
            output.WriteLine($"engine: {incoming.Kind} {incoming.Command}{incoming.ActionId} ch={incoming.Channel} th={incoming.Thread} -> {string.Join(", ", replies.Select(r => $"{r.Visibility}(ch={r.Channel}, th={r.Thread}, open={r.OpenThreadTitle is not null}, form={r.Form is not null})"))}");
            return replies;
        }
    }

    private static IEnumerable<JsonNode> Posted(Harness h, string channel) =>
        h.Fake.CallsTo("POST", $"/channels/{channel}/messages").Where(c => c.Status == 200).Select(c => c.Body!);

    private static string AllText(JsonNode message) => message.ToJsonString();

    [Fact]
    public async Task A_whole_practice_from_slash_command_to_feedback_through_the_real_engine()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();

        // /coach practice level:L7 principle:ownership in a server channel
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "practice", [("level", "L7"), ("principle", "ownership")]));
        await FakeDiscord.WaitUntilAsync(() => !h.Fake.CreatedThreads.IsEmpty, what: "thread opened");
        var thread = h.Fake.CreatedThreads.Single();
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Any(), what: "question in the thread");
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), what: "interaction answered");
        var threadName = h.Fake.CallsTo("POST", "/threads").Single().Body!["name"]!.GetValue<string>();
        Assert.Contains("Ownership", threadName, StringComparison.Ordinal);
        Assert.Contains("L7", threadName, StringComparison.Ordinal);
        var question = Posted(h, thread).Single();
        Assert.NotNull(question["embeds"]); // the question card
        // the engine's private note ("I've opened a thread...") replaced the deferred reply
        Assert.Contains("thread", h.Fake.CallsTo("PATCH", "/messages/@original").Single().Body!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        string[] answers =
        [
            "In 2023 our payments platform at a retailer with 40 million customers had weekly outages; each one put about $8M of annual revenue at risk and the CFO asked for a plan.",
            "I owned the reliability programme across six teams and 90 engineers, with a mandate from the VP to cut incidents by half within the year.",
            "I set up a weekly incident review with the six managers, I negotiated a shared error budget with product leaders, I moved two services to active-active across regions, and I hired three senior SREs to own the runbooks.",
            "Outages fell from 14 a quarter to 3, measured against the prior year baseline, which protected $12M a year in revenue. I told @everyone and <@&123456789012345678> in the all-hands; the lesson was to fund reliability as a product.",
        ];
        int expected = 1;
        foreach (var answer in answers)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, UserId, answer));
            expected++;
            await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Count() >= expected, TimeSpan.FromSeconds(10), $"reply {expected}");
            var last = Posted(h, thread).Last();
            if (AllText(last).Contains("Keep it, go on", StringComparison.Ordinal))
            {
                // a nudge: keep the part and go on, as a person would with the button
                await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ButtonInteraction(UserId, "coach:next", thread));
                expected++;
                await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Count() >= expected, TimeSpan.FromSeconds(10), "after the nudge");
            }
        }

        // feedback is private in a public channel: with no interaction to answer ephemerally, it goes by DM
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/users/@me/channels").Any(), what: "DM opened for the feedback");
        var dm = "7" + UserId[1..]; // the fake's DM channel id for the user
        await FakeDiscord.WaitUntilAsync(() => Posted(h, dm).Any(), what: "feedback in the DM");
        var feedback = Posted(h, dm).First();
        var embed = feedback["embeds"]![0]!;
        Assert.False(string.IsNullOrEmpty(embed["title"]!.GetValue<string>()));
        Assert.NotNull(embed["color"]);
        Assert.True(embed["fields"]!.AsArray().Count > 0);
        Assert.Empty(feedback["allowed_mentions"]!["parse"]!.AsArray());

        // the thread says the feedback is ready, with a share button
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Any(m => AllText(m).Contains("coach:share:", StringComparison.Ordinal)), what: "share offer");
        var share = Posted(h, thread).First(m => AllText(m).Contains("coach:share:", StringComparison.Ordinal))["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();

        // the person shares it: the public feedback lands in the thread
        int before = Posted(h, thread).Count();
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ButtonInteraction(UserId, share, thread));
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Skip(before).Any(m => m["embeds"] is not null), what: "shared feedback");
        var shared = Posted(h, thread).Skip(before).First(m => m["embeds"] is not null);
        Assert.Contains("shared feedback", shared["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // nothing Coach sent can ping: no raw @everyone, no live role mention, parse [] everywhere
        foreach (var call in h.Fake.Calls.Where(c => c.Body is JsonObject b && (b["content"] is not null || b["embeds"] is not null)))
        {
            Assert.Empty(call.Body!["allowed_mentions"]!["parse"]!.AsArray());
            var text = call.Body.ToJsonString();
            Assert.DoesNotContain("@everyone", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<@&", text, StringComparison.Ordinal);
        }
        // one story saved, whatever the retries
        var stories = await _store.ListStoriesAsync(new PersonKey(Platforms.Discord, FakeDiscord.GuildId, UserId));
        Assert.Single(stories);
    }

    [Fact]
    public async Task Review_through_the_real_engine_opens_its_form_as_a_modal_and_answers_the_submission_privately()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "review"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Any(), what: "modal");
        var modal = h.Fake.CallsTo("POST", "/callback").Single().Body!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        var data = modal["data"]!;
        Assert.True(data["title"]!.GetValue<string>().Length <= 45);
        var ids = data["components"]!.AsArray().Select(c => c!["component"]!["custom_id"]!.GetValue<string>()).ToList();
        Assert.Equal(4, ids.Count);
        Assert.All(data["components"]!.AsArray(), c => Assert.True(c!["label"]!.GetValue<string>().Length <= 45));

        string[] parts =
        [
            "Our checkout failed weekly for 4 million customers, putting $2M a year at risk.",
            "I had to cut failures in half within two quarters.",
            "I led 12 engineers across 3 teams, I rebuilt the retry logic and I agreed an error budget with the product director.",
            "Failures fell 70% against the prior baseline and we kept $1.5M a year; I learned to measure before changing.",
        ];
        var values = ids.Zip(parts).ToDictionary(x => x.First, x => x.Second);
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ModalSubmitInteraction(UserId, data["custom_id"]!.GetValue<string>(), values));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), what: "feedback");

        var ack = h.Fake.CallsTo("POST", "/callback").Last().Body!;
        Assert.Equal(5, ack["type"]!.GetValue<int>());
        Assert.Equal(64, ack["data"]!["flags"]!.GetValue<int>()); // private in a public channel
        var feedback = h.Fake.CallsTo("PATCH", "/messages/@original").Single().Body!;
        Assert.NotNull(feedback["embeds"]![0]!["title"]);
        Assert.Contains("coach:share:", feedback.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(feedback["allowed_mentions"]!["parse"]!.AsArray());
        Assert.DoesNotContain(h.Fake.Calls, c => c.Path.Contains("/channels/", StringComparison.Ordinal) && c.Method == "POST"); // nothing public
    }
}
