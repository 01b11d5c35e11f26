using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Slack.Tests;

/// <summary>Whole practices through the real transport, the real <see cref="CoachEngine"/> and the SQLite store, against the fake Slack.</summary>
public sealed class RealEngineTests : IAsyncLifetime
{
    internal static readonly string[] Answers =
    [
        "Our payments platform served 40 million customers and was failing weekly; each outage put about $8M a year of revenue at risk across three business units.",
        "As the senior manager for payments I owned fixing reliability for the whole platform within two quarters.",
        "I led a cross-team reliability program across 6 teams and 70 engineers, I rewrote the on-call model, I hired two managers, and I negotiated the budget with the CFO and our card network partner.",
        "Outages fell 85% from 14 to 2 a quarter, which we measured against the prior year baseline and valued at $12M a year; I learned to fund reliability as a product.",
    ];

    private string _db = null!;
    private SqliteCoachStore _store = null!;
    private CoachEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _db = Path.Combine(Path.GetTempPath(), $"coach-slack-{Guid.NewGuid():N}.db");
        _store = new SqliteCoachStore($"Data Source={_db}", NullLogger<SqliteCoachStore>.Instance);
        await _store.InitializeAsync(default);
        _engine = new CoachEngine(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, _store, _store);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
        return Task.CompletedTask;
    }

    private static bool HasHeader(ApiCall c) =>
        c.Body["blocks"]?.AsArray().Any(b => b!["type"]!.GetValue<string>() == "header") == true;

    private static string AllText(ApiCall c) => System.Text.RegularExpressions.Regex.Unescape(c.RawBody);

    [Fact]
    public async Task A_whole_practice_in_a_DM_from_slash_command_to_feedback()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D100", "U1", "practice L7 ownership"));
        var question = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D100");
        Assert.True(HasHeader(question), "the question arrives as a card");
        Assert.Contains("coach:skip", question.RawBody, StringComparison.Ordinal);

        foreach (var answer in Answers)
        {
            int before = h.Fake.CallsTo("chat.postMessage").Count;
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("D100", "U1", answer, h.Fake.NextTs()));
            await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count > before, what: "a reply to each part");
            await Task.Delay(50);
        }
        var feedback = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && AllText(c).Contains("Feedback on your answer", StringComparison.Ordinal));
        Assert.Equal("D100", feedback.Str("channel"));
        Assert.True(HasHeader(feedback));
        Assert.Contains(feedback.Body["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "section"
            && b["text"]!["text"]!.GetValue<string>().Contains("\n>", StringComparison.Ordinal));
        Assert.Contains("coach:redo", feedback.RawBody, StringComparison.Ordinal);
        Assert.All(h.Fake.CallsTo("chat.postMessage"), c => Assert.Equal("D100", c.Str("channel")));
        Assert.Empty(h.Fake.CallsTo("chat.postEphemeral"));
        Assert.All(socket.Sent.Keys, id => Assert.True(socket.Acks.ContainsKey(id)));
    }

    [Fact]
    public async Task A_whole_practice_in_a_channel_thread_from_slash_command_to_feedback()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C200", "U2", "practice L7 ownership"));
        var root = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C200" && c.Str("thread_ts") is null);
        Assert.True(HasHeader(root), "the question card opens the thread");
        var notice = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral");
        Assert.Equal("U2", notice.Str("user"));

        // The engine learns the thread (ThreadOpened) before anything else in that channel is handled.
        var rootTs = await h.Fake.TsOfAsync(root);

        foreach (var answer in Answers)
        {
            int before = h.Fake.Calls.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral");
            var ts = h.Fake.NextTs();
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("C200", "U2", answer, ts, threadTs: rootTs));
            await FakeSlack.WaitUntilAsync(() => h.Fake.Calls.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral") > before, what: "a reply in the thread");
            await Task.Delay(50);
        }
        var feedback = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral" && AllText(c).Contains("Feedback on your answer", StringComparison.Ordinal));
        Assert.Equal(rootTs, feedback.Str("thread_ts"));
        Assert.Equal("U2", feedback.Str("user"));
        Assert.True(HasHeader(feedback));
        var share = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.RawBody.Contains("coach:share:", StringComparison.Ordinal));
        Assert.Equal(rootTs, share.Str("thread_ts"));
        Assert.All(h.Fake.CallsTo("chat.postMessage").Skip(1), c => Assert.Equal(rootTs, c.Str("thread_ts")));
    }

    [Fact]
    public async Task Review_through_the_modal_gives_feedback_in_the_DM()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D300", "U3", "review", triggerId: "trig-review-1"));
        var open = await h.Fake.WaitForCallAsync(c => c.Method == "views.open");
        Assert.Equal("trig-review-1", open.Str("trigger_id"));
        var view = open.Body["view"]!;
        var blocks = view["blocks"]!.AsArray();
        Assert.Equal(4, blocks.Count);
        Assert.All(blocks, b => Assert.True(b!["element"]!["multiline"]!.GetValue<bool>()));
        var ids = blocks.Select(b => b!["block_id"]!.GetValue<string>()).ToArray();

        var values = ids.Zip(Answers).ToDictionary(p => p.First, p => p.Second);
        await socket.SendEnvelopeAsync("interactive", Payloads.ViewSubmission("U3", view["callback_id"]!.GetValue<string>(), view["private_metadata"]!.GetValue<string>(), values));
        var feedback = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D300");
        Assert.True(HasHeader(feedback));
        Assert.Contains("Feedback on your answer", feedback.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_mock_interview_in_a_channel_thread_from_command_to_scorecards()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        // The interviewer U1 names the candidate U2 (Slack escapes "@pat" in a command as <@U2|pat>).
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C500", "U1", "mock <@U2|pat> L6"));
        var root = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C500" && c.Str("thread_ts") is null);
        var thread = await h.Fake.TsOfAsync(root);
        Assert.Equal("Mock interview: @Name U1 interviews @Name U2.", root.Str("text"));
        var guide = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral" && c.Str("user") == "U1");
        Assert.Contains("interviewer guide", guide.Str("text"), StringComparison.OrdinalIgnoreCase);

        await socket.SendEnvelopeAsync("events_api", Payloads.Message("C500", "U2", string.Join("\n", Answers), h.Fake.NextTs(), threadTs: thread));
        await socket.SendEnvelopeAsync("events_api", Payloads.Message("C500", "U2", "done", h.Fake.NextTs(), threadTs: thread));
        var received = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.RawBody.Contains("coach:mock:score:", StringComparison.Ordinal));
        Assert.Equal(thread, received.Str("thread_ts"));
        var scoreButton = received.Body["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["action_id"]!.GetValue<string>();

        await socket.SendEnvelopeAsync("interactive", Payloads.BlockAction("C500", "U1", scoreButton, null, await h.Fake.TsOfAsync(received), threadTs: thread));
        var open = await h.Fake.WaitForCallAsync(c => c.Method == "views.open");
        var view = open.Body["view"]!;
        var rows = view["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).ToList();
        Assert.Equal(5, rows.Count);
        var values = rows.ToDictionary(r => r, r => r == "hire" ? "hire" : "L6");
        await socket.SendEnvelopeAsync("interactive", Payloads.ViewSubmission("U1", view["callback_id"]!.GetValue<string>(), view["private_metadata"]!.GetValue<string>(), values));

        var scorecard = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && (c.Str("text") ?? "").StartsWith("Scorecard for", StringComparison.Ordinal));
        Assert.Equal(thread, scorecard.Str("thread_ts"));
        Assert.Equal("Scorecard for @Name U2's answer.", scorecard.Str("text"));
        Assert.True(HasHeader(scorecard));
    }
}
