using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

public sealed class PracticeTests(ITestOutputHelper output)
{
    internal const string UserId = "600000000000000006";

    internal static async Task<string> StartPracticeAsync(Harness h, string user = UserId)
    {
        var engine = (ScriptedEngine)h.Engine;
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(user, "practice", [("principle", "ownership"), ("level", "L7")]));
        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Any(i => i.Kind == IncomingKind.ThreadOpened && i.User == user), what: "thread opened");
        var thread = engine.Seen.Last(i => i.Kind == IncomingKind.ThreadOpened && i.User == user).Thread!;
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), what: "original edited");
        return thread;
    }

    internal static async Task AnswerAsync(Harness h, string thread, string text, int expectedMessagesInThread, string user = UserId)
    {
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, user, text));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count() >= expectedMessagesInThread, what: $"{expectedMessagesInThread} messages in thread");
    }

    [Fact]
    public async Task A_whole_practice_runs_from_the_slash_command_to_feedback_in_a_thread()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var engine = (ScriptedEngine)h.Engine;

        var thread = await StartPracticeAsync(h);

        // the command was deferred (ephemeral), a thread was opened in the channel and the first prompt posted in it
        var callback = Assert.Single(h.Fake.CallsTo("POST", "/callback"));
        Assert.Equal(5, callback.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Body["data"]!["flags"]!.GetValue<int>());
        // started from a message of its own in the channel (its title, pinging nobody): the thread takes that message's id
        var open = Assert.Single(h.Fake.CallsTo("POST", "/threads"));
        Assert.EndsWith($"/channels/{FakeDiscord.ChannelId}/messages/{thread}/threads", open.Path, StringComparison.Ordinal);
        Assert.Equal("STAR practice", open.Body!["name"]!.GetValue<string>());
        var starter = Assert.Single(h.Fake.CallsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"), c => c.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal("\U0001F9F5 **STAR practice**", starter.Body!["content"]!.GetValue<string>());
        Assert.Empty(starter.Body!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(thread, Assert.Single(h.Fake.MessagesIn(FakeDiscord.ChannelId)).Id);
        var command = engine.Seen.First(i => i.Kind == IncomingKind.Command);
        Assert.Equal("practice", command.Command);
        Assert.Equal("L7 ownership", command.Text); // options joined in the command set's order
        Assert.Equal(FakeDiscord.GuildId, command.Workspace);
        Assert.Equal(FakeDiscord.ChannelId, command.Channel);
        Assert.False(command.IsDirect);
        var opened = engine.Seen.Single(i => i.Kind == IncomingKind.ThreadOpened);
        Assert.Equal(FakeDiscord.ChannelId, opened.Channel);
        Assert.Equal(UserId, opened.User);
        var edited = Assert.Single(h.Fake.CallsTo("PATCH", "/messages/@original"));
        Assert.Contains($"<#{thread}>", edited.Body!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await AnswerAsync(h, thread, "Our payments platform lost $2M a quarter to outages.", 2);
        await AnswerAsync(h, thread, "I owned the reliability plan for three teams.", 3);
        await AnswerAsync(h, thread, "I set up an incident review and moved two services to active-active.", 4);
        await AnswerAsync(h, thread, "Outages fell 80% and we saved $1.2M a year.", 5);

        var answer = engine.Seen.Last(i => i.Kind == IncomingKind.Message);
        Assert.Equal(thread, answer.Thread);
        Assert.Equal(FakeDiscord.ChannelId, answer.Channel);

        var feedback = h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Last().Body!;
        var embed = feedback["embeds"]![0]!;
        Assert.Equal("Reads as L6", embed["title"]!.GetValue<string>());
        Assert.Equal(0x57F287, embed["color"]!.GetValue<int>());
        var fields = embed["fields"]!.AsArray();
        Assert.Contains("> Outages fell 80% and we saved $1.2M a year.", fields[0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(fields, f => f!["name"]!.GetValue<string>() == "Timing" && f["value"]!.GetValue<string>().StartsWith("```", StringComparison.Ordinal));
        Assert.Contains(fields, f => f!["name"]!.GetValue<string>() == "Next" && f["value"]!.GetValue<string>().Contains("\\*you\\*", StringComparison.Ordinal));
        var buttons = feedback["components"]![0]!["components"]!.AsArray();
        Assert.Equal(["feedback:save", "practice:again"], buttons.Select(b => b!["custom_id"]!.GetValue<string>()));

        // every message carried allowed_mentions parse [] and a nonce with enforce_nonce
        foreach (var call in h.Fake.CallsTo("POST", "/messages").Where(c => c.Path.StartsWith("/api/v10/channels", StringComparison.Ordinal) && c.Path.EndsWith("/messages", StringComparison.Ordinal)))
        {
            Assert.Empty(call.Body!["allowed_mentions"]!["parse"]!.AsArray());
            Assert.True(call.Body["enforce_nonce"]!.GetValue<bool>());
            Assert.False(string.IsNullOrEmpty(call.Body["nonce"]!.GetValue<string>()));
        }
        // the REST client identified itself properly
        var any = h.Fake.CallsTo("POST", $"/channels/{thread}/messages").First();
        Assert.Equal("Bot " + FakeDiscord.Token, any.Headers["Authorization"]);
        Assert.StartsWith("DiscordBot (", any.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_button_click_is_deferred_as_an_update_and_reaches_the_engine_as_its_custom_id()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var thread = await StartPracticeAsync(h);

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ButtonInteraction(UserId, "practice:skip", thread));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count() >= 2);

        var click = ((ScriptedEngine)h.Engine).Seen.Single(i => i.Kind == IncomingKind.Button);
        Assert.Equal("practice:skip", click.ActionId);
        Assert.Equal(thread, click.Thread);
        Assert.Equal(FakeDiscord.ChannelId, click.Channel);
        Assert.Equal(6, h.Fake.CallsTo("POST", "/callback").Last().Body!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Review_opens_a_modal_and_its_submission_reaches_the_engine_as_a_form()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var engine = (ScriptedEngine)h.Engine;

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "review"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Any());
        var modal = Assert.Single(h.Fake.CallsTo("POST", "/callback")).Body!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        Assert.Equal("review", modal["data"]!["custom_id"]!.GetValue<string>());
        var inputs = modal["data"]!["components"]!.AsArray();
        Assert.Equal(4, inputs.Count);
        Assert.All(inputs, c => Assert.Equal(18, c!["type"]!.GetValue<int>()));
        Assert.Equal(["situation", "task", "action", "result"], inputs.Select(c => c!["component"]!["custom_id"]!.GetValue<string>()));
        Assert.Equal(2, inputs[2]!["component"]!["style"]!.GetValue<int>());

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ModalSubmitInteraction(UserId, "review",
            new Dictionary<string, string> { ["situation"] = "S", ["task"] = "T", ["action"] = "A", ["result"] = "We saved $3M." }));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any());

        var form = engine.Seen.Single(i => i.Kind == IncomingKind.Form);
        Assert.Equal("review", form.FormId);
        Assert.Equal("We saved $3M.", form.FormValues!["result"]);
        // the ephemeral feedback replaced the deferred reply
        var edit = Assert.Single(h.Fake.CallsTo("PATCH", "/messages/@original")).Body!;
        Assert.Equal("Reads as L6", edit["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Empty(edit["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task A_form_that_comes_after_the_deadline_is_offered_as_a_button_that_opens_the_modal()
    {
        // the transport defers at 0.3 s and the engine answers at 1.7 s: well apart, also on a busy machine (with the
        // default 1.5 s a late timer could let the engine's form come first)
        var engine = new ScriptedEngine { Delay = TimeSpan.FromSeconds(1.7) };
        await using var h = await Harness.StartAsync(output, engine, settings: new Dictionary<string, string?> { ["Discord:InteractionDeferAfter"] = "00:00:00.300" });
        await h.WaitReadyAsync();

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "review"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), TimeSpan.FromSeconds(10));
        Assert.Equal(5, h.Fake.CallsTo("POST", "/callback").Single().Body!["type"]!.GetValue<int>()); // deferred: too late for a modal
        var offer = h.Fake.CallsTo("PATCH", "/messages/@original").Single().Body!;
        var button = offer["components"]![0]!["components"]![0]!;
        var customId = button["custom_id"]!.GetValue<string>();
        Assert.StartsWith(PendingForms.FormButtonPrefix, customId, StringComparison.Ordinal);

        engine.Delay = TimeSpan.Zero;
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.ButtonInteraction(UserId, customId, FakeDiscord.ChannelId, channelType: 0, parentId: null));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Count() == 2);
        var modal = h.Fake.CallsTo("POST", "/callback").Last().Body!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        Assert.Equal("review", modal["data"]!["custom_id"]!.GetValue<string>());
        Assert.DoesNotContain(engine.Seen, i => i.Kind == IncomingKind.Button); // the transport's own button
    }

    [Fact]
    public async Task A_direct_message_reaches_the_engine_as_a_DM_and_the_reply_goes_back_to_the_DM_channel()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var engine = (ScriptedEngine)h.Engine;
        const string dm = "800000000000000008";

        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "practice", [("level", "L6")], channelId: dm, guildId: null));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{dm}/messages").Any());
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(dm, UserId, "My situation", guildId: null));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{dm}/messages").Count() >= 2);

        var message = engine.Seen.Single(i => i.Kind == IncomingKind.Message);
        Assert.True(message.IsDirect);
        Assert.Equal("@dm", message.Workspace);
        Assert.Equal(dm, message.Channel);
        Assert.Null(message.Thread);
        Assert.Empty(h.Fake.CallsTo("POST", "/threads"));
        // the reply went to the DM itself, so the deferred placeholder is removed rather than left saying nothing
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("DELETE", "/messages/@original").Any());
        Assert.Empty(h.Fake.CallsTo("PATCH", "/messages/@original"));
    }

    [Fact]
    public async Task Messages_from_bots_itself_and_plain_channel_chatter_are_ignored()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var engine = (ScriptedEngine)h.Engine;
        var thread = await StartPracticeAsync(h);
        int before = engine.Seen.Count;

        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, FakeDiscord.BotUserId, "my own echo"));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, "900000000000000777", "another bot", bot: true));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(FakeDiscord.ChannelId, UserId, "chatting in the main channel"));
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, UserId, "a real answer"));
        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Count > before);
        await Task.Delay(100);

        var after = engine.Seen.Skip(before).ToList();
        var only = Assert.Single(after);
        Assert.Equal("a real answer", only.Text);
    }

    [Fact]
    public async Task User_text_with_everyone_and_a_role_mention_is_quoted_without_any_mention_parsed()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var thread = await StartPracticeAsync(h);
        await AnswerAsync(h, thread, "s", 2);
        await AnswerAsync(h, thread, "t", 3);
        await AnswerAsync(h, thread, "a", 4);
        await AnswerAsync(h, thread, "I told @everyone and <@&123456789012345678> and @here: we saved $2M.", 5);

        var feedback = h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Last().Body!;
        var quote = feedback["embeds"]![0]!["fields"]![0]!["value"]!.GetValue<string>();
        Assert.Contains("> I told @\u200Beveryone and \\<@&123456789012345678\\> and @\u200Bhere: we saved $2M.", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", feedback.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("@here", feedback.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(feedback["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(feedback["allowed_mentions"]!["roles"]);
        Assert.Null(feedback["allowed_mentions"]!["users"]);
        // every payload Coach sent anywhere says parse []
        foreach (var call in h.Fake.Calls.Where(c => c.Body is JsonObject b && (b["content"] is not null || b["embeds"] is not null)))
        {
            Assert.Empty(call.Body!["allowed_mentions"]!["parse"]!.AsArray());
        }
    }

    [Fact]
    public async Task The_interaction_is_acknowledged_within_3_s_while_the_engine_is_slow()
    {
        var engine = new ScriptedEngine { Delay = TimeSpan.FromSeconds(3.2) };
        await using var h = await Harness.StartAsync(output, engine);
        await h.WaitReadyAsync();

        var sentAt = DateTimeOffset.UtcNow;
        await h.Fake.DispatchAsync("INTERACTION_CREATE", h.Fake.CommandInteraction(UserId, "help"));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", "/callback").Any(), TimeSpan.FromSeconds(3));
        var ack = Assert.Single(h.Fake.CallsTo("POST", "/callback"));
        Assert.True(ack.At - sentAt < TimeSpan.FromSeconds(3), $"acknowledged after {(ack.At - sentAt).TotalMilliseconds} ms");
        Assert.Equal(5, ack.Body!["type"]!.GetValue<int>());
        Assert.Empty(h.Fake.CallsTo("PATCH", "/messages/@original")); // the engine is still working

        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("PATCH", "/messages/@original").Any(), TimeSpan.FromSeconds(6));
        Assert.Equal("Coach helps you practise STAR answers.", h.Fake.CallsTo("PATCH", "/messages/@original").Single().Body!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_the_host_still_answers_the_events_already_received()
    {
        var engine = new ScriptedEngine();
        await using var h = await Harness.StartAsync(output, engine);
        await h.WaitReadyAsync();
        var thread = await StartPracticeAsync(h);
        engine.Delay = TimeSpan.FromMilliseconds(400);

        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, UserId, "My situation"));
        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Any(i => i.Kind == IncomingKind.Message), what: "engine called");
        await h.Transport.StopAsync(CancellationToken.None);

        Assert.Equal(2, h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count());
    }

    [Fact]
    public async Task The_proactive_sender_posts_daily_prompts_to_a_channel_or_by_DM()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var sender = h.Services.GetServices<IProactiveSender>().Single(s => s.Platform == Platforms.Discord);

        await sender.SendAsync(FakeDiscord.GuildId, new Outgoing(Visibility.Channel, FakeDiscord.ChannelId, null, UserId, "Today's question: tell me about a time you disagreed."));
        await sender.SendAsync(FakeDiscord.GuildId, new Outgoing(Visibility.Direct, "", null, UserId, "Your daily question is ready."));

        var inChannel = Assert.Single(h.Fake.CallsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"));
        Assert.Empty(inChannel.Body!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(UserId, h.Fake.CallsTo("POST", "/users/@me/channels").Single().Body!["recipient_id"]!.GetValue<string>());
        Assert.Single(h.Fake.CallsTo("POST", $"/channels/7{UserId[1..]}/messages"));

        h.Fake.PlanError(new PlannedError("POST", "/messages", 403, "{\"message\":\"Missing Access\",\"code\":50001}", new Dictionary<string, string>()));
        await Assert.ThrowsAsync<DiscordHttpException>(() => sender.SendAsync(FakeDiscord.GuildId, new Outgoing(Visibility.Channel, FakeDiscord.ChannelId, null, UserId, "x")));
    }

    [Fact]
    public async Task A_member_who_can_manage_the_channel_reaches_the_engine_as_such()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var engine = (ScriptedEngine)h.Engine;
        var manager = h.Fake.CommandInteraction(UserId, "daily", [("when", "channel 09:00 Europe/London")]);
        manager["member"]!["permissions"] = "16"; // MANAGE_CHANNELS
        var member = h.Fake.CommandInteraction("600000000000000099", "daily", [("when", "08:30 Europe/London")]);
        member["member"]!["permissions"] = "3072";
        await h.Fake.DispatchAsync("INTERACTION_CREATE", manager);
        await h.Fake.DispatchAsync("INTERACTION_CREATE", member);
        await FakeDiscord.WaitUntilAsync(() => engine.Seen.Count(i => i.Command == "daily") == 2);

        var seen = engine.Seen.Where(i => i.Command == "daily").ToDictionary(i => i.User);
        Assert.True(seen[UserId].CanManage);
        Assert.Equal("channel 09:00 Europe/London", seen[UserId].Text);
        Assert.False(seen["600000000000000099"].CanManage);
    }

    [Fact]
    public async Task A_replayed_MESSAGE_CREATE_gets_one_reply()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        var thread = await StartPracticeAsync(h);

        var message = h.Fake.Message(thread, UserId, "My situation");
        await h.Fake.DispatchAsync("MESSAGE_CREATE", message);
        await h.Fake.DispatchAsync("MESSAGE_CREATE", message.DeepClone());
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count() >= 2);
        await Task.Delay(200);

        Assert.Equal(2, h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count()); // the first prompt and one reply
        Assert.Single(((ScriptedEngine)h.Engine).Seen, i => i.Kind == IncomingKind.Message);
    }
}
