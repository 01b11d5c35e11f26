using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;

namespace Coach.Slack.Tests;

/// <summary>A whole practice through the real transport and the fake Slack: slash command to feedback.</summary>
public sealed class PracticeFlowTests
{
    private static readonly string[] Answers =
    [
        "Our checkout service failed weekly, risking $3M a year.",
        "I owned fixing reliability across 3 teams.",
        "I set up an incident review, re-architected the queue and coached two managers.",
        "Outages fell 80% and we kept $2M a year; I learned to measure first.",
    ];

    [Fact]
    public async Task A_whole_practice_in_a_DM_goes_from_slash_command_to_feedback()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D100", "U1", "practice L7 ownership"));
        var prompt = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "D100");
        Assert.Contains("Situation", prompt.Str("text"));
        Assert.Null(prompt.Str("thread_ts"));

        var command = engine.Received.Single();
        Assert.Equal(IncomingKind.Command, command.Kind);
        Assert.Equal("practice", command.Command);
        Assert.Equal("L7 ownership", command.Text);
        Assert.True(command.IsDirect);
        Assert.Equal(FakeSlack.TeamId, command.Workspace);
        Assert.StartsWith("cmd:", command.EventId);

        for (int i = 0; i < Answers.Length; i++)
        {
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("D100", "U1", Answers[i], h.Fake.NextTs()));
            await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count == i + 2, what: $"reply {i + 1}");
        }

        var feedback = h.Fake.CallsTo("chat.postMessage").Last();
        Assert.Equal("D100", feedback.Str("channel"));
        var blocks = feedback.Body["blocks"]!.AsArray();
        Assert.Contains(blocks, b => b!["type"]!.GetValue<string>() == "header");
        Assert.Contains(blocks, b => b!["type"]!.GetValue<string>() == "actions");
        // The Result is quoted with Slack's mrkdwn quotation mark.
        Assert.Contains(blocks, b => b!["text"]?["text"]?.GetValue<string>().Contains("\n>Outages fell 80%", StringComparison.Ordinal) == true);
        Assert.All(engine.Received.Skip(1), i => Assert.Equal(IncomingKind.Message, i.Kind));
        Assert.All(socket.Sent.Keys, id => Assert.True(socket.Acks.ContainsKey(id), $"{id} acked"));
    }

    [Fact]
    public async Task A_whole_practice_in_a_channel_opens_a_thread_and_continues_there()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C200", "U2", "practice L6 ownership"));
        var root = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C200");
        Assert.Null(root.Str("thread_ts"));
        var rootTs = (await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("thread_ts") is not null)).Str("thread_ts");

        var opened = engine.Received.Single(i => i.Kind == IncomingKind.ThreadOpened);
        Assert.Equal(rootTs, opened.Thread);
        Assert.Equal("U2", opened.User);
        Assert.Equal("C200", opened.Channel);

        for (int i = 0; i < Answers.Length; i++)
        {
            var ts = h.Fake.NextTs();
            // A thread reply that also mentions the bot arrives twice: as message.channels and as app_mention.
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("C200", "U2", Answers[i], ts, threadTs: rootTs));
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("C200", "U2", $"<@{FakeSlack.BotUserId}> " + Answers[i], ts, threadTs: rootTs, type: "app_mention"));
            await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count == i + 3, what: $"reply {i + 1}");
        }
        await Task.Delay(200);

        var posts = h.Fake.CallsTo("chat.postMessage");
        Assert.Equal(2 + Answers.Length, posts.Count);
        Assert.All(posts.Skip(1), p => Assert.Equal(rootTs, p.Str("thread_ts")));
        Assert.Contains(posts.Last().Body["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "header");
        Assert.Equal(Answers.Length, engine.Received.Count(i => i.Kind == IncomingKind.Message));
        // The root message shows the mention as text, never as a live ping.
        Assert.DoesNotContain("<@U2>", root.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_containing_channel_and_here_mentions_is_quoted_without_becoming_live()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D300", "U3", "practice L7"));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage");
        string[] answers = ["S", "T <!here>", "A <@U999> & <#C1>", "R: <!channel> we saved $2M <https://evil.example|click>"];
        foreach (var a in answers)
        {
            await socket.SendEnvelopeAsync("events_api", Payloads.Message("D300", "U3", a, h.Fake.NextTs()));
        }
        await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("chat.postMessage").Count == 5, what: "feedback");

        var feedback = h.Fake.CallsTo("chat.postMessage").Last();
        var all = string.Join("\n", feedback.Body["blocks"]!.AsArray().Select(b => b!.ToJsonString()))
            + feedback.Str("text");
        var decoded = System.Text.RegularExpressions.Regex.Unescape(all);
        Assert.Contains("&lt;!channel&gt; we saved $2M", decoded, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", decoded, StringComparison.Ordinal);
        // The engine got the person's words as plain text.
        Assert.Equal("R: <!channel> we saved $2M <https://evil.example|click>", engine.Received.Last().Text);
    }
}
