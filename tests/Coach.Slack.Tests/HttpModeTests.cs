using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Slack.Http;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.Options;

namespace Coach.Slack.Tests;

public sealed class HttpModeTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private readonly ScriptedEngine _engine = new();
    private readonly HttpClient _http = new();
    private SlackHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await SlackHarness.StartAsync(_engine, new() { ["Slack:Mode"] = "http", ["Slack:AppToken"] = null });
        Assert.NotNull(_h.Transport.HttpBaseAddress);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _h.DisposeAsync();
    }

    private Uri Url(string path) => new(_h.Transport.HttpBaseAddress!, path);

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, DateTimeOffset? at = null,
        string? signature = null, IDictionary<string, string>? headers = null)
    {
        var ts = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackSignature.Compute(Secret, ts, Encoding.UTF8.GetBytes(body)));
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(k, v);
        }
        return await _http.SendAsync(request);
    }

    private static string Form(JsonObject fields) =>
        string.Join("&", fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value?.GetValue<string>() ?? "")}"));

    [Fact]
    public async Task A_valid_signature_is_accepted_and_the_event_handled()
    {
        var body = Payloads.Message("D1", "U1", "hello", "1700000000.000001").ToJsonString();
        using var response = await PostAsync("/slack/events", body, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await FakeSlack.WaitUntilAsync(() => _engine.Received.Count == 1);
        Assert.Equal("hello", _engine.Received.Single().Text);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_with_401()
    {
        var body = Payloads.Message("D1", "U1", "forged", "1700000000.000002").ToJsonString();
        using var response = await PostAsync("/slack/events", body, "application/json", signature: SlackSignature.Compute("wrong-secret", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var missing = await PostAsync("/slack/events", body, "application/json", signature: "");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        // A body changed after signing.
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var tampered = await PostAsync("/slack/events", body.Replace("forged", "tampered", StringComparison.Ordinal), "application/json",
            signature: SlackSignature.Compute(Secret, ts, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        await Task.Delay(100);
        Assert.Empty(_engine.Received);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task A_timestamp_more_than_5_minutes_away_is_refused_even_when_signed(int minutes)
    {
        var body = Payloads.Message("D1", "U1", "replayed", "1700000000.000003").ToJsonString();
        using var response = await PostAsync("/slack/events", body, "application/json", at: DateTimeOffset.UtcNow.AddMinutes(minutes));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(100);
        Assert.Empty(_engine.Received);
    }

    [Fact]
    public async Task Url_verification_answers_the_challenge()
    {
        using var response = await PostAsync("/slack/events", """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ssl_check_is_answered_without_work()
    {
        using var response = await PostAsync("/slack/commands", "ssl_check=1&token=legacy", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(50);
        Assert.Empty(_engine.Received);
    }

    [Fact]
    public async Task Retries_of_one_event_are_handled_once()
    {
        var body = Payloads.Message("D2", "U2", "once", "1700000000.000004", eventId: "Ev0HTTPRETRY").ToJsonString();
        using var first = await PostAsync("/slack/events", body, "application/json");
        using var retry = await PostAsync("/slack/events", body, "application/json", headers: new Dictionary<string, string>
        {
            ["X-Slack-Retry-Num"] = "1",
            ["X-Slack-Retry-Reason"] = "http_timeout",
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await FakeSlack.WaitUntilAsync(() => _engine.CountOf("Ev0HTTPRETRY") == 1);
        await Task.Delay(150);
        Assert.Equal(1, _engine.CountOf("Ev0HTTPRETRY"));
    }

    [Fact]
    public async Task Slash_commands_and_button_presses_arrive_form_encoded_and_are_acked_at_once_when_the_engine_is_slow()
    {
        _engine.Delay = TimeSpan.FromSeconds(4);
        var started = DateTime.UtcNow;
        using var command = await PostAsync("/slack/commands", Form(Payloads.SlashCommand("D3", "U3", "practice L6 ownership")), "application/x-www-form-urlencoded");
        var payload = Payloads.BlockAction("D4", "U3", "redo", "situation", "1700000000.000005").ToJsonString();
        using var button = await PostAsync("/slack/interactivity", "payload=" + Uri.EscapeDataString(payload), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal(HttpStatusCode.OK, button.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "acked before the work ran");

        await FakeSlack.WaitUntilAsync(() => _engine.Received.Count == 2, TimeSpan.FromSeconds(3));
        var cmd = _engine.Received.Single(i => i.Channel == "D3");
        Assert.Equal(IncomingKind.Command, cmd.Kind);
        Assert.Equal("practice", cmd.Command);
        Assert.Equal("L6 ownership", cmd.Text);
        var press = _engine.Received.Single(i => i.Channel == "D4");
        Assert.Equal(IncomingKind.Button, press.Kind);
        Assert.Equal("redo", press.ActionId);
        Assert.Equal("situation", press.ActionValue);
    }

    [Fact]
    public void Http_mode_without_a_signing_secret_refuses_to_start()
    {
        var result = new SlackOptionsValidator().Validate(null, new SlackOptions { BotToken = "xoxb-1", Mode = SlackMode.Http });
        Assert.True(result.Failed);
        Assert.Contains("SigningSecret", result.FailureMessage);
    }
}

public sealed class OptionsTests
{
    [Fact]
    public async Task The_host_refuses_to_start_http_mode_without_a_signing_secret()
    {
        var ex = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => SlackHarness.StartAsync(new ScriptedEngine(),
            new() { ["Slack:Mode"] = "http", ["Slack:SigningSecret"] = null }, waitConnected: false));
        Assert.Contains("SigningSecret", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Socket_connections_must_be_1_to_10(int n)
    {
        var result = new SlackOptionsValidator().Validate(null, new SlackOptions { BotToken = "xoxb-1", AppToken = "xapp-1", SocketConnections = n });
        Assert.True(result.Failed);
    }

    [Fact]
    public void Http_mode_needs_an_ip_listen_address()
    {
        var result = new SlackOptionsValidator().Validate(null, new SlackOptions { BotToken = "xoxb-1", Mode = SlackMode.Http, SigningSecret = "s", HttpListenAddress = "localhost:3000" });
        Assert.True(result.Failed);
        Assert.Contains("HttpListenAddress", result.FailureMessage);
    }

    [Fact]
    public void Socket_mode_needs_an_app_token_and_defaults_are_valid()
    {
        Assert.True(new SlackOptionsValidator().Validate(null, new SlackOptions { BotToken = "xoxb-1" }).Failed);
        Assert.True(new SlackOptionsValidator().Validate(null, new SlackOptions { BotToken = "xoxb-1", AppToken = "xapp-1" }).Succeeded);
    }
}
