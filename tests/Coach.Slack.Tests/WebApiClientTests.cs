using System.Text.Json.Nodes;
using Coach.Slack.Api;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Slack.Tests;

public sealed class WebApiClientTests : IAsyncLifetime
{
    private FakeSlack _fake = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private SlackApiClient Client(TimeProvider time, TimeSpan? postInterval = null) =>
        new(_http, Options.Create(new SlackOptions
        {
            BotToken = FakeSlack.BotToken,
            AppToken = FakeSlack.AppToken,
            ApiBaseUrl = _fake.ApiBaseUrl,
            PostInterval = postInterval ?? TimeSpan.Zero,
        }), time, NullLogger<SlackApiClient>.Instance);

    [Fact]
    public async Task Calls_carry_bearer_auth_and_a_json_body_with_charset()
    {
        var api = Client(TimeProvider.System);
        var me = await api.AuthTestAsync(default);
        Assert.Equal(FakeSlack.BotUserId, me.UserId);
        await api.PostMessageAsync("C1", new SlackMessage("hi"), "1.2", default);

        var call = _fake.CallsTo("chat.postMessage").Single();
        Assert.Equal("Bearer " + FakeSlack.BotToken, call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("C1", call.Str("channel"));
        Assert.Equal("1.2", call.Str("thread_ts"));
        await api.OpenSocketUrlAsync(default);
        Assert.Equal("Bearer " + FakeSlack.AppToken, _fake.CallsTo("apps.connections.open").Single().Authorization);
    }

    [Fact]
    public async Task Ok_false_surfaces_as_an_exception_with_the_error_code()
    {
        _fake.Script("chat.postMessage", FakeResponse.Error("channel_not_found"));
        var api = Client(TimeProvider.System);
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => api.PostMessageAsync("C404", new SlackMessage("x"), null, default));
        Assert.Equal("channel_not_found", ex.Error);
        Assert.Equal("chat.postMessage", ex.Method);
    }

    [Fact]
    public async Task A_429_pauses_that_method_for_Retry_After_and_then_retries()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var api = Client(time);
        _fake.Script("chat.postMessage", FakeResponse.RateLimited(30));

        var post = api.PostMessageAsync("C1", new SlackMessage("paced"), null, default);
        await FakeSlack.WaitUntilAsync(() => api.PausedUntil("chat.postMessage") is not null, what: "the 429 to pause the method");
        Assert.Equal(time.GetUtcNow().AddSeconds(30), api.PausedUntil("chat.postMessage"));

        // Another method is not paused.
        await api.OpenConversationAsync("U1", default);
        // The same method, from another caller, waits too.
        var second = api.PostMessageAsync("C2", new SlackMessage("also paused"), null, default);

        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(150);
        Assert.Single(_fake.CallsTo("chat.postMessage"));
        Assert.False(post.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var posted = await post.WaitAsync(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("C1", posted.Channel);
        Assert.Equal(3, _fake.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task Too_many_429s_give_up_with_ratelimited()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var api = new SlackApiClient(_http, Options.Create(new SlackOptions
        {
            BotToken = FakeSlack.BotToken,
            ApiBaseUrl = _fake.ApiBaseUrl,
            PostInterval = TimeSpan.Zero,
            MaxRateLimitRetries = 1,
        }), time, NullLogger<SlackApiClient>.Instance);
        _fake.Script("chat.update", FakeResponse.RateLimited(1), FakeResponse.RateLimited(1));
        var update = api.UpdateAsync("C1", "1.1", new SlackMessage("x"), default);
        await FakeSlack.WaitUntilAsync(() => api.PausedUntil("chat.update") is not null, what: "the first 429");
        time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => update.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("ratelimited", ex.Error);
    }

    [Fact]
    public async Task Posts_to_one_channel_are_paced_about_one_a_second_while_other_channels_go_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var api = Client(time, TimeSpan.FromSeconds(1));
        var first = api.PostMessageAsync("C1", new SlackMessage("1"), null, default);
        var second = api.PostMessageAsync("C1", new SlackMessage("2"), null, default);
        var third = api.PostMessageAsync("C1", new SlackMessage("3"), null, default);
        var other = api.PostMessageAsync("C2", new SlackMessage("other"), null, default);
        await Task.WhenAll(first, other).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.Equal(2, _fake.CallsTo("chat.postMessage").Count);

        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["1", "2", "3"], _fake.CallsTo("chat.postMessage").Where(c => c.Str("channel") == "C1").Select(c => c.Str("text")!).ToArray());
    }

    [Fact]
    public async Task Views_open_and_conversations_open_send_what_Slack_expects()
    {
        var api = Client(TimeProvider.System);
        Assert.Equal("DU42", await api.OpenConversationAsync("U42", default));
        await api.OpenViewAsync("trig.1", new JsonObject { ["type"] = "modal" }, default);
        Assert.Equal("U42", _fake.CallsTo("conversations.open").Single().Str("users"));
        var view = _fake.CallsTo("views.open").Single();
        Assert.Equal("trig.1", view.Str("trigger_id"));
        Assert.Equal("modal", view.Body["view"]!["type"]!.GetValue<string>());
    }
}
