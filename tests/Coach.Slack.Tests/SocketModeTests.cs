using System.Diagnostics;
using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;

namespace Coach.Slack.Tests;

public sealed class SocketModeTests
{
    private static TimeSpan Since(long start, long end) => Stopwatch.GetElapsedTime(start, end);

    [Fact]
    public async Task Every_envelope_is_acked_within_3_seconds_even_when_the_engine_is_slow()
    {
        var engine = new ScriptedEngine { Delay = TimeSpan.FromSeconds(4) };
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);

        var ids = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            // Several events on one channel queue behind each other: their acks must not.
            ids.Add(await socket.SendEnvelopeAsync("events_api", Payloads.Message(i % 2 == 0 ? "D1" : "D2", "U1", $"answer {i}", h.Fake.NextTs())));
        }
        await FakeSlack.WaitUntilAsync(() => ids.All(socket.Acks.ContainsKey), TimeSpan.FromSeconds(3), "all acks");
        foreach (var id in ids)
        {
            var latency = Since(socket.Sent[id], socket.Acks[id]);
            Assert.True(latency < TimeSpan.FromSeconds(1), $"{id} acked after {latency}");
        }
        Assert.True(engine.Received.Count <= 2, "the work runs after the acks, off the socket");
    }

    [Theory]
    [InlineData("refresh_requested")]
    [InlineData("warning")]
    public async Task Disconnect_opens_the_new_socket_before_closing_the_old_and_loses_or_doubles_nothing(string reason)
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var a = await h.Fake.WaitForSocketAsync(1);
        var eventIds = new List<string>();

        async Task SendOn(FakeSocket s, string eventId, int retry = 0) =>
            await s.SendEnvelopeAsync("events_api", Payloads.Message("D9", "U9", "text " + eventId, "1700000001." + eventId[2..], eventId: eventId), retry);

        for (int i = 0; i < 5; i++)
        {
            var id = Payloads.NewEventId();
            eventIds.Add(id);
            await SendOn(a, id);
        }
        await a.SendDisconnectAsync(reason);
        // Slack keeps using the old socket for a moment after the warning.
        var late = Payloads.NewEventId();
        eventIds.Add(late);
        await SendOn(a, late);

        var b = await h.Fake.WaitForSocketAsync(2);
        await a.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(a.ClosedByClient, "the client closed the old socket itself");
        Assert.True(a.ClosedAt > b.OpenedAt, "the new socket opened before the old one closed");

        for (int i = 0; i < 5; i++)
        {
            var id = Payloads.NewEventId();
            eventIds.Add(id);
            await SendOn(b, id);
        }
        // Slack redelivers what it was unsure about on the new socket.
        await SendOn(b, eventIds[2], retry: 1);
        await SendOn(b, late, retry: 1);

        await FakeSlack.WaitUntilAsync(() => eventIds.All(id => engine.CountOf(id) >= 1), what: "every event handled");
        await Task.Delay(200);
        Assert.All(eventIds, id => Assert.Equal(1, engine.CountOf(id)));
        Assert.All(a.Sent.Keys, id => Assert.True(a.Acks.ContainsKey(id), "acked on the old socket"));
        Assert.All(b.Sent.Keys, id => Assert.True(b.Acks.ContainsKey(id), "acked on the new socket"));
        Assert.Equal(2, h.Fake.CallsTo("apps.connections.open").Count);
        Assert.Equal(TransportState.Connected, h.Transport.Current.State);
    }

    [Fact]
    public async Task A_redelivered_envelope_with_the_same_event_id_is_handled_once_and_acked_twice()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var socket = await h.Fake.WaitForSocketAsync(1);
        var payload = Payloads.Message("D5", "U5", "hello", h.Fake.NextTs(), eventId: "Ev0REDELIVER");

        var first = await socket.SendEnvelopeAsync("events_api", payload);
        var again = await socket.SendEnvelopeAsync("events_api", payload, retryAttempt: 1);
        await FakeSlack.WaitUntilAsync(() => socket.Acks.ContainsKey(first) && socket.Acks.ContainsKey(again), what: "both acks");
        await FakeSlack.WaitUntilAsync(() => engine.CountOf("Ev0REDELIVER") == 1);
        await Task.Delay(200);
        Assert.Equal(1, engine.CountOf("Ev0REDELIVER"));
    }

    [Fact]
    public async Task Several_connections_share_one_deduplication()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine, new() { ["Slack:SocketConnections"] = "3" });
        await h.Fake.WaitForSocketAsync(3);
        await FakeSlack.WaitUntilAsync(() => h.Transport.SocketsConnected == 3);
        Assert.Equal(3, h.Fake.CallsTo("apps.connections.open").Count);

        var payload = Payloads.Message("D7", "U7", "once", h.Fake.NextTs(), eventId: "Ev0MULTI");
        foreach (var s in h.Fake.OpenSockets)
        {
            await s.SendEnvelopeAsync("events_api", payload);
        }
        // The same message as app_mention on another socket (same channel + ts, another event id).
        var mention = Payloads.Message("D7", "U7", $"<@{FakeSlack.BotUserId}> once", payload["event"]!["ts"]!.GetValue<string>(), type: "app_mention");
        await h.Fake.OpenSockets[1].SendEnvelopeAsync("events_api", mention);

        await FakeSlack.WaitUntilAsync(() => !engine.Received.IsEmpty);
        await Task.Delay(300);
        Assert.Single(engine.Received);
    }

    [Fact]
    public async Task Link_disabled_stops_the_transport_with_a_reason()
    {
        await using var h = await SlackHarness.StartAsync(new ScriptedEngine());
        var socket = await h.Fake.WaitForSocketAsync(1);
        await socket.SendDisconnectAsync("link_disabled");
        await FakeSlack.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Stopped, what: "stopped");
        Assert.Contains("link_disabled", h.Transport.Current.Reason);
        await Task.Delay(300);
        Assert.Single(h.Fake.CallsTo("apps.connections.open"));
    }

    [Fact]
    public async Task A_refused_app_token_stops_the_transport()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine, new() { ["Slack:AppToken"] = "xapp-wrong" }, waitConnected: false);
        await FakeSlack.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Stopped, what: "stopped");
        Assert.Contains("invalid_auth", h.Transport.Current.Reason);
    }

    [Fact]
    public async Task A_silent_socket_is_detected_and_replaced()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var a = await h.Fake.WaitForSocketAsync(1);
        a.GoSilent();
        var b = await h.Fake.WaitForSocketAsync(2, TimeSpan.FromSeconds(10));
        await b.SendEnvelopeAsync("events_api", Payloads.Message("D8", "U8", "after", h.Fake.NextTs(), eventId: "Ev0AFTERSILENCE"));
        await FakeSlack.WaitUntilAsync(() => engine.CountOf("Ev0AFTERSILENCE") == 1);
        Assert.Equal(TransportState.Connected, h.Transport.Current.State);
    }

    [Fact]
    public async Task A_socket_closed_by_Slack_is_reopened_with_a_fresh_url()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var a = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("apps.connections.open", new FakeResponse(500, ""));
        await a.CloseAsync();
        var b = await h.Fake.WaitForSocketAsync(2);
        Assert.Equal(3, h.Fake.CallsTo("apps.connections.open").Count);
        await b.SendEnvelopeAsync("events_api", Payloads.Message("D8", "U8", "back", h.Fake.NextTs(), eventId: "Ev0AFTERCLOSE"));
        await FakeSlack.WaitUntilAsync(() => engine.CountOf("Ev0AFTERCLOSE") == 1);
    }

    [Fact]
    public async Task A_socket_that_never_says_hello_is_dropped_and_retried()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine, waitConnected: false, prepare: f => f.SendHello = false);
        await FakeSlack.WaitUntilAsync(() => h.Fake.Sockets.Count >= 1, what: "first socket");
        h.Fake.SendHello = true;
        await FakeSlack.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Connected, TimeSpan.FromSeconds(10), "connected");
        Assert.True(h.Fake.Sockets.Count >= 2);
    }

    [Fact]
    public async Task While_the_replacement_socket_fails_to_open_the_old_one_keeps_working()
    {
        var engine = new ScriptedEngine();
        await using var h = await SlackHarness.StartAsync(engine);
        var a = await h.Fake.WaitForSocketAsync(1);
        h.Fake.Script("apps.connections.open", FakeResponse.Error("internal_error"), FakeResponse.Error("internal_error"));
        await a.SendDisconnectAsync("warning");
        await FakeSlack.WaitUntilAsync(() => h.Fake.CallsTo("apps.connections.open").Count >= 2, what: "a failed refresh");
        await a.SendEnvelopeAsync("events_api", Payloads.Message("D6", "U6", "still here", h.Fake.NextTs(), eventId: "Ev0DURINGREFRESH"));
        await FakeSlack.WaitUntilAsync(() => engine.CountOf("Ev0DURINGREFRESH") == 1, what: "the old socket still delivering");
        var b = await h.Fake.WaitForSocketAsync(2);
        await a.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(a.ClosedAt > b.OpenedAt);
        Assert.Equal(TransportState.Connected, h.Transport.Current.State);
    }

    [Fact]
    public async Task Health_reads_resuming_while_no_socket_is_up_and_connected_again_after()
    {
        await using var h = await SlackHarness.StartAsync(new ScriptedEngine(), new() { ["Slack:ReconnectMinDelay"] = "00:00:00.200" });
        var a = await h.Fake.WaitForSocketAsync(1);
        Assert.Equal(TransportState.Connected, h.Transport.Current.State);
        h.Fake.Script("apps.connections.open", FakeResponse.Error("internal_error"), FakeResponse.Error("internal_error"), FakeResponse.Error("internal_error"));
        await a.CloseAsync();
        await FakeSlack.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Resuming, what: "resuming");
        await h.Fake.WaitForSocketAsync(2, TimeSpan.FromSeconds(10));
        await FakeSlack.WaitUntilAsync(() => h.Transport.Current.State == TransportState.Connected, what: "connected again");
        Assert.Equal(5, h.Fake.CallsTo("apps.connections.open").Count); // the first, three refused, one that worked
    }
}
