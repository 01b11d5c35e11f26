using Coach.Discord.Tests.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coach.Discord.Tests;

public sealed class RestTests : IAsyncLifetime
{
    private const string A = "410000000000000001";
    private const string B = "420000000000000002";
    private FakeDiscord _fake = null!;
    private DiscordRestClient _rest = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _http = new HttpClient();
        _rest = new DiscordRestClient(_http, Options.Create(new DiscordOptions { Token = FakeDiscord.Token, ApiBaseUrl = _fake.ApiBase }),
            TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private static MessagePayload Hello(string text = "hello") => new(text);

    [Fact]
    public async Task A_429_with_retry_after_delays_that_bucket_only()
    {
        _fake.Plan429($"/channels/{A}/messages", 0.5, global: false);
        var toA = _rest.CreateMessageAsync(A, Hello(), CancellationToken.None);
        await FakeDiscord.WaitUntilAsync(() => _fake.Calls.Any(c => c.Status == 429));
        await _rest.CreateMessageAsync(B, Hello(), CancellationToken.None); // another channel is not held up
        var bDone = DateTimeOffset.UtcNow;
        await toA;

        var limited = _fake.Calls.Single(c => c.Status == 429);
        var retried = _fake.CallsTo("POST", $"/channels/{A}/messages").Single(c => c.Status == 200);
        var other = _fake.CallsTo("POST", $"/channels/{B}/messages").Single();
        Assert.True(retried.At - limited.At >= TimeSpan.FromMilliseconds(480), $"retried after {(retried.At - limited.At).TotalMilliseconds} ms");
        Assert.True(other.At < retried.At);
        Assert.True(bDone - limited.At < TimeSpan.FromMilliseconds(400));
        // the retry carried the same nonce: Discord would not post twice
        var nonces = _fake.CallsTo("POST", $"/channels/{A}/messages").Select(c => c.Body!["nonce"]!.GetValue<string>()).Distinct();
        Assert.Single(nonces);
    }

    [Fact]
    public async Task A_global_429_pauses_every_route()
    {
        _fake.Plan429($"/channels/{A}/messages", 0.5, global: true);
        var toA = _rest.CreateMessageAsync(A, Hello(), CancellationToken.None);
        await FakeDiscord.WaitUntilAsync(() => _rest.GlobalPausedUntil > DateTimeOffset.UtcNow, what: "the client to take in the global 429");
        var toB = _rest.CreateMessageAsync(B, Hello(), CancellationToken.None);
        await Task.WhenAll(toA, toB);

        var limited = _fake.Calls.Single(c => c.Status == 429);
        var other = _fake.CallsTo("POST", $"/channels/{B}/messages").Single();
        Assert.True(other.At - limited.At >= TimeSpan.FromMilliseconds(480), $"other route sent {(other.At - limited.At).TotalMilliseconds} ms after the global 429");
        Assert.Equal(2, _fake.Calls.Count(c => c.Status == 200));
    }

    [Fact]
    public async Task Sends_pace_on_the_rate_limit_headers_instead_of_drawing_429s()
    {
        _fake.ChannelRateLimit = (3, TimeSpan.FromMilliseconds(400));
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 7).Select(i => _rest.CreateMessageAsync(A, Hello("m" + i), CancellationToken.None)));

        Assert.Equal(7, _fake.Calls.Count(c => c.Status == 200));
        Assert.DoesNotContain(_fake.Calls, c => c.Status == 429);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(780)); // three windows
    }

    [Fact]
    public async Task A_401_stops_all_sending()
    {
        _fake.ValidToken = "some-other-token";
        int raised = 0;
        _rest.Unauthorized += _ => raised++;
        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => _rest.CreateMessageAsync(A, Hello(), CancellationToken.None));
        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => _rest.CreateMessageAsync(B, Hello(), CancellationToken.None));
        Assert.Single(_fake.Calls);
        Assert.Equal(1, raised);
        Assert.True(_rest.IsStopped);
    }

    [Fact]
    public async Task A_server_error_on_a_message_send_is_retried_with_the_same_nonce()
    {
        _fake.PlanError(new PlannedError("POST", $"/channels/{A}/messages", 502, """{"message":"bad gateway"}""", new Dictionary<string, string>()));
        await _rest.CreateMessageAsync(A, Hello(), CancellationToken.None);
        var calls = _fake.CallsTo("POST", $"/channels/{A}/messages").ToList();
        Assert.Equal([502, 200], calls.Select(c => c.Status));
        Assert.Equal(calls[0].Body!["nonce"]!.GetValue<string>(), calls[1].Body!["nonce"]!.GetValue<string>());
        Assert.True(calls[0].Body!["enforce_nonce"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Commands_are_registered_only_when_the_set_differs()
    {
        var registrar = new DiscordCommandRegistrar(_rest, Options.Create(new DiscordOptions { Token = FakeDiscord.Token, ApplicationId = FakeDiscord.ApplicationId, GuildId = FakeDiscord.GuildId }),
            NullLogger<DiscordCommandRegistrar>.Instance);
        Assert.True(await registrar.RegisterAsync());
        Assert.False(await registrar.RegisterAsync());
        var put = Assert.Single(_fake.CallsTo("PUT", "/commands"));
        Assert.Contains($"/guilds/{FakeDiscord.GuildId}/commands", put.Path, StringComparison.Ordinal);

        var coach = put.Body![0]!;
        Assert.Equal("coach", coach["name"]!.GetValue<string>());
        var subs = coach["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["practice", "review", "level", "skip", "redo", "stop", "stories", "progress", "compare", "forget", "export", "help"], subs);
        var practice = coach["options"]![0]!;
        Assert.Equal(["L6", "L7"], practice["options"]![0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal(16, practice["options"]![1]!["choices"]!.AsArray().Count);

        // Discord answers with extra fields (ids, versions, defaults): still the same set, no PUT
        var stored = (System.Text.Json.Nodes.JsonArray)_fake.RegisteredCommands!;
        stored[0]!["id"] = "1";
        stored[0]!["version"] = "2";
        stored[0]!["default_member_permissions"] = null;
        Assert.False(await registrar.RegisterAsync());
        // a changed description is a difference
        stored[0]!["description"] = "old";
        Assert.True(await registrar.RegisterAsync());
        Assert.Equal(2, _fake.CallsTo("PUT", "/commands").Count());
    }
}
