using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

public sealed class GatewayTests(ITestOutputHelper output)
{
    private const string UserId = PracticeTests.UserId;

    private static int Replies(Harness h, string thread) => h.Fake.CallsTo("POST", $"/channels/{thread}/messages").Count();

    [Fact]
    public async Task Identify_sends_the_token_the_intents_Coach_needs_and_the_shard()
    {
        await using var h = await Harness.StartAsync(output, settings: new Dictionary<string, string?> { ["Discord:ShardId"] = "0", ["Discord:ShardCount"] = "2" });
        await h.WaitReadyAsync();
        var identify = Assert.Single(h.Fake.ReceivedOp(2)).D!;
        Assert.Equal(FakeDiscord.Token, identify["token"]!.GetValue<string>());
        Assert.Equal(37377, identify["intents"]!.GetValue<int>());
        Assert.Equal([0, 2], identify["shard"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.NotNull(identify["properties"]!["os"]);
        Assert.Equal(FakeDiscord.BotUserId, h.Gateway.BotUserId);
        Assert.Equal(TransportState.Connected, h.Transport.Current.State);
        // the command set was registered globally at start, since the fake had none
        var put = Assert.Single(h.Fake.CallsTo("PUT", "/commands"));
        Assert.Equal($"/api/v10/applications/{FakeDiscord.ApplicationId}/commands", put.Path);
    }

    [Theory]
    [InlineData("close4000")]
    [InlineData("op7")]
    [InlineData("drop")]
    public async Task After_a_lost_link_it_resumes_with_the_same_session_and_last_sequence_and_no_reply_is_lost_or_doubled(string how)
    {
        await using var h = await Harness.StartAsync(output, configureFake: f => f.ResumeReplaysExtra = 1);
        await h.WaitReadyAsync();
        var thread = await PracticeTests.StartPracticeAsync(h);
        await PracticeTests.AnswerAsync(h, thread, "Situation", 2);
        var session = h.Fake.SessionId;
        int lastSeq = h.Fake.Sequence;
        await FakeDiscord.WaitUntilAsync(() => h.Gateway.LastSequence == lastSeq);

        switch (how)
        {
            case "close4000":
                await h.Fake.CloseAsync(4000);
                break;
            case "op7":
                await h.Fake.SendOpAsync(7, null);
                await FakeDiscord.WaitUntilAsync(() => !h.Fake.ClientCloses.IsEmpty, what: "client closes");
                Assert.Equal(4000, h.Fake.ClientCloses.First().Code); // not 1000/1001: the session stays resumable
                break;
            case "drop":
                h.Fake.Drop();
                break;
        }
        // an answer arrives while the link is down: Discord keeps it and replays it on resume
        await h.Fake.DispatchAsync("MESSAGE_CREATE", h.Fake.Message(thread, UserId, "Task, sent while the link was down"));

        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(6).Any(), what: "resume");
        var resume = h.Fake.ReceivedOp(6).Single();
        Assert.Equal("resume", resume.Endpoint); // resume_gateway_url from READY
        Assert.Equal(session, resume.D!["session_id"]!.GetValue<string>());
        Assert.Equal(lastSeq, resume.D["seq"]!.GetValue<int>());
        Assert.Equal(FakeDiscord.Token, resume.D["token"]!.GetValue<string>());

        await FakeDiscord.WaitUntilAsync(() => Replies(h, thread) >= 3, what: "reply to the replayed answer");
        await FakeDiscord.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Connected);
        await PracticeTests.AnswerAsync(h, thread, "Action, after the resume", 4);
        await Task.Delay(200);

        Assert.Equal(4, Replies(h, thread)); // one reply per answer, none lost, none doubled
        Assert.Single(h.Fake.ReceivedOp(2)); // never identified again
        Assert.Equal(2, h.Fake.ConnectionCount);
    }

    [Fact]
    public async Task A_restarted_worker_resumes_the_session_and_answers_what_arrived_while_it_was_down()
    {
        string dir = Path.Combine(Path.GetTempPath(), "coach-discord-resume-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await using var fake = await FakeDiscord.StartAsync();
        using var store = new Coach.Storage.SqliteCoachStore($"Data Source={Path.Combine(dir, "coach.db")}", Microsoft.Extensions.Logging.Abstractions.NullLogger<Coach.Storage.SqliteCoachStore>.Instance);
        await store.InitializeAsync();
        var engine = new ScriptedEngine(); // the sessions outlive the worker, as the store's would
        void UseStore(Microsoft.Extensions.DependencyInjection.IServiceCollection s) =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Coach.Core.Storage.ITransportStateStore>(s, store);

        string thread, session;
        await using (var first = await Harness.StartAsync(output, engine, sharedFake: fake, configureServices: UseStore))
        {
            await first.WaitReadyAsync();
            thread = await PracticeTests.StartPracticeAsync(first);
            await PracticeTests.AnswerAsync(first, thread, "Situation", 2);
            session = fake.SessionId!;
        }
        // the worker stopped (a deploy) without a 1000 or 1001 close, so Discord keeps the session resumable
        // (the fake notes the close on its own receive loop, a moment after the worker has stopped)
        await FakeDiscord.WaitUntilAsync(() => !fake.ClientCloses.IsEmpty, what: "the first worker's connection to close");
        Assert.DoesNotContain(fake.ClientCloses, c => c.Code is 1000 or 1001);
        Assert.NotNull(await store.GetTransportStateAsync($"discord:{FakeDiscord.ApplicationId}:0/1"));

        // an answer typed while no worker was connected waits at Discord
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(thread, UserId, "Task, sent while the worker was restarting"));

        await using var second = await Harness.StartAsync(output, engine, sharedFake: fake, configureServices: UseStore);
        await FakeDiscord.WaitUntilAsync(() => fake.ReceivedOp(6).Any(), what: "resume from the saved session");
        Assert.Equal(session, fake.ReceivedOp(6).Single().D!["session_id"]!.GetValue<string>());
        await FakeDiscord.WaitUntilAsync(() => Replies(second, thread) >= 3, what: "reply to the answer sent while down");
        await Task.Delay(200);
        Assert.Equal(3, Replies(second, thread)); // answered once: the replayed messages already answered were dropped
        Assert.Single(fake.ReceivedOp(2)); // never identified again
        Assert.Equal(2, engine.Seen.Count(i => i.Kind == IncomingKind.Message));
    }

    [Fact]
    public async Task When_acks_stop_the_zombie_link_is_closed_and_resumed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await Harness.StartAsync(output, time: time,
            configureFake: f => { f.HeartbeatIntervalMs = 1000; f.AckHeartbeats = false; },
            settings: new Dictionary<string, string?> { ["Discord:ReconnectBaseDelay"] = "00:00:00" });
        await FakeDiscord.WaitUntilAsync(() => h.Fake.IsConnected && h.Transport.Current.State == TransportState.Connected);
        var session = h.Fake.SessionId;

        time.Advance(TimeSpan.FromMilliseconds(1000)); // the first beat comes at interval × random
        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(1).Any(), what: "first heartbeat");
        Assert.Empty(h.Fake.ClientCloses);
        await Task.Delay(100);

        time.Advance(TimeSpan.FromMilliseconds(1000)); // the next beat is due and the last one was never acked
        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(6).Any(), what: "resume after zombie");

        Assert.Equal((1, (int?)4000), h.Fake.ClientCloses.First());
        Assert.Equal(session, h.Fake.ReceivedOp(6).Single().D!["session_id"]!.GetValue<string>());
        Assert.Single(h.Fake.ReceivedOp(2));
    }

    [Fact]
    public async Task Heartbeats_are_acked_and_carry_the_last_sequence()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await Harness.StartAsync(output, time: time, configureFake: f => f.HeartbeatIntervalMs = 1000);
        await FakeDiscord.WaitUntilAsync(() => h.Fake.IsConnected && h.Transport.Current.State == TransportState.Connected);
        int seq = await h.Fake.DispatchAsync("GUILD_CREATE", FakeDiscord.GuildCreate((FakeDiscord.ChannelId, 0)));
        await FakeDiscord.WaitUntilAsync(() => h.Gateway.LastSequence == seq);
        for (int beat = 1; beat <= 3; beat++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1000));
            await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(1).Count() >= beat, what: $"beat {beat}");
            await Task.Delay(50);
        }
        Assert.All(h.Fake.ReceivedOp(1), b => Assert.Equal(seq, b.D!.GetValue<int>()));
        Assert.Empty(h.Fake.ClientCloses); // acked beats: no zombie
        Assert.Equal(1, h.Fake.ConnectionCount);
    }

    [Fact]
    public async Task Invalid_session_false_leads_to_a_fresh_identify_after_1_to_5_seconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await Harness.StartAsync(output, time: time);
        await FakeDiscord.WaitUntilAsync(() => h.Fake.IsConnected && h.Transport.Current.State == TransportState.Connected);
        var firstSession = h.Fake.SessionId;

        await h.Fake.SendOpAsync(9, JsonValue.Create(false));
        await FakeDiscord.WaitUntilAsync(() => h.Gateway.StopReason == "invalid session", what: "invalid session handled");
        await Task.Delay(150);

        time.Advance(TimeSpan.FromMilliseconds(990));
        await Task.Delay(300);
        Assert.Single(h.Fake.ReceivedOp(2)); // not before 1 s
        Assert.Equal(1, h.Fake.ConnectionCount);

        time.Advance(TimeSpan.FromMilliseconds(4010));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(2).Count() == 2, what: "fresh identify by 5 s");
        Assert.Empty(h.Fake.ReceivedOp(6)); // a new session, not a resume
        await FakeDiscord.WaitUntilAsync(() => h.Gateway.SessionId is not null && h.Gateway.SessionId != firstSession);
        Assert.Equal("gateway", h.Fake.Received.Last(r => r.Op == 2).Endpoint);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_4007_and_4009_start_a_new_session_no_sooner_than_5_s_after_the_last_identify(int code)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await Harness.StartAsync(output, time: time, settings: new Dictionary<string, string?> { ["Discord:ReconnectBaseDelay"] = "00:00:00" });
        await FakeDiscord.WaitUntilAsync(() => h.Fake.IsConnected && h.Transport.Current.State == TransportState.Connected);

        await h.Fake.CloseAsync(code);
        await FakeDiscord.WaitUntilAsync(() => h.Fake.CallsTo("GET", "/gateway/bot").Count() == 2, what: "gateway URL asked again");
        await Task.Delay(150);
        Assert.Single(h.Fake.ReceivedOp(2)); // the identify budget: one per 5 s
        time.Advance(TimeSpan.FromSeconds(5));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(2).Count() == 2, what: "new identify");
        Assert.Empty(h.Fake.ReceivedOp(6));
    }

    [Fact]
    public async Task Invalid_session_true_resumes()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        await h.Fake.SendOpAsync(9, JsonValue.Create(true));
        await FakeDiscord.WaitUntilAsync(() => h.Fake.ReceivedOp(6).Any(), what: "resume");
        Assert.Single(h.Fake.ReceivedOp(2));
    }

    [Fact]
    public async Task Close_4004_stops_for_good_and_reports_the_reason()
    {
        await using var h = await Harness.StartAsync(output);
        await h.WaitReadyAsync();
        await h.Fake.CloseAsync(4004);

        await FakeDiscord.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Stopped, what: "stopped");
        Assert.Contains("4004", h.Transport.Current.Reason, StringComparison.Ordinal);
        await Task.Delay(400);
        Assert.Equal(1, h.Fake.ConnectionCount); // never reconnects
        Assert.Equal(TransportState.Stopped, h.Transport.Current.State);
    }

    [Fact]
    public async Task A_refused_token_stops_all_sending()
    {
        await using var h = await Harness.StartAsync(output, configureFake: f => f.ValidToken = "another-token");
        await FakeDiscord.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Stopped, what: "stopped");
        Assert.Contains("401", h.Transport.Current.Reason, StringComparison.Ordinal);
        int calls = h.Fake.Calls.Count;
        await Task.Delay(300);
        Assert.Equal(calls, h.Fake.Calls.Count);
        Assert.Equal(0, h.Fake.ConnectionCount);
        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => h.Rest.CreateMessageAsync(FakeDiscord.ChannelId, new MessagePayload("hi"), CancellationToken.None));
        Assert.Equal(calls, h.Fake.Calls.Count);
    }
}
