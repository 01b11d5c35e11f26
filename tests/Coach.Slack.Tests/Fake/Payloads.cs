using System.Text.Json.Nodes;

namespace Coach.Slack.Tests.Fake;

/// <summary>Slack payloads as Slack sends them (Socket Mode envelope payloads; the same JSON goes to HTTP mode).</summary>
public static class Payloads
{
    private static int _events;

    public static string NewEventId() => $"Ev{Interlocked.Increment(ref _events):D8}";

    /// <summary>An <c>event_callback</c> wrapping a message event.</summary>
    public static JsonObject Message(string channel, string user, string text, string ts, string? threadTs = null, string? channelType = null,
        string? eventId = null, string type = "message", string? subtype = null, string? botId = null)
    {
        var ev = new JsonObject
        {
            ["type"] = type,
            ["user"] = user,
            ["text"] = text,
            ["ts"] = ts,
            ["channel"] = channel,
            ["event_ts"] = ts,
            ["team"] = FakeSlack.TeamId,
        };
        if (type == "message")
        {
            ev["channel_type"] = channelType ?? (channel.StartsWith('D') ? "im" : "channel");
        }
        if (threadTs is not null)
        {
            ev["thread_ts"] = threadTs;
        }
        if (subtype is not null)
        {
            ev["subtype"] = subtype;
        }
        if (botId is not null)
        {
            ev["bot_id"] = botId;
        }
        return new JsonObject
        {
            ["token"] = "legacy-verification-token",
            ["team_id"] = FakeSlack.TeamId,
            ["api_app_id"] = "A0001",
            ["event"] = ev,
            ["type"] = "event_callback",
            ["event_id"] = eventId ?? NewEventId(),
            ["event_time"] = 1_700_000_000,
            ["event_context"] = "4-eyJldCI6Im1lc3NhZ2UifQ",
        };
    }

    /// <summary>An edit as Slack sends it: subtype <c>message_changed</c>, the edited message (with <c>edited</c>) and the one before.</summary>
    public static JsonObject MessageChanged(string channel, string user, string text, string previousText, string ts, string editTs,
        string? threadTs = null, string? eventId = null)
    {
        var payload = Message(channel, user, "", editTs, eventId: eventId, subtype: "message_changed");
        var ev = payload["event"]!.AsObject();
        ev.Remove("user");
        ev.Remove("text");
        ev["hidden"] = true;
        ev["message"] = ChangedMessage(user, text, ts, threadTs, editTs);
        ev["previous_message"] = ChangedMessage(user, previousText, ts, threadTs, null);
        return payload;
    }

    /// <summary>A deletion as Slack sends it: subtype <c>message_deleted</c>, <c>deleted_ts</c> and the message as it was.</summary>
    public static JsonObject MessageDeleted(string channel, string user, string previousText, string ts, string deleteTs, string? threadTs = null)
    {
        var payload = Message(channel, user, "", deleteTs, subtype: "message_deleted");
        var ev = payload["event"]!.AsObject();
        ev.Remove("user");
        ev.Remove("text");
        ev["hidden"] = true;
        ev["deleted_ts"] = ts;
        ev["previous_message"] = ChangedMessage(user, previousText, ts, threadTs, null);
        return payload;
    }

    private static JsonObject ChangedMessage(string user, string text, string ts, string? threadTs, string? editTs)
    {
        var m = new JsonObject { ["type"] = "message", ["user"] = user, ["text"] = text, ["ts"] = ts, ["team"] = FakeSlack.TeamId };
        if (threadTs is not null)
        {
            m["thread_ts"] = threadTs;
        }
        if (editTs is not null)
        {
            m["edited"] = new JsonObject { ["user"] = user, ["ts"] = editTs };
        }
        return m;
    }

    public static JsonObject SlashCommand(string channel, string user, string text, string? triggerId = null, string? responseUrl = null) => new()
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = FakeSlack.TeamId,
        ["team_domain"] = "fake",
        ["channel_id"] = channel,
        ["channel_name"] = channel.StartsWith('D') ? "directmessage" : "practice",
        ["user_id"] = user,
        ["user_name"] = "pat",
        ["command"] = "/coach",
        ["text"] = text,
        ["api_app_id"] = "A0001",
        ["is_enterprise_install"] = "false",
        ["response_url"] = responseUrl ?? "https://hooks.slack.invalid/commands/T0001/1/abc",
        ["trigger_id"] = triggerId ?? $"{Guid.NewGuid():N}.trigger",
    };

    public static JsonObject BlockAction(string channel, string user, string actionId, string? value, string messageTs, string? threadTs = null) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "pat", ["team_id"] = FakeSlack.TeamId },
        ["api_app_id"] = "A0001",
        ["token"] = "legacy-verification-token",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false, ["thread_ts"] = threadTs },
        ["trigger_id"] = $"{Guid.NewGuid():N}.trigger",
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId, ["domain"] = "fake" },
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "practice" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = messageTs, ["thread_ts"] = threadTs, ["text"] = "…" },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = "b1",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = actionId },
            ["value"] = value,
            ["type"] = "button",
            ["action_ts"] = $"{1_700_000_100 + Interlocked.Increment(ref _events)}.000001",
        }),
    };

    public static JsonObject ViewSubmission(string user, string callbackId, string privateMetadata, IReadOnlyDictionary<string, string> values)
    {
        var state = new JsonObject();
        foreach (var (k, v) in values)
        {
            state[k] = new JsonObject { [k] = new JsonObject { ["type"] = "plain_text_input", ["value"] = v } };
        }
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "pat", ["team_id"] = FakeSlack.TeamId },
            ["trigger_id"] = $"{Guid.NewGuid():N}.trigger",
            ["view"] = new JsonObject
            {
                ["id"] = "V" + Interlocked.Increment(ref _events),
                ["type"] = "modal",
                ["callback_id"] = callbackId,
                ["private_metadata"] = privateMetadata,
                ["hash"] = "1700000000.abc",
                ["state"] = new JsonObject { ["values"] = state },
            },
        };
    }
}
