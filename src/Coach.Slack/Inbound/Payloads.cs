using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coach.Slack.Inbound;

/// <summary>A Socket Mode frame from Slack: hello, disconnect, or an envelope.</summary>
public sealed record SocketFrame(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("envelope_id")] string? EnvelopeId = null,
    [property: JsonPropertyName("payload")] JsonElement Payload = default,
    [property: JsonPropertyName("accepts_response_payload")] bool AcceptsResponsePayload = false,
    [property: JsonPropertyName("retry_attempt")] int RetryAttempt = 0,
    [property: JsonPropertyName("retry_reason")] string? RetryReason = null,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("num_connections")] int? NumConnections = null);

/// <summary>The Events API outer payload (<c>event_callback</c>, <c>url_verification</c>).</summary>
public sealed record EventCallback(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("team_id")] string? TeamId = null,
    [property: JsonPropertyName("event_id")] string? EventId = null,
    [property: JsonPropertyName("event_time")] long? EventTime = null,
    [property: JsonPropertyName("event")] SlackEvent? Event = null,
    [property: JsonPropertyName("challenge")] string? Challenge = null);

/// <summary>The inner event: <c>message</c> or <c>app_mention</c>. An edit (<c>message_changed</c>) carries the edited message in
/// <see cref="Message"/> and the one before in <see cref="PreviousMessage"/>; a deletion (<c>message_deleted</c>) names it by
/// <see cref="DeletedTs"/> and carries it in <see cref="PreviousMessage"/>.</summary>
public sealed record SlackEvent(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("subtype")] string? Subtype = null,
    [property: JsonPropertyName("user")] string? User = null,
    [property: JsonPropertyName("bot_id")] string? BotId = null,
    [property: JsonPropertyName("text")] string? Text = null,
    [property: JsonPropertyName("ts")] string? Ts = null,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs = null,
    [property: JsonPropertyName("channel")] string? Channel = null,
    [property: JsonPropertyName("channel_type")] string? ChannelType = null,
    [property: JsonPropertyName("team")] string? Team = null,
    [property: JsonPropertyName("message")] SlackEvent? Message = null,
    [property: JsonPropertyName("previous_message")] SlackEvent? PreviousMessage = null,
    [property: JsonPropertyName("deleted_ts")] string? DeletedTs = null);

/// <summary>A slash command (form fields over HTTP, a JSON object in Socket Mode).</summary>
public sealed record SlashCommand(
    [property: JsonPropertyName("command")] string? Command,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("user_name")] string? UserName,
    [property: JsonPropertyName("channel_id")] string? ChannelId,
    [property: JsonPropertyName("channel_name")] string? ChannelName,
    [property: JsonPropertyName("team_id")] string? TeamId,
    [property: JsonPropertyName("trigger_id")] string? TriggerId,
    [property: JsonPropertyName("response_url")] string? ResponseUrl);

public sealed record IdRef(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("username")] string? Username = null,
    [property: JsonPropertyName("team_id")] string? TeamId = null);

public sealed record InteractionContainer(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("message_ts")] string? MessageTs = null,
    [property: JsonPropertyName("channel_id")] string? ChannelId = null,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs = null,
    [property: JsonPropertyName("is_ephemeral")] bool IsEphemeral = false);

public sealed record InteractionMessage(
    [property: JsonPropertyName("ts")] string? Ts,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs = null);

public sealed record BlockAction(
    [property: JsonPropertyName("action_id")] string? ActionId,
    [property: JsonPropertyName("block_id")] string? BlockId = null,
    [property: JsonPropertyName("value")] string? Value = null,
    [property: JsonPropertyName("action_ts")] string? ActionTs = null,
    [property: JsonPropertyName("type")] string? Type = null);

public sealed record ViewState(
    [property: JsonPropertyName("values")] Dictionary<string, Dictionary<string, ViewInputValue>>? Values);

public sealed record ViewInputValue(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("value")] string? Value = null);

public sealed record ViewPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("callback_id")] string? CallbackId = null,
    [property: JsonPropertyName("private_metadata")] string? PrivateMetadata = null,
    [property: JsonPropertyName("hash")] string? Hash = null,
    [property: JsonPropertyName("state")] ViewState? State = null);

/// <summary>An interactivity payload: <c>block_actions</c> or <c>view_submission</c>.</summary>
public sealed record InteractionPayload(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("user")] IdRef? User = null,
    [property: JsonPropertyName("team")] IdRef? Team = null,
    [property: JsonPropertyName("channel")] IdRef? Channel = null,
    [property: JsonPropertyName("container")] InteractionContainer? Container = null,
    [property: JsonPropertyName("message")] InteractionMessage? Message = null,
    [property: JsonPropertyName("trigger_id")] string? TriggerId = null,
    [property: JsonPropertyName("actions")] IReadOnlyList<BlockAction>? Actions = null,
    [property: JsonPropertyName("view")] ViewPayload? View = null);
