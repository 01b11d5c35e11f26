using System.Text.Json.Nodes;
using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Discord.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

/// <summary>The progress picture attached to the reply (multipart payload_json + files[0]) and edited or deleted answer parts,
/// through the real transport, the real engine and the SQLite store, against the fake Discord.</summary>
public sealed class ProgressAndEditsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string UserId = PracticeTests.UserId;
    private const string Dm = "710000000000000071";

    private static readonly string[] Answers =
    [
        "In 2023 our payments platform at a retailer with 40 million customers had weekly outages; each one put about $8M of annual revenue at risk and the CFO asked for a plan.",
        "I owned the reliability programme across six teams and 90 engineers, with a mandate from the VP to cut incidents by half within the year.",
        "I set up a weekly incident review with the six managers, I negotiated a shared error budget with product leaders, I moved two services to active-active across regions, and I hired three senior SREs to own the runbooks.",
        "Outages fell from 14 a quarter to 3, measured against the prior year baseline, which protected $12M a year in revenue; the lesson was to fund reliability as a product.",
    ];

    private const string EditedSituation = "In 2023 our payments platform at a retailer with 40 million customers had weekly outages; each one put about $30M of annual revenue at risk and the CFO asked for a plan.";

    private readonly RecordingChartRenderer _charts = new();
    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private CoachEngine Engine() => new(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance) { Charts = _charts };

    private static List<RestCall> Posted(Harness h, string channel) =>
        [.. h.Fake.CallsTo("POST", $"/channels/{channel}/messages").Where(c => c.Status == 200)];

    private static string Text(RestCall c) => c.Body!.ToJsonString();

    /// <summary>Sends a DM message and waits for the reply it brings.</summary>
    private static async Task<RestCall> SayAsync(Harness h, string text, string? id = null)
    {
        int before = Posted(h, Dm).Count;
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(Dm, UserId, text, guildId: null, id: id));
        await FakeDiscord.WaitUntilAsync(() => Posted(h, Dm).Count > before, what: "a reply in the DM");
        return Posted(h, Dm)[before];
    }

    private static async Task<RestCall> DispatchAndWaitAsync(Harness h, string type, JsonObject data)
    {
        int before = Posted(h, Dm).Count;
        await h.Fake.DispatchAsync(type, data);
        await FakeDiscord.WaitUntilAsync(() => Posted(h, Dm).Count > before, what: $"a reply to {type}");
        return Posted(h, Dm)[before];
    }

    private static void AssertPicture(RestCall call, int answers, RecordingChartRenderer charts)
    {
        Assert.StartsWith("multipart/form-data", call.Headers["Content-Type"], StringComparison.Ordinal);
        var file = Assert.Single(call.Files);
        Assert.Equal(("files[0]", "progress.png", "image/png"), (file.Name, file.FileName, file.ContentType));
        Assert.Equal((ScottPlotProgressRenderer.Width, ScottPlotProgressRenderer.Height), PngImage.Size(file.Bytes));
        var attachment = Assert.Single(call.Body!["attachments"]!.AsArray())!;
        Assert.Equal(0, attachment["id"]!.GetValue<int>());
        Assert.Equal("progress.png", attachment["filename"]!.GetValue<string>());
        Assert.StartsWith("Progress toward", attachment["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var embed = call.Body["embeds"]![0]!;
        Assert.StartsWith("Your progress toward", embed["title"]!.GetValue<string>(), StringComparison.Ordinal); // the text stays beside it
        Assert.Equal("attachment://progress.png", embed["image"]!["url"]!.GetValue<string>());
        var drawn = charts.Drawn.Last();
        Assert.Equal(answers, drawn.Chart.Answers.Count); // one point per finished answer
        Assert.Equal(drawn.File.Content, file.Bytes);
    }

    [Fact]
    public async Task Progress_in_a_DM_attaches_the_picture_shown_in_the_embed()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();

        var empty = await SayAsync(h, "progress");
        Assert.Empty(empty.Files); // no answers yet: no picture, a sentence saying what will appear
        Assert.Contains("No answers yet", Text(empty), StringComparison.Ordinal);
        Assert.StartsWith("application/json", empty.Headers["Content-Type"], StringComparison.Ordinal);

        await SayAsync(h, $"review Situation: {Answers[0]}\nTask: {Answers[1]}\nAction: {Answers[2]}\nResult: {Answers[3]}");
        var progress = await SayAsync(h, "progress");
        AssertPicture(progress, 1, _charts);

        // the same through /coach progress in the DM
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "progress", channelId: Dm, guildId: null));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.Calls.Count(c => c.Files.Count > 0) >= 2, what: "the picture again");
        var again = h.Fake.Calls.Last(c => c.Files.Count > 0);
        AssertPicture(again, 1, _charts);
    }

    [Fact]
    public async Task Progress_asked_in_a_server_channel_answers_the_interaction_privately_with_the_picture()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();
        // a story in this server (a person's stories belong to one server): the review form submitted in the channel
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ModalSubmitInteraction(UserId, CoachEngine.ReviewFormId, new Dictionary<string, string>
        {
            ["situation"] = Answers[0], ["task"] = Answers[1], ["action"] = Answers[2], ["result"] = Answers[3],
        }));
        await FakeDiscord.WaitUntilAsync(() => _store.ListStoriesAsync(new PersonKey(Platforms.Discord, FakeDiscord.GuildId, UserId)).Result.Count == 1, what: "the review saved");

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "progress"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.Calls.Any(c => c.Path.Contains("/webhooks/", StringComparison.Ordinal) && c.Files.Count > 0), what: "the private reply with the picture");
        var reply = h.Fake.Calls.Single(c => c.Path.Contains("/webhooks/", StringComparison.Ordinal) && c.Files.Count > 0);
        Assert.Equal(200, reply.Status);
        AssertPicture(reply, 1, _charts);
        Assert.DoesNotContain(h.Fake.Calls, c => c.Path.Contains($"/channels/{FakeDiscord.ChannelId}/messages", StringComparison.Ordinal)); // nothing public
    }

    [Fact]
    public async Task Edits_and_deletions_of_answer_parts_count_until_the_feedback_and_each_edit_once()
    {
        await using var h = await Harness.StartAsync(output, Engine());
        await h.WaitReadyAsync();
        await SayAsync(h, "practice L7 ownership");
        string[] ids = [h.Fake.NewId(), h.Fake.NewId(), h.Fake.NewId(), h.Fake.NewId()];
        await SayAsync(h, Answers[0], ids[0]);
        await SayAsync(h, Answers[1], ids[1]);

        // the Situation edited; the same MESSAGE_UPDATE again (a replay) and an embed-only update change nothing
        var editedAt = DateTimeOffset.UtcNow;
        var updated = await DispatchAndWaitAsync(h, "MESSAGE_UPDATE", h.Fake.MessageUpdate(ids[0], Dm, UserId, EditedSituation, editedAt, guildId: null));
        Assert.Contains("Updated your Situation with your edit", Text(updated), StringComparison.Ordinal);
        await h.Fake.DispatchAsync("MESSAGE_UPDATE", h.Fake.MessageUpdate(ids[0], Dm, UserId, EditedSituation, editedAt, guildId: null));
        await h.Fake.DispatchAsync("MESSAGE_UPDATE", h.Fake.MessageUpdate(ids[0], Dm, UserId, null, editedAt, guildId: null));

        // the Task deleted: asked for again
        var ask = await DispatchAndWaitAsync(h, "MESSAGE_DELETE", FakeDiscord.MessageDelete(ids[1], Dm, guildId: null));
        Assert.Contains("You deleted your Task", Text(ask), StringComparison.Ordinal);
        Assert.Contains("Part 2 of 4: Task", Text(ask), StringComparison.Ordinal);
        await SayAsync(h, Answers[1], h.Fake.NewId());
        await SayAsync(h, Answers[2], ids[2]);
        await SayAsync(h, Answers[3], ids[3]);
        var feedback = Posted(h, Dm).First(c => Text(c).Contains("Feedback on your answer", StringComparison.Ordinal));
        Assert.Contains("$30M", Text(feedback), StringComparison.Ordinal);
        Assert.DoesNotContain("$8M", Text(feedback), StringComparison.Ordinal);
        Assert.Single(Posted(h, Dm), c => Text(c).Contains("Updated your Situation", StringComparison.Ordinal));

        // after the feedback (and its follow-up question): an edit gets no reply and changes nothing
        await FakeDiscord.WaitUntilAsync(() => Posted(h, Dm).Any(c => Text(c).Contains("A bar raiser would follow up", StringComparison.Ordinal)), what: "the follow-up question");
        int before = h.Fake.Calls.Count;
        await h.Fake.DispatchAsync("MESSAGE_UPDATE", h.Fake.MessageUpdate(ids[0], Dm, UserId, "Something else with $99M.", editedAt.AddMinutes(1), guildId: null));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(Dm, UserId, "stories", guildId: null));
        await FakeDiscord.WaitUntilAsync(() => Posted(h, Dm).Any(c => Text(c).Contains("Your story bank", StringComparison.Ordinal)), what: "the story list");
        Assert.Single(h.Fake.Calls.Skip(before)); // only the answer to `stories`
        StoryRecord story = Assert.Single(await _store.ListStoriesAsync(new PersonKey(Platforms.Discord, "@dm", UserId)));
        Assert.Equal(EditedSituation, story.Answer.Situation);
    }
}
