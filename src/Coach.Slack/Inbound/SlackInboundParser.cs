using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coach.Core.Conversation;

namespace Coach.Slack.Inbound;

/// <summary>Turns Slack payloads into <see cref="SlackWork"/>, or null for what Coach ignores
/// (bot messages, its own, edits, deletions, other subtypes, channel chatter outside threads).</summary>
public sealed partial class SlackInboundParser(TimeProvider time)
{
    /// <summary>The engine's command words: a mention starting with one of these is a command.</summary>
    public static readonly IReadOnlySet<string> CommandWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "practice", "review", "level", "skip", "redo", "stop", "stories", "progress", "daily", "mock", "score",
        "compare", "forget", "export", "help",
    };

    /// <summary>The bot's own user id (from <c>auth.test</c>); its messages are ignored.</summary>
    public string? BotUserId { get; set; }

    public SlackWork? FromEventCallback(EventCallback callback)
    {
        if (callback.Type != "event_callback" || callback.Event is not { } ev || string.IsNullOrEmpty(callback.EventId))
        {
            return null;
        }
        if (ev.Type is not ("message" or "app_mention"))
        {
            return null;
        }
        if (ev.Subtype is "message_changed" or "message_deleted")
        {
            return FromChange(callback, ev);
        }
        if (!string.IsNullOrEmpty(ev.BotId) || string.IsNullOrEmpty(ev.User) || ev.User == BotUserId)
        {
            return null;
        }
        // bot_message, joins, and the rest: not a person's answer.
        if (ev.Subtype is not null and not "thread_broadcast")
        {
            return null;
        }
        if (string.IsNullOrEmpty(ev.Channel) || string.IsNullOrEmpty(ev.Ts))
        {
            return null;
        }
        bool isDirect = ev.ChannelType == "im" || (ev.ChannelType is null && ev.Channel.StartsWith('D'));
        var thread = string.IsNullOrEmpty(ev.ThreadTs) ? null : ev.ThreadTs;
        var at = ParseTs(ev.Ts) ?? (callback.EventTime is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : time.GetUtcNow());
        var workspace = callback.TeamId ?? ev.Team ?? "";
        var keys = new[] { "e:" + callback.EventId, $"m:{ev.Channel}:{ev.Ts}" };
        var text = Unescape(ev.Text ?? "");

        if (ev.Type == "app_mention")
        {
            var stripped = StripMentions(text).Trim();
            var (word, rest) = FirstWord(stripped);
            if (word.Length == 0 || CommandWords.Contains(word))
            {
                return new SlackWork(
                    new Incoming(Platforms.Slack, workspace, ev.Channel, thread, ev.User, callback.EventId, at, IncomingKind.Command,
                        Text: rest, Command: word.Length == 0 ? "help" : word.ToLowerInvariant(), IsDirect: isDirect, MessageId: MessageId(ev.Channel, ev.Ts)),
                    null, keys);
            }
            return new SlackWork(
                new Incoming(Platforms.Slack, workspace, ev.Channel, thread, ev.User, callback.EventId, at, IncomingKind.Message,
                    Text: stripped, IsDirect: isDirect, MessageId: MessageId(ev.Channel, ev.Ts)),
                null, keys);
        }

        // Plain messages: DMs with the bot, and replies in threads (the engine knows which threads are its sessions).
        if (!isDirect && thread is null)
        {
            return null;
        }
        return new SlackWork(
            new Incoming(Platforms.Slack, workspace, ev.Channel, thread, ev.User, callback.EventId, at, IncomingKind.Message,
                Text: BotUserId is null ? text : StripMentions(text).Trim(), IsDirect: isDirect, MessageId: MessageId(ev.Channel, ev.Ts)),
            null, keys);
    }

    /// <summary>A message's id for the engine: its channel and ts (a ts is unique within a channel).</summary>
    public static string MessageId(string channel, string ts) => channel + ":" + ts;

    /// <summary>
    /// An edit (<c>message_changed</c>) or a deletion (<c>message_deleted</c>) of a person's message. The engine acts only on
    /// messages that became answer parts of an open practice; the rest it ignores. A change that leaves the text as it was
    /// (a link preview, language metadata) is not an edit.
    /// </summary>
    private SlackWork? FromChange(EventCallback callback, SlackEvent ev)
    {
        bool edit = ev.Subtype == "message_changed";
        SlackEvent? message = edit ? ev.Message : ev.PreviousMessage;
        string? ts = edit ? message?.Ts : ev.DeletedTs ?? message?.Ts;
        if (message is null || string.IsNullOrEmpty(ev.Channel) || string.IsNullOrEmpty(ts) || string.IsNullOrEmpty(message.User)
            || !string.IsNullOrEmpty(message.BotId) || message.User == BotUserId)
        {
            return null;
        }
        if (edit && message.Text == ev.PreviousMessage?.Text)
        {
            return null;
        }
        bool isDirect = ev.ChannelType == "im" || (ev.ChannelType is null && ev.Channel.StartsWith('D'));
        string text = Unescape(message.Text ?? "");
        var incoming = new Incoming(Platforms.Slack, callback.TeamId ?? message.Team ?? "", ev.Channel,
            string.IsNullOrEmpty(message.ThreadTs) ? null : message.ThreadTs, message.User, callback.EventId!,
            ParseTs(ev.Ts) ?? time.GetUtcNow(), edit ? IncomingKind.Edited : IncomingKind.Deleted,
            Text: edit ? (BotUserId is null ? text : StripMentions(text).Trim()) : null, IsDirect: isDirect, MessageId: MessageId(ev.Channel, ts));
        return new SlackWork(incoming, null, ["e:" + callback.EventId]);
    }

    public SlackWork? FromSlashCommand(SlashCommand command)
    {
        if (string.IsNullOrEmpty(command.UserId) || string.IsNullOrEmpty(command.ChannelId) || string.IsNullOrEmpty(command.TriggerId))
        {
            return null;
        }
        var (word, rest) = FirstWord(Unescape(command.Text ?? "").Trim());
        bool isDirect = command.ChannelId.StartsWith('D') || command.ChannelName == "directmessage";
        return new SlackWork(
            new Incoming(Platforms.Slack, command.TeamId ?? "", command.ChannelId, null, command.UserId, "cmd:" + command.TriggerId,
                time.GetUtcNow(), IncomingKind.Command,
                Text: rest, Command: word.Length == 0 ? "help" : word.ToLowerInvariant(), IsDirect: isDirect, UserDisplayName: command.UserName),
            command.TriggerId, ["c:" + command.TriggerId]) { ResponseUrl = command.ResponseUrl };
    }

    public SlackWork? FromInteraction(InteractionPayload payload)
    {
        var user = payload.User?.Id;
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }
        var team = payload.Team?.Id ?? payload.User?.TeamId ?? "";
        if (payload.Type == "block_actions" && payload.Actions is [var action, ..] && !string.IsNullOrEmpty(action.ActionId))
        {
            var channel = payload.Channel?.Id ?? payload.Container?.ChannelId ?? "";
            var thread = payload.Message?.ThreadTs ?? payload.Container?.ThreadTs;
            var actionTs = action.ActionTs ?? payload.Container?.MessageTs ?? "";
            var eventId = $"act:{action.ActionId}:{actionTs}:{user}";
            return new SlackWork(
                new Incoming(Platforms.Slack, team, channel, thread, user, eventId, ParseTs(action.ActionTs) ?? time.GetUtcNow(),
                    IncomingKind.Button, ActionId: action.ActionId, ActionValue: action.Value, IsDirect: channel.StartsWith('D'),
                    UserDisplayName: payload.User?.Username),
                payload.TriggerId, [eventId]);
        }
        if (payload.Type == "view_submission" && payload.View is { } view && !string.IsNullOrEmpty(view.CallbackId))
        {
            var (channel, thread) = ReadViewMetadata(view.PrivateMetadata);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (blockId, inputs) in view.State?.Values ?? [])
            {
                foreach (var (actionId, input) in inputs)
                {
                    values[blockId == actionId || inputs.Count == 1 ? blockId : $"{blockId}.{actionId}"] = input.Value ?? "";
                }
            }
            var eventId = $"view:{view.Id}:{view.Hash}";
            return new SlackWork(
                new Incoming(Platforms.Slack, team, channel ?? "", thread, user, eventId, time.GetUtcNow(), IncomingKind.Form,
                    FormId: view.CallbackId, FormValues: values, IsDirect: channel?.StartsWith('D') ?? false,
                    UserDisplayName: payload.User?.Username),
                payload.TriggerId, [eventId]);
        }
        return null;
    }

    /// <summary>private_metadata we set on modals: <c>{"c":channel,"t":thread}</c>.</summary>
    public static string WriteViewMetadata(string? channel, string? thread) =>
        JsonSerializer.Serialize(new ViewMetadata(channel, thread));

    private static (string? Channel, string? Thread) ReadViewMetadata(string? metadata)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return (null, null);
        }
        try
        {
            var m = JsonSerializer.Deserialize<ViewMetadata>(metadata);
            return (m?.c, m?.t);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

#pragma warning disable IDE1006, SA1300 // short names keep private_metadata small
    private sealed record ViewMetadata(string? c, string? t);
#pragma warning restore IDE1006, SA1300

    /// <summary>Slack message text escapes &amp;, &lt; and &gt;; the engine gets plain text back.</summary>
    public static string Unescape(string text) =>
        text.Contains('&') ? text.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&") : text;

    private string StripMentions(string text)
    {
        return BotUserId is null ? LeadingMention().Replace(text, "") : BotMention().Replace(text, m => m.Groups[1].Value == BotUserId ? "" : m.Value);
    }

    private static (string Word, string Remainder) FirstWord(string text)
    {
        text = text.Trim();
        int space = text.IndexOfAny([' ', '\n', '\t']);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
    }

    internal static DateTimeOffset? ParseTs(string? ts)
    {
        if (ts is null || !decimal.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000m));
    }

    [GeneratedRegex(@"^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>\s*")]
    private static partial Regex LeadingMention();

    [GeneratedRegex(@"<@([UW][A-Z0-9]+)(\|[^>]*)?>")]
    private static partial Regex BotMention();
}
