using System.Text.Json;
using Coach.Discord.Commands;
using Coach.Discord.Payloads;

namespace Coach.Discord.Inbound;

/// <summary>Pure reading of inbound payloads: which messages are for Coach, a command's text, a modal's values.</summary>
internal static class DiscordInboundParser
{
    /// <summary>A message Coach may answer: from a person (no bot, system or webhook, not Coach itself), with text.</summary>
    public static bool IsForCoach(DiscordMessage message, string? botUserId)
    {
        if (message.Author.Bot == true || message.Author.System == true || message.WebhookId is not null)
        {
            return false; // never answer ourselves or other bots
        }
        if (message.Author.Id == botUserId)
        {
            return false;
        }
        return message.Type is 0 or 19 && !string.IsNullOrWhiteSpace(message.Content);
    }

    /// <summary>The sub-command's option values joined with spaces, in the order the command set defines them.</summary>
    internal static string CommandText(CommandOptionValue sub)
    {
        var order = CoachCommands.SubCommands.FirstOrDefault(s => s.Name == sub.Name)?.Options?.Select(o => o.Name).ToList() ?? [];
        var values = (sub.Options ?? [])
            .OrderBy(o => order.IndexOf(o.Name) is var k && k < 0 ? int.MaxValue : k)
            .Select(o => o.Value is not { } v ? null
                : o.Type == 6 ? $"<@{(v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())}>" // a user option: the engine reads mentions
                : v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())
            .Where(v => !string.IsNullOrWhiteSpace(v));
        return string.Join(' ', values);
    }

    internal static IReadOnlyDictionary<string, string> FormValues(IReadOnlyList<SubmittedComponent>? components)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(SubmittedComponent c)
        {
            if (c.CustomId is not null && c.Value is not null)
            {
                values[c.CustomId] = c.Value;
            }
            if (c.Component is not null)
            {
                Walk(c.Component);
            }
            foreach (var child in c.Components ?? [])
            {
                Walk(child);
            }
        }
        foreach (var c in components ?? [])
        {
            Walk(c);
        }
        return values;
    }
}
