using Coach.Core.Conversation;
using Coach.Slack.Api;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Coach.Slack.Tests;

public sealed class ProactiveAndManageTests
{
    [Fact]
    public async Task A_daily_prompt_to_a_person_opens_their_DM_and_one_to_a_channel_posts_there()
    {
        await using var h = await SlackHarness.StartAsync(new ScriptedEngine());
        var sender = h.Services.GetServices<IProactiveSender>().Single(s => s.Platform == Platforms.Slack);
        var card = new Card("Tell me about a time you disagreed and committed", Tone.Neutral, "Today's question", [], [], []);

        await sender.SendAsync(FakeSlack.TeamId, new Outgoing(Visibility.Direct, "", null, "U42", "Your daily practice question is here.", card,
            [new ActionButton("coach:daily", "Start", ButtonStyle.Primary, "sched|q1")]));
        var dm = await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "DU42");
        Assert.Equal("U42", h.Fake.CallsTo("conversations.open").Single().Str("users"));
        Assert.Contains("sched|q1", dm.RawBody, StringComparison.Ordinal);

        await sender.SendAsync(FakeSlack.TeamId, new Outgoing(Visibility.Channel, "C77", null, "U1", "Today's practice question.", card));
        await h.Fake.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C77");
    }

    [Fact]
    public async Task A_failed_proactive_send_reaches_the_scheduler()
    {
        await using var h = await SlackHarness.StartAsync(new ScriptedEngine());
        var sender = h.Services.GetServices<IProactiveSender>().Single(s => s.Platform == Platforms.Slack);
        h.Fake.Script("chat.postMessage", FakeResponse.Error("channel_not_found"));
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => sender.SendAsync(FakeSlack.TeamId, new Outgoing(Visibility.Channel, "C404", null, "U1", "x")));
        Assert.Equal("channel_not_found", ex.Error);
    }

    [Fact]
    public async Task Commands_in_a_channel_carry_whether_the_person_is_a_workspace_admin()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine, prepare: f => f.Admins.Add("UADMIN"));
        var socket = await h.Fake.WaitForSocketAsync(1);

        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C1", "UADMIN", "daily channel 08:30 Europe/London"));
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C2", "UMEMBER", "daily channel 08:30 Europe/London"));
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D3", "UMEMBER", "daily 08:30 Europe/London"));
        await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("C1", "UADMIN", "daily channel off"));
        await FakeSlack.WaitUntilAsync(() => engine.Received.Count == 4);

        Assert.True(engine.Received.First(i => i.User == "UADMIN").CanManage);
        Assert.All(engine.Received.Where(i => i.User == "UADMIN"), i => Assert.True(i.CanManage));
        Assert.All(engine.Received.Where(i => i.User == "UMEMBER"), i => Assert.False(i.CanManage));
        var lookups = h.Fake.CallsTo("users.info");
        Assert.Equal(2, lookups.Count); // cached per person; none for a DM
        Assert.StartsWith("application/x-www-form-urlencoded", lookups[0].ContentType, StringComparison.Ordinal);
    }
}
