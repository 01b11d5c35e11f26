using System.Diagnostics;
using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;

namespace Coach.Slack.Tests;

/// <summary>How each kind of reply reaches Slack through the running transport.</summary>
public sealed class RepliesTests
{
    private static readonly FormRequest Review = new("review", "Review an answer", [
        new FormField("situation", "Situation", true, 3000),
        new FormField("task", "Task", true, 3000),
        new FormField("action", "Action", true, 3000),
        new FormField("result", "Result", true, 3000),
    ]);

    [Fact]
    public async Task Review_opens_a_modal_with_the_commands_trigger_and_the_submission_comes_back_as_a_form()
    {
        var engine = new ScriptedEngine
        {
            Override = i => i switch
            {
                { Kind: IncomingKind.Command, Command: "review" } => [new Outgoing(Visibility.Ephemeral, i.Channel, null, i.User, "Paste your answer", Form: Review)],
                { Kind: IncomingKind.Form } => [
                    new Outgoing(Visibility.Ephemeral, i.Channel, i.Thread, i.User, "Only you see this"),
                    new Outgoing(Visibility.Direct, "", null, i.User, "Your feedback, privately")],
                _ => null,
            },
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C1", "U1", "review", triggerId: "trig-review"));
        var open = await h.Fake.WaitForCallAsync(c => c.Method == "views.open");
        Assert.Equal("trig-review", open.Str("trigger_id"));
        var view = open.Body["view"]!;
        Assert.Equal("review", view["callback_id"]!.GetValue<string>());
        Assert.Equal(4, view["blocks"]!.AsArray().Count);
        Assert.Empty(h.Fake.CallsTo("chat.postMessage"));

        var meta = view["private_metadata"]!.GetValue<string>();
        await socket.SendEnvelopeAsync("interactive", Payloads.ViewSubmission("U1", "review", meta, new Dictionary<string, string>
        {
            ["situation"] = "S", ["task"] = "T", ["action"] = "A", ["result"] = "R",
        }));
        var ephemeral = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral");
        Assert.Equal("C1", ephemeral.Str("channel"));
        Assert.Equal("U1", ephemeral.Str("user"));
        var dm = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage");
        Assert.Equal("DU1", dm.Str("channel"));
        Assert.Equal("U1", h.Fake.CallsTo("conversations.open").Single().Str("users"));

        var form = engine.Received.Single(i => i.Kind == IncomingKind.Form);
        Assert.Equal("C1", form.Channel);
        Assert.Equal("R", form.FormValues!["result"]);
    }

    [Fact]
    public async Task A_form_asked_for_without_a_trigger_is_offered_as_a_button_that_opens_it()
    {
        var engine = new ScriptedEngine
        {
            Override = i => i.Kind == IncomingKind.Message ? [new Outgoing(Visibility.Channel, i.Channel, null, i.User, "Use the form", Form: Review)] : null,
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("events_api", Payloads.Message("D2", "U2", "review please", h.Fake.NextTs()));
        var post = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage");
        var button = post.Body["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!;
        Assert.Equal(SlackDispatcher.OpenFormActionId, button["action_id"]!.GetValue<string>());
        Assert.Equal("review", button["value"]!.GetValue<string>());

        var press = Payloads.BlockAction("D2", "U2", SlackDispatcher.OpenFormActionId, "review", post.Body["ts"]?.GetValue<string>() ?? "1.1");
        await socket.SendEnvelopeAsync("interactive", press);
        var open = await h.Fake.WaitForCallAsync(c => c.Method == "views.open");
        Assert.Equal(press["trigger_id"]!.GetValue<string>(), open.Str("trigger_id"));
        Assert.DoesNotContain(engine.Received, i => i.Kind == IncomingKind.Button);
    }

    [Fact]
    public async Task A_429_on_a_reply_is_waited_out_and_the_reply_sent_once()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("chat.postMessage", FakeResponse.RateLimited(1));

        var sw = Stopwatch.StartNew();
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D3", "U3", "practice"));
        await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count == 2, TimeSpan.FromSeconds(5));
        Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {sw.Elapsed}");
        var calls = h.Fake.CallsTo("chat.postMessage");
        Assert.Equal(calls[0].RawBody, calls[1].RawBody);
        await Task.Delay(200);
        Assert.Equal(2, h.Fake.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task A_failed_post_is_logged_and_the_next_reply_still_goes()
    {
        var engine = new ScriptedEngine
        {
            Override = i => [new Outgoing(Visibility.Channel, i.Channel, null, i.User, "first"), new Outgoing(Visibility.Channel, i.Channel, null, i.User, "second")],
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("chat.postMessage", FakeResponse.Error("not_in_channel"));
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C4", "U4", "practice"));
        await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count == 2);
        Assert.Equal("second", h.Fake.CallsTo("chat.postMessage")[1].Str("text"));
    }

    [Fact]
    public async Task A_command_in_a_channel_the_bot_is_not_in_is_answered_privately_through_response_url()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("chat.postMessage", FakeResponse.Error("not_in_channel"));

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C900", "U9", "practice L6", responseUrl: new Uri(h.Fake.BaseAddress, "hooks/commands/T0001/1/abc").ToString()));
        await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("response_url").Count == 2, what: "the hint and the reply");
        var calls = h.Fake.CallsTo("response_url");
        Assert.Contains("/invite @Coach", calls[0].Str("text"), StringComparison.Ordinal);
        Assert.All(calls, c => Assert.Equal("ephemeral", c.Str("response_type")));
        Assert.Contains("Practice for", calls[1].Str("text"), StringComparison.Ordinal);
        Assert.All(calls, c => Assert.True(string.IsNullOrEmpty(c.Authorization), "no token goes to a response_url"));
    }

    [Fact]
    public async Task A_response_url_outside_Slack_is_never_called()
    {
        var api = new Coach.Slack.Api.SlackApiClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(new SlackOptions { BotToken = "xoxb-1", ApiBaseUrl = "http://127.0.0.1:1/api" }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Coach.Slack.Api.SlackApiClient>.Instance);
        var ex = await Assert.ThrowsAsync<Coach.Slack.Api.SlackApiException>(() => api.PostToResponseUrlAsync("https://evil.example/hook", new Coach.Slack.Api.SlackMessage("x"), default));
        Assert.Equal("untrusted_url", ex.Error);
        await Assert.ThrowsAsync<Coach.Slack.Api.SlackApiException>(() => api.PostToResponseUrlAsync("http://hooks.slack.com/x", new Coach.Slack.Api.SlackMessage("x"), default));
        await Assert.ThrowsAsync<Coach.Slack.Api.SlackApiException>(() => api.PostToResponseUrlAsync("https://slack.com.evil.example/x", new Coach.Slack.Api.SlackMessage("x"), default));
    }

    [Fact]
    public async Task When_the_engine_fails_the_person_gets_a_private_apology_and_later_events_still_run()
    {
        var engine = new ScriptedEngine { Override = i => i.Text == "boom" ? throw new InvalidOperationException("store unavailable") : null };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("events_api", Payloads.Message("C5", "U5", "boom", h.Fake.NextTs(), threadTs: "1.0"));
        var apology = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postEphemeral");
        Assert.Equal("U5", apology.Str("user"));
        Assert.Equal("1.0", apology.Str("thread_ts"));
        Assert.DoesNotContain("store unavailable", apology.RawBody, StringComparison.Ordinal);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D5", "U5", "practice"));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D5");
    }

    [Fact]
    public async Task User_mentions_in_replies_show_as_names_and_never_ping()
    {
        var engine = new ScriptedEngine
        {
            Override = i => [new Outgoing(Visibility.Channel, i.Channel, null, i.User, "Mock interview: <@U1> interviews <@U2|pat>.",
                new Card("Scorecard for <@U2>", Tone.Neutral, null, [new CardField("Quote", "ok", "as <@U3> said, <!channel>")], [], []))],
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C8", "U1", "mock <@U2|pat>"));
        var post = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage");
        var text = System.Text.RegularExpressions.Regex.Unescape(post.RawBody);
        Assert.Equal("Mock interview: @Name U1 interviews @Name U2.", post.Str("text"));
        Assert.Contains("Scorecard for @Name U2", text, StringComparison.Ordinal);
        Assert.Contains(">as @Name U3 said, &lt;!channel&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", text, StringComparison.Ordinal);
        Assert.Equal(3, h.Fake.CallsTo("users.info").Count(c => c.Str("user") is "U1" or "U2" or "U3"));
        // The command text reached the engine as Slack wrote it, so it can read who was named.
        Assert.Equal("<@U2|pat>", engine.Received.Single().Text);
    }

    [Fact]
    public async Task An_expired_trigger_falls_back_to_a_button_that_opens_the_form()
    {
        var engine = new ScriptedEngine
        {
            Override = i => i.Kind == IncomingKind.Command ? [new Outgoing(Visibility.Channel, i.Channel, null, i.User, "Fill in the form", Form: Review)] : null,
        };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("views.open", FakeResponse.Error("expired_trigger_id"));

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D6", "U6", "review"));
        var post = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage");
        Assert.Contains(SlackDispatcher.OpenFormActionId, post.RawBody, StringComparison.Ordinal);
        Assert.Single(h.Fake.CallsTo("views.open"));
    }
}
