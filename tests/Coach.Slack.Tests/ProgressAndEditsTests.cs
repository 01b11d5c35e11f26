using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Storage;
using Coach.Slack.Tests.Fake;
using Coach.Storage;
using Coach.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coach.Slack.Tests;

/// <summary>The progress picture uploaded in Slack's three steps, and edited or deleted answer parts, through the real transport,
/// the real engine and the SQLite store, against the fake Slack.</summary>
public sealed class ProgressAndEditsTests : IAsyncLifetime
{
    private static readonly string[] Answers = RealEngineTests.Answers;

    private const string EditedSituation = "Our payments platform served 40 million customers and was failing weekly; each outage put about $30M a year of revenue at risk across three business units.";

    private readonly RecordingChartRenderer _charts = new();
    private TempSqliteStore _temp = null!;
    private SqliteCoachStore _store = null!;
    private CoachEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.CreateAsync();
        _store = _temp.Store;
        _engine = new CoachEngine(_store, TimeProvider.System, new CoachOptions(), NullLogger<CoachEngine>.Instance, _store, _store) { Charts = _charts };
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private static string AllText(ApiCall c) => System.Text.RegularExpressions.Regex.Unescape(c.RawBody);

    /// <summary>Sends one message and waits for the transport's reply to it.</summary>
    private static async Task SendAsync(SlackHarness h, FakeSocket socket, System.Text.Json.Nodes.JsonObject payload)
    {
        int before = h.Fake.Calls.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        await socket.SendEnvelopeAsync("events_api", payload);
        await FakeSlack.WaitUntilAsync(() => h.Fake.Calls.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral") > before, what: "a reply");
    }

    [Fact]
    public async Task Progress_in_a_DM_uploads_the_picture_in_three_steps_into_the_same_DM()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D100", "U1", "practice L7 ownership"));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D100");
        foreach (var answer in Answers)
        {
            await SendAsync(h, socket, Payloads.Message("D100", "U1", answer, h.Fake.NextTs()));
        }
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && AllText(c).Contains("Feedback on your answer", StringComparison.Ordinal));

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D100", "U1", "progress"));
        var card = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && AllText(c).Contains("Your progress toward L7", StringComparison.Ordinal));
        var complete = await h.Fake.WaitForCallAsync(c => c.Method == "files.completeUploadExternal");

        var ask = Assert.Single(h.Fake.CallsTo("files.getUploadURLExternal"));
        Assert.StartsWith("application/x-www-form-urlencoded", ask.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer " + FakeSlack.BotToken, ask.Authorization);
        Assert.Equal("progress.png", ask.Str("filename"));
        Assert.Contains("1 answer, 1 on target", ask.Str("alt_txt"), StringComparison.Ordinal);

        var upload = Assert.Single(h.Fake.Uploads);
        Assert.StartsWith("multipart/form-data", upload.RequestContentType, StringComparison.Ordinal);
        Assert.Equal("filename", upload.FieldName);
        Assert.Equal("progress.png", upload.FileName);
        Assert.Equal("image/png", upload.PartContentType);
        Assert.Equal(upload.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ask.Str("length"));
        Assert.Equal((ScottPlotProgressRenderer.Width, ScottPlotProgressRenderer.Height), PngImage.Size(upload.Bytes));
        var (chart, drawn) = Assert.Single(_charts.Drawn);
        Assert.Single(chart.Answers); // one point per finished answer
        Assert.Equal(drawn.Content, upload.Bytes);

        Assert.Equal("D100", complete.Str("channel_id"));
        Assert.Null(complete.Str("thread_ts"));
        var files = System.Text.Json.Nodes.JsonNode.Parse(complete.Str("files")!)!.AsArray();
        Assert.Equal(upload.FileId, Assert.Single(files)!["id"]!.GetValue<string>());
        Assert.Equal("Your progress toward L7", files[0]!["title"]!.GetValue<string>());
        // the text stays beside the picture, posted first
        Assert.True(card.Timestamp < ask.Timestamp);
    }

    [Fact]
    public async Task Progress_asked_in_a_channel_answers_privately_and_sends_the_picture_to_the_DM()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D200", "U2", $"review Situation: {Answers[0]}\nTask: {Answers[1]}\nAction: {Answers[2]}\nResult: {Answers[3]}"));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && AllText(c).Contains("Feedback on your answer", StringComparison.Ordinal));

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C200", "U2", "progress"));
        var complete = await h.Fake.WaitForCallAsync(c => c.Method == "files.completeUploadExternal");
        var ephemeral = Assert.Single(h.Fake.CallsTo("chat.postEphemeral"));
        Assert.Equal("C200", ephemeral.Str("channel"));
        Assert.Equal("DU2", complete.Str("channel_id")); // Slack files are never ephemeral: the picture goes where only the person sees it
        Assert.Single(h.Fake.Uploads);
    }

    [Fact]
    public async Task A_reply_in_a_thread_shares_its_file_in_that_thread()
    {
        var engine = new ScriptedEngine
        {
            Override = i => i is { Kind: IncomingKind.Command, Command: "progress" }
                ? [new Outgoing(Visibility.Thread, i.Channel, "1700000000.000100", i.User, "Your progress",
                    Attachment: new FileAttachment("progress.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "A chart"))]
                : null,
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C300", "U3", "progress"));
        var complete = await h.Fake.WaitForCallAsync(c => c.Method == "files.completeUploadExternal");
        Assert.Equal("C300", complete.Str("channel_id"));
        Assert.Equal("1700000000.000100", complete.Str("thread_ts"));
        Assert.Equal("7", h.Fake.CallsTo("files.getUploadURLExternal").Single().Str("length"));
        Assert.Equal("A chart", h.Fake.CallsTo("files.getUploadURLExternal").Single().Str("alt_txt"));
        var post = h.Fake.CallsTo("chat.postMessage").Single();
        Assert.Equal("1700000000.000100", post.Str("thread_ts"));
    }

    [Fact]
    public async Task A_failed_upload_leaves_the_text_reply()
    {
        var engine = new ScriptedEngine
        {
            Override = i => i is { Kind: IncomingKind.Command, Command: "progress" }
                ? [new Outgoing(Visibility.Channel, i.Channel, null, i.User, "Your progress", Attachment: new FileAttachment("progress.png", "image/png", [1, 2, 3], "A chart")),
                   new Outgoing(Visibility.Channel, i.Channel, null, i.User, "And after it")]
                : null,
        };
        await using var h = await SlackHarness.StartAsync(engine, prepare: f => f.Script("files.getUploadURLExternal", FakeResponse.Error("missing_scope")));
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D400", "U4", "progress"));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("text") == "And after it");
        Assert.Empty(h.Fake.Uploads);
        Assert.Empty(h.Fake.CallsTo("files.completeUploadExternal"));
        Assert.Equal("Your progress", h.Fake.CallsTo("chat.postMessage")[0].Str("text"));
    }

    [Fact]
    public async Task An_edited_Situation_in_a_thread_changes_the_quoted_evidence_a_deletion_asks_again_and_a_late_edit_gets_no_reply()
    {
        await using var h = await SlackHarness.StartAsync(_engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C500", "U5", "practice L7 ownership"));
        var root = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C500" && c.Str("thread_ts") is null);
        string thread = await h.Fake.TsOfAsync(root);
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral");

        var ts = new string[4];
        for (int n = 0; n < 2; n++)
        {
            ts[n] = h.Fake.NextTs();
            await SendAsync(h, socket, Payloads.Message("C500", "U5", Answers[n], ts[n], threadTs: thread));
        }

        // the Situation edited: the same edit delivered twice is handled once
        var edit = Payloads.MessageChanged("C500", "U5", EditedSituation, Answers[0], ts[0], h.Fake.NextTs(), threadTs: thread);
        await SendAsync(h, socket, edit);
        var updated = await h.Fake.WaitForCallAsync(c => AllText(c).Contains("Updated your Situation with your edit", StringComparison.Ordinal));
        Assert.Equal(thread, updated.Str("thread_ts"));
        await socket.SendEnvelopeAsync("events_api", edit, retryAttempt: 1);

        // the Task deleted: asked for again, and given again
        await SendAsync(h, socket, Payloads.MessageDeleted("C500", "U5", Answers[1], ts[1], h.Fake.NextTs(), threadTs: thread));
        var askAgain = await h.Fake.WaitForCallAsync(c => AllText(c).Contains("You deleted your Task", StringComparison.Ordinal));
        Assert.Equal(thread, askAgain.Str("thread_ts"));
        ts[1] = h.Fake.NextTs();
        await SendAsync(h, socket, Payloads.Message("C500", "U5", Answers[1], ts[1], threadTs: thread));
        for (int n = 2; n < 4; n++)
        {
            ts[n] = h.Fake.NextTs();
            await SendAsync(h, socket, Payloads.Message("C500", "U5", Answers[n], ts[n], threadTs: thread));
        }
        var feedback = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral" && AllText(c).Contains("Feedback on your answer", StringComparison.Ordinal));
        Assert.Contains("$30M", AllText(feedback), StringComparison.Ordinal);
        Assert.DoesNotContain("$8M", AllText(feedback), StringComparison.Ordinal);
        Assert.Single(h.Fake.Calls, c => AllText(c).Contains("Updated your Situation", StringComparison.Ordinal));

        // after the feedback: an edit changes nothing and gets no reply
        await h.Transport.Dispatcher.WhenIdleAsync(CancellationToken.None);
        int calls = h.Fake.Calls.Count;
        await socket.SendEnvelopeAsync("events_api", Payloads.MessageChanged("C500", "U5", "Something else entirely, with $99M.", EditedSituation, ts[0], h.Fake.NextTs(), threadTs: thread));
        await Task.Delay(300);
        await h.Transport.Dispatcher.WhenIdleAsync(CancellationToken.None);
        Assert.Equal(calls, h.Fake.Calls.Count);
        StoryRecord story = Assert.Single(await _store.ListStoriesAsync(new PersonKey("slack", FakeSlack.TeamId, "U5")));
        Assert.Equal(EditedSituation, story.Answer.Situation);
    }
}
