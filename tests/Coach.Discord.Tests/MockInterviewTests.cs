using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

/// <summary>Issue 6 on Discord: a whole peer mock interview through the real transport, engine and SQLite store,
/// against the fake Discord.</summary>
public sealed class MockInterviewTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Interviewer = PracticeTests.UserId;
    private const string Candidate = "600000000000000042";

    // A strong L7 answer (the texts of the engine tests): the rubric reads every scorecard row as L7.
    private const string Situation = "Our payments platform served 4 business units, and outages were putting $40M of annual revenue at risk as two competitors gained share in Europe.";
    private const string TaskPart = "I owned the multi-year reliability strategy for the platform and its availability target of 99.99% across every region.";
    private const string Action = "I led 9 managers and about 110 engineers across 7 teams. I aligned the CFO and the CTO on a two-year plan, negotiated with 3 cloud vendors, and set the architecture principles every team followed.";
    private const string Result = "Availability rose from 99.5% to 99.99%, and we protected $45M a year measured against the prior year's baseline. I presented the design at an industry conference.";

    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    /// <summary>The real engine, with the store as its mock store too (as the worker wires it).</summary>
    private CoachEngine Engine() => new(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, schedules: _store, mocks: _store);

    private static IEnumerable<JsonNode> Posted(Harness h, string channel) =>
        h.Fake.CallsTo("POST", $"/channels/{channel}/messages").Where(c => c.Status == 200).Select(c => c.Body!);

    private static bool IsGuide(JsonNode? body) =>
        body is JsonObject o && o["embeds"]?[0]?["title"]?.GetValue<string>().StartsWith("Interviewer guide", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_peer_mock_interview_from_the_slash_command_to_the_combined_scorecard_in_a_thread()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();

        // /coach mock candidate:@candidate level:L7, typed by the interviewer in a server channel
        var command = h.Fake.CommandInteraction(Interviewer, "mock", [("candidate", Candidate), ("level", "L7")]);
        command["data"]!["options"]![0]!["options"]![0]!["type"] = 6; // a USER option, as Discord sends it
        var commandToken = command["token"]!.GetValue<string>();
        await h.Fake.DispatchAsync("INTERACTION_CREATE", command);

        // a thread is opened in the channel and the question posted there, naming both people
        await FakeDiscord.WaitUntilAsync(() => !h.Fake.CreatedThreads.IsEmpty, what: "thread opened");
        var thread = Assert.Single(h.Fake.CreatedThreads);
        var open = Assert.Single(h.Fake.CallsTo("POST", "/threads"));
        Assert.EndsWith($"/channels/{FakeDiscord.ChannelId}/messages/{thread}/threads", open.Path, StringComparison.Ordinal);
        var threadName = open.Body!["name"]!.GetValue<string>();
        Assert.StartsWith("Mock interview: ", threadName, StringComparison.Ordinal);
        Assert.EndsWith("(L7)", threadName, StringComparison.Ordinal);
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Any(), what: "question in the thread");
        var question = Posted(h, thread).Single();
        Assert.Equal($"Mock interview: <@{Interviewer}> interviews <@{Candidate}>.", question["content"]!.GetValue<string>());
        Assert.Contains("Mock interview", question["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(question["allowed_mentions"]!["parse"]!.AsArray()); // naming them does not ping

        // the interviewer guide reaches the interviewer only: it replaces the ephemeral (flags 64) deferred reply to
        // their own /coach interaction, which nobody else can see
        await FakeDiscord.WaitUntilAsync(() => h.Fake.Calls.Any(c => IsGuide(c.Body)), what: "interviewer guide");
        var guideCall = Assert.Single(h.Fake.Calls, c => IsGuide(c.Body));
        Assert.Equal("PATCH", guideCall.Method);
        Assert.Equal($"/api/v10/webhooks/{FakeDiscord.ApplicationId}/{commandToken}/messages/@original", guideCall.Path);
        var deferral = Assert.Single(h.Fake.CallsTo("POST", "/callback"));
        Assert.Equal(5, deferral.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, deferral.Body["data"]!["flags"]!.GetValue<int>());
        var guide = guideCall.Body!;
        var guideEmbed = guide["embeds"]![0]!;
        Assert.Contains(guideEmbed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "A strong L7 answer");
        Assert.Contains("Probes to ask", guideEmbed.ToJsonString(), StringComparison.Ordinal);
        // ... and never in the thread or the channel
        Assert.DoesNotContain(Posted(h, thread), IsGuide);
        Assert.DoesNotContain(Posted(h, FakeDiscord.ChannelId), IsGuide);
        Assert.DoesNotContain(h.Fake.CallsTo("POST", "/users/@me/channels"), c => c.Body!["recipient_id"]!.GetValue<string>() == Candidate);

        // the candidate answers in the thread in several messages; the interviewer's remark is not part of the answer
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Candidate, Situation));
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Count() >= 2, what: "keep going");
        Assert.Contains("Keep going", Posted(h, thread).Last()["content"]!.GetValue<string>(), StringComparison.Ordinal);
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Candidate, TaskPart));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Interviewer, "Take your time."));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Candidate, Action));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Candidate, Result));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, Candidate, "done"));

        // the answer is received in the thread with a "Score the answer" button for the interviewer
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Any(m => m.ToJsonString().Contains("coach:mock:score:", StringComparison.Ordinal)), what: "answer received");
        Assert.Equal(3, Posted(h, thread).Count()); // question, "keep going", "answer received": nothing for the other messages
        var received = Posted(h, thread).Last();
        Assert.Contains("Answer received", received["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var scoreButton = received["components"]![0]!["components"]!.AsArray().Single(b => b!["custom_id"]!.GetValue<string>().StartsWith("coach:mock:score:", StringComparison.Ordinal))!;
        Assert.Equal("Score the answer", scoreButton["label"]!.GetValue<string>());

        // the interviewer presses it: a modal (callback type 9) with five text inputs
        int callbacks = h.Fake.CallsTo("POST", "/callback").Count();
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ButtonInteraction(Interviewer, scoreButton["custom_id"]!.GetValue<string>(), thread));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Count() > callbacks, what: "modal");
        var modal = h.Fake.CallsTo("POST", "/callback").Last().Body!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        var data = modal["data"]!;
        Assert.StartsWith(CoachEngine.ScorecardFormPrefix, data["custom_id"]!.GetValue<string>(), StringComparison.Ordinal);
        var inputs = data["components"]!.AsArray();
        Assert.Equal(5, inputs.Count);
        Assert.All(inputs, c => Assert.Equal(4, c!["component"]!["type"]!.GetValue<int>()));
        var ids = inputs.Select(c => c!["component"]!["custom_id"]!.GetValue<string>()).ToList();
        Assert.Equal(["impact", "scope", "ownership", "stakeholders", "hire"], ids);

        // the interviewer submits bands: L7 on every row but ownership, which the rubric reads as L7
        var bands = new Dictionary<string, string> { ["impact"] = "L7", ["scope"] = "L7", ["ownership"] = "L6", ["stakeholders"] = "L7", ["hire"] = "hire" };
        var submit = h.Fake.ModalSubmitInteraction(Interviewer, data["custom_id"]!.GetValue<string>(), bands, channelId: thread);
        submit["channel"]!["type"] = 11; // submitted from the thread the button was in
        submit["channel"]!["parent_id"] = FakeDiscord.ChannelId;
        await h.Fake.DispatchAsync("INTERACTION_CREATE", submit);

        // one combined scorecard is posted in the thread, the disagreement marked with ⚠
        await FakeDiscord.WaitUntilAsync(() => Posted(h, thread).Count() >= 4, TimeSpan.FromSeconds(10), "scorecard");
        await Task.Delay(200);
        var scorecards = Posted(h, thread).Where(m => m["embeds"]?[0]?["title"]?.GetValue<string>().StartsWith("Mock interview scorecard", StringComparison.Ordinal) == true).ToList();
        var scorecard = Assert.Single(scorecards);
        Assert.Equal($"Scorecard for <@{Candidate}>'s answer.", scorecard["content"]!.GetValue<string>());
        var embed = scorecard["embeds"]![0]!;
        Assert.StartsWith("Mock interview scorecard: reads as L7", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var description = embed["description"]!.GetValue<string>();
        Assert.Contains("Peer hire signal: hire", description, StringComparison.Ordinal);
        Assert.Contains("disagree on 1 row", description, StringComparison.Ordinal);
        var names = embed["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        var marked = Assert.Single(names, n => n.StartsWith('⚠'));
        Assert.Equal("⚠ Ownership and horizon: peer L6 · rubric L7", marked);
        Assert.Contains("Impact and stakes: peer L7 · rubric L7", names);
        Assert.Contains("People and teams: peer L7 · rubric L7", names);
        Assert.Contains("Stakeholders and reach: peer L7 · rubric L7", names);
        Assert.Empty(scorecard["allowed_mentions"]!["parse"]!.AsArray());
        // nothing about the scoring went to the channel itself
        Assert.DoesNotContain(Posted(h, FakeDiscord.ChannelId), m => m.ToJsonString().Contains("scorecard", StringComparison.OrdinalIgnoreCase));

        // the candidate's story bank holds the answer, from the mock
        var story = Assert.Single(await _store.ListStoriesAsync(new PersonKey(Platforms.Discord, FakeDiscord.GuildId, Candidate)));
        Assert.Equal("mock", story.Source);
        Assert.Equal(Situation, story.Answer.Situation);
        Assert.Equal(TaskPart, story.Answer.Task); // the interviewer's remark in the thread is not part of it
        Assert.Equal(Action, story.Answer.Action);
        Assert.Equal(Result, story.Answer.Result);
        Assert.Empty(await _store.ListStoriesAsync(new PersonKey(Platforms.Discord, FakeDiscord.GuildId, Interviewer)));
    }
}
