using System.Net;
using System.Text;
using System.Text.Json;
using Coach.Slack.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Coach.Slack.Http;

/// <summary>
/// HTTP mode: one Kestrel endpoint for the Events API (JSON), slash commands (form) and interactivity
/// (form field <c>payload</c>). Every request is signature-checked first (401 otherwise); the event is stored in the inbox,
/// the work queued and the request answered, well inside Slack's 3 s (503 when the store cannot take it, so it comes again).
/// </summary>
internal sealed class SlackHttpEndpoint(
    SlackDispatcher dispatcher,
    SlackInboundParser parser,
    SlackOptions options,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private const int MaxBody = 1024 * 1024;
    private WebApplication? _app;

    /// <summary>Where the endpoint listens (with the real port when <see cref="SlackOptions.HttpPort"/> is 0).</summary>
    public Uri? BaseAddress { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.HttpListenAddress), options.HttpPort);
            k.Limits.MaxRequestBodySize = MaxBody;
            k.AddServerHeader = false;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        BaseAddress = address is null ? null : new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        logger.LogInformation("Slack HTTP endpoint listening on port {Port}", BaseAddress?.Port);
    }

    internal async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments(options.HttpPathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, ctx.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        if (!SlackSignature.Verify(options.SigningSecret!, request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body, time.GetUtcNow()))
        {
            logger.LogWarning("Refused a Slack request with a bad or stale signature");
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var received = time.GetTimestamp();
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await HandleEventAsync(ctx, body, received);
            return;
        }
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (Field(form, "ssl_check") == "1")
        {
            ctx.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        SlackWork? work = null;
        try
        {
            if (Field(form, "payload") is { } payload)
            {
                work = parser.FromInteraction(JsonSerializer.Deserialize<InteractionPayload>(payload, SlackJson.Options)!);
            }
            else if (Field(form, "command") is not null)
            {
                work = parser.FromSlashCommand(new SlashCommand(
                    Field(form, "command"), Field(form, "text"), Field(form, "user_id"), Field(form, "user_name"),
                    Field(form, "channel_id"), Field(form, "channel_name"), Field(form, "team_id"), Field(form, "trigger_id"),
                    Field(form, "response_url")));
            }
        }
        catch (JsonException)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        ctx.Response.StatusCode = work is null || await dispatcher.AcceptAsync(work with { ReceivedTimestamp = received })
            ? StatusCodes.Status200OK
            : StatusCodes.Status503ServiceUnavailable; // not stored: Slack's retry (or the person's) brings it again
    }

    private async Task HandleEventAsync(HttpContext ctx, byte[] body, long received)
    {
        EventCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<EventCallback>(body, SlackJson.Options);
        }
        catch (JsonException)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (callback?.Type == "url_verification")
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new { challenge = callback.Challenge }), ctx.RequestAborted);
            return;
        }
        if (callback?.Type == "event_callback")
        {
            if (ctx.Request.Headers.TryGetValue("X-Slack-Retry-Num", out var retry))
            {
                logger.LogInformation("Slack retried {EventId} (attempt {Attempt}, {Reason})", callback.EventId, retry.ToString(), ctx.Request.Headers["X-Slack-Retry-Reason"].ToString());
            }
            if (parser.FromEventCallback(callback) is { } work)
            {
                if (!await dispatcher.AcceptAsync(work with { ReceivedTimestamp = received }))
                {
                    ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // not stored: Slack retries it
                    return;
                }
            }
            else if (callback.EventId is { } id)
            {
                dispatcher.Claim(["e:" + id]);
            }
        }
        ctx.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static string? Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var v) ? v.ToString() : null;

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, read);
            if (ms.Length > MaxBody)
            {
                throw new BadHttpRequestException("Body too large", StatusCodes.Status413PayloadTooLarge);
            }
        }
        return ms.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
