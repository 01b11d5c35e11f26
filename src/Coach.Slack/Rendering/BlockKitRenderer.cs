using System.Text.Json.Nodes;
using Coach.Core.Conversation;
using Coach.Slack.Api;

namespace Coach.Slack.Rendering;

/// <summary>Turns neutral <see cref="Outgoing"/> messages into Slack messages (Block Kit) and modal views, within Slack's limits.</summary>
public static class BlockKitRenderer
{
    public const int MaxBlocksPerMessage = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxButtonText = 75;
    public const int MaxActionId = 255;
    public const int MaxButtonValue = 2000;
    public const int MaxMessageText = 3900; // Slack truncates text past 4000 characters; keep a margin.
    public const int MaxContextElements = 10;
    public const int MaxActionsElements = 25;
    public const int MaxModalTitle = 24;
    public const int MaxInputLength = 3000;

    /// <summary>One or more Slack messages for one outgoing message, in the order they should be posted.</summary>
    public static IReadOnlyList<SlackMessage> Render(Outgoing outgoing, string? textOverride = null)
    {
        var text = textOverride ?? outgoing.Text;
        if (outgoing.Card is null && outgoing.ButtonsOrEmpty.Count == 0)
        {
            var escaped = SlackText.Escape(string.IsNullOrWhiteSpace(text) ? outgoing.OpenThreadTitle ?? " " : text);
            return SlackText.Split(escaped, MaxMessageText).Select(t => new SlackMessage(t)).ToList();
        }

        var blocks = new List<JsonObject>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            AddSections(blocks, SlackText.Escape(text));
        }
        if (outgoing.Card is { } card)
        {
            AddCard(blocks, card);
        }
        var actions = ActionBlocks(outgoing.ButtonsOrEmpty);

        var fallback = SlackText.Truncate(SlackText.Escape(!string.IsNullOrWhiteSpace(text) ? text : outgoing.Card?.Title ?? " "), MaxMessageText);
        var messages = new List<SlackMessage>();
        var all = blocks.Concat(actions).ToList();
        for (int i = 0; i < all.Count; i += MaxBlocksPerMessage)
        {
            var chunk = new JsonArray(all.Skip(i).Take(MaxBlocksPerMessage).Select(b => (JsonNode)b).ToArray());
            messages.Add(new SlackMessage(i == 0 ? fallback : SlackText.Truncate(fallback, 150) + " (cont.)", chunk));
        }
        return messages;
    }

    private static void AddCard(List<JsonObject> blocks, Card card)
    {
        var icon = card.Tone switch
        {
            Tone.Good => "✅ ",
            Tone.Warning => "⚠️ ",
            Tone.Bad => "❌ ",
            _ => "",
        };
        blocks.Add(new JsonObject
        {
            ["type"] = "header",
            ["text"] = PlainText(SlackText.Truncate(icon + card.Title, MaxHeaderText)),
        });
        if (!string.IsNullOrWhiteSpace(card.Body))
        {
            AddSections(blocks, SlackText.Escape(card.Body));
        }
        foreach (var field in card.Fields)
        {
            var md = $"*{SlackText.Escape(field.Name)}*\n{SlackText.Escape(field.Value)}";
            if (!string.IsNullOrWhiteSpace(field.Quote))
            {
                md += "\n" + SlackText.Quote(field.Quote);
            }
            AddSections(blocks, md);
        }
        if (card.Bars.Count > 0)
        {
            var elements = card.Bars
                .Select(b => $"*{SlackText.Escape(b.Label)}* `{b.Render()}` {SlackText.Escape(b.Caption)}{(b.InWindow ? "" : " ⚠")}")
                .Select(t => SlackText.Truncate(t, MaxSectionText))
                .ToList();
            for (int i = 0; i < elements.Count; i += MaxContextElements)
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(elements.Skip(i).Take(MaxContextElements).Select(e => (JsonNode)Mrkdwn(e)).ToArray()),
                });
            }
        }
        foreach (var list in card.Lists.Where(l => l.Items.Count > 0))
        {
            var md = $"*{SlackText.Escape(list.Title)}*\n" + string.Join("\n", list.Items.Select(i => "• " + SlackText.Escape(i)));
            AddSections(blocks, md);
        }
        if (!string.IsNullOrWhiteSpace(card.Footer))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(Mrkdwn(SlackText.Truncate(SlackText.Escape(card.Footer), MaxSectionText))),
            });
        }
    }

    private static void AddSections(List<JsonObject> blocks, string mrkdwn)
    {
        foreach (var piece in SlackText.Split(mrkdwn, MaxSectionText))
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(piece) });
        }
    }

    private static List<JsonObject> ActionBlocks(IReadOnlyList<ActionButton> buttons)
    {
        var result = new List<JsonObject>();
        for (int i = 0; i < buttons.Count; i += MaxActionsElements)
        {
            var elements = new JsonArray();
            foreach (var b in buttons.Skip(i).Take(MaxActionsElements))
            {
                var button = new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = PlainText(SlackText.Truncate(b.Label, MaxButtonText)),
                    ["action_id"] = SlackText.Truncate(b.Id, MaxActionId),
                };
                // No value when the engine gave none: it reads a button's value as the command's arguments.
                if (b.Value is not null)
                {
                    button["value"] = SlackText.Truncate(b.Value, MaxButtonValue);
                }
                var style = b.Style switch
                {
                    ButtonStyle.Primary or ButtonStyle.Success => "primary",
                    ButtonStyle.Danger => "danger",
                    _ => null,
                };
                if (style is not null)
                {
                    button["style"] = style;
                }
                elements.Add(button);
            }
            result.Add(new JsonObject { ["type"] = "actions", ["elements"] = elements });
        }
        return result;
    }

    /// <summary>A modal view for <c>views.open</c>: one input block per field (block_id and action_id are the field id).</summary>
    public static JsonObject RenderModal(FormRequest form, string privateMetadata)
    {
        var blocks = new JsonArray();
        foreach (var f in form.Fields)
        {
            var element = new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = SlackText.Truncate(f.Id, MaxActionId),
                ["multiline"] = f.Multiline,
            };
            if (f.MaxLength > 0)
            {
                element["max_length"] = Math.Min(f.MaxLength, MaxInputLength);
            }
            if (!string.IsNullOrWhiteSpace(f.Placeholder))
            {
                element["placeholder"] = PlainText(SlackText.Truncate(f.Placeholder, 150));
            }
            blocks.Add(new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = SlackText.Truncate(f.Id, MaxActionId),
                ["optional"] = !f.Required,
                ["label"] = PlainText(SlackText.Truncate(f.Label, 2000)),
                ["element"] = element,
            });
        }
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = SlackText.Truncate(form.Id, MaxActionId),
            ["title"] = PlainText(SlackText.Truncate(form.Title, MaxModalTitle)),
            ["submit"] = PlainText(SlackText.Truncate(form.SubmitLabel, MaxModalTitle)),
            ["close"] = PlainText("Cancel"),
            ["private_metadata"] = privateMetadata,
            ["blocks"] = blocks,
        };
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
