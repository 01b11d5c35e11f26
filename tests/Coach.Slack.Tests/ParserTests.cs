using System.Text.Json;
using Coach.Core.Conversation;
using Coach.Slack.Inbound;
using Coach.Slack.Tests.Fake;

namespace Coach.Slack.Tests;

public sealed class ParserTests
{
    private readonly SlackInboundParser _parser = new(TimeProvider.System) { BotUserId = FakeSlack.BotUserId };

    private SlackWork? Event(System.Text.Json.Nodes.JsonObject payload) =>
        _parser.FromEventCallback(payload.Deserialize<EventCallback>(SlackJson.Options)!);

    [Fact]
    public void Bot_messages_own_messages_malformed_edits_and_deletions_and_other_subtypes_are_ignored()
    {
        Assert.Null(Event(Payloads.Message("D1", "U1", "x", "1.1", botId: "B9")));
        Assert.Null(Event(Payloads.Message("D1", FakeSlack.BotUserId, "x", "1.2")));
        Assert.Null(Event(Payloads.Message("D1", "U1", "x", "1.3", subtype: "message_changed")));
        Assert.Null(Event(Payloads.Message("D1", "U1", "x", "1.4", subtype: "message_deleted")));
        Assert.Null(Event(Payloads.Message("D1", "U1", "x", "1.5", subtype: "bot_message")));
        Assert.Null(Event(Payloads.Message("C1", "U1", "x", "1.6", subtype: "channel_join")));
        Assert.NotNull(Event(Payloads.Message("D1", "U1", "x", "1.7")));
    }

    [Fact]
    public void Edits_and_deletions_name_the_message_they_change_and_a_change_that_keeps_the_text_is_no_edit()
    {
        var message = Event(Payloads.Message("C1", "U1", "first", "3.1", threadTs: "3.0"))!.Incoming;
        Assert.Equal("C1:3.1", message.MessageId);

        var edit = Event(Payloads.MessageChanged("C1", "U1", "second &amp; better", "first", "3.1", "3.5", threadTs: "3.0", eventId: "EvEdit1"))!;
        Assert.Equal(IncomingKind.Edited, edit.Incoming.Kind);
        Assert.Equal("C1:3.1", edit.Incoming.MessageId);
        Assert.Equal("EvEdit1", edit.Incoming.EventId);
        Assert.Equal(["e:EvEdit1"], edit.DedupeKeys);
        Assert.Equal(("U1", "3.0", "second & better"), (edit.Incoming.User, edit.Incoming.Thread, edit.Incoming.Text));

        var deletion = Event(Payloads.MessageDeleted("D1", "U1", "first", "3.2", "3.6"))!.Incoming;
        Assert.Equal((IncomingKind.Deleted, "D1:3.2", "U1", true), (deletion.Kind, deletion.MessageId, deletion.User, deletion.IsDirect));

        // a link preview or metadata change keeps the text: not an edit; the bot's own edits are not a person's
        Assert.Null(Event(Payloads.MessageChanged("C1", "U1", "first", "first", "3.1", "3.7", threadTs: "3.0")));
        Assert.Null(Event(Payloads.MessageChanged("C1", FakeSlack.BotUserId, "new", "old", "3.3", "3.8")));
    }

    [Fact]
    public void Channel_chatter_outside_threads_is_ignored_but_thread_replies_and_DMs_are_messages()
    {
        Assert.Null(Event(Payloads.Message("C1", "U1", "lunch?", "2.1")));
        var reply = Event(Payloads.Message("C1", "U1", "my situation", "2.2", threadTs: "2.0"))!.Incoming;
        Assert.Equal(IncomingKind.Message, reply.Kind);
        Assert.Equal("2.0", reply.Thread);
        Assert.False(reply.IsDirect);
        var dm = Event(Payloads.Message("D1", "U1", "a &lt;b&gt; &amp; c", "2.3"))!.Incoming;
        Assert.True(dm.IsDirect);
        Assert.Equal("a <b> & c", dm.Text);
        Assert.Equal(FakeSlack.TeamId, dm.Workspace);
    }

    [Fact]
    public void A_mention_with_a_command_word_is_a_command_otherwise_a_message()
    {
        var cmd = Event(Payloads.Message("C1", "U1", $"<@{FakeSlack.BotUserId}> Practice L7 ownership", "3.1", type: "app_mention"))!.Incoming;
        Assert.Equal(IncomingKind.Command, cmd.Kind);
        Assert.Equal("practice", cmd.Command);
        Assert.Equal("L7 ownership", cmd.Text);
        var empty = Event(Payloads.Message("C1", "U1", $"<@{FakeSlack.BotUserId}>", "3.2", type: "app_mention"))!.Incoming;
        Assert.Equal("help", empty.Command);
        var chat = Event(Payloads.Message("C1", "U1", $"<@{FakeSlack.BotUserId}> what do you think of <@U2>?", "3.3", type: "app_mention"))!.Incoming;
        Assert.Equal(IncomingKind.Message, chat.Kind);
        Assert.Equal("what do you think of <@U2>?", chat.Text);
    }

    [Fact]
    public void The_same_message_as_mention_and_message_shares_a_dedupe_key()
    {
        var a = Event(Payloads.Message("C1", "U1", "<@UBOT> stop", "4.1", threadTs: "4.0", type: "app_mention"))!;
        var b = Event(Payloads.Message("C1", "U1", "<@UBOT> stop", "4.1", threadTs: "4.0"))!;
        var cache = new DedupeCache(TimeSpan.FromMinutes(1), TimeProvider.System);
        Assert.True(cache.TryClaim(a.DedupeKeys));
        Assert.False(cache.TryClaim(b.DedupeKeys));
        // b's own event id is now remembered too: its redelivery is dropped as well.
        Assert.False(cache.TryClaim([b.DedupeKeys[0]]));
    }

    [Fact]
    public void Slash_commands_split_the_sub_command_and_default_to_help()
    {
        var p = Payloads.SlashCommand("C1", "U1", "  review   ", "trig1").Deserialize<SlashCommand>(SlackJson.Options)!;
        var w = _parser.FromSlashCommand(p)!;
        Assert.Equal("review", w.Incoming.Command);
        Assert.Equal("", w.Incoming.Text);
        Assert.Equal("trig1", w.TriggerId);
        Assert.Equal("cmd:trig1", w.Incoming.EventId);
        var help = _parser.FromSlashCommand(Payloads.SlashCommand("D1", "U1", "").Deserialize<SlashCommand>(SlackJson.Options)!)!;
        Assert.Equal("help", help.Incoming.Command);
        Assert.True(help.Incoming.IsDirect);
    }

    [Fact]
    public void Buttons_and_view_submissions_become_button_and_form_events()
    {
        var press = _parser.FromInteraction(Payloads.BlockAction("C1", "U1", "skip", "task", "5.5", threadTs: "5.0").Deserialize<InteractionPayload>(SlackJson.Options)!)!;
        Assert.Equal(IncomingKind.Button, press.Incoming.Kind);
        Assert.Equal("skip", press.Incoming.ActionId);
        Assert.Equal("task", press.Incoming.ActionValue);
        Assert.Equal("5.0", press.Incoming.Thread);
        Assert.NotNull(press.TriggerId);

        var meta = SlackInboundParser.WriteViewMetadata("C9", "9.0");
        var submit = _parser.FromInteraction(Payloads.ViewSubmission("U1", "review", meta, new Dictionary<string, string>
        {
            ["situation"] = "S", ["task"] = "T", ["action"] = "A", ["result"] = "R",
        }).Deserialize<InteractionPayload>(SlackJson.Options)!)!;
        Assert.Equal(IncomingKind.Form, submit.Incoming.Kind);
        Assert.Equal("review", submit.Incoming.FormId);
        Assert.Equal("C9", submit.Incoming.Channel);
        Assert.Equal("9.0", submit.Incoming.Thread);
        Assert.Equal("R", submit.Incoming.FormValues!["result"]);
        Assert.Equal(4, submit.Incoming.FormValues.Count);
    }
}
