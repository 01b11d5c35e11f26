using System.Text;
using Coach.Core.Conversation;
using Coach.Discord.Payloads;

namespace Coach.Discord.Rendering;

/// <summary>Turns a neutral <see cref="Outgoing"/> into Discord messages (content, embeds, action rows) and modals,
/// within Discord's limits.</summary>
internal static class DiscordRenderer
{
    public const int MaxEmbedTitle = 256;
    public const int MaxEmbedDescription = 4096;
    public const int MaxFields = 25;
    public const int MaxFieldName = 256;
    public const int MaxFieldValue = 1024;
    public const int MaxFooter = 2048;
    public const int MaxEmbedTotal = 6000;
    public const int MaxButtonsPerRow = 5;
    public const int MaxRows = 5;
    public const int MaxCustomId = 100;
    public const int MaxButtonLabel = 80;

    public static int Colour(Tone tone) => tone switch
    {
        Tone.Good => 0x57F287,
        Tone.Warning => 0xFEE75C,
        Tone.Bad => 0xED4245,
        _ => 0x5865F2,
    };

    /// <summary>The messages to send, in order. Buttons go on the last one. Nothing here can mention anyone.</summary>
    public static IReadOnlyList<MessagePayload> Render(Outgoing outgoing)
    {
        var messages = new List<MessagePayload>();
        // Never @everyone, @here or a role. The people the engine names in its own text (<@id>, e.g. the two members of
        // a mock interview) may be pinged; nobody named inside a card (the person's quoted words) is.
        var mentioned = DiscordText.UserMentions(outgoing.Text).Take(10).ToList();
        var allowed = mentioned.Count == 0 ? AllowedMentions.None : new AllowedMentions([], mentioned);
        foreach (var chunk in DiscordText.Split(DiscordText.Escape(outgoing.Text)))
        {
            messages.Add(new MessagePayload(Content: chunk, AllowedMentions: allowed));
        }
        if (outgoing.Card is { } card)
        {
            var groups = RenderCard(card);
            for (int i = 0; i < groups.Count; i++)
            {
                // The first embed rides on the last text message when there is one.
                if (i == 0 && messages.Count > 0)
                {
                    messages[^1] = messages[^1] with { Embeds = groups[0] };
                }
                else
                {
                    messages.Add(new MessagePayload(Embeds: groups[i], AllowedMentions: AllowedMentions.None));
                }
            }
        }
        var rows = RenderButtons(outgoing.ButtonsOrEmpty);
        if (rows.Count > 0)
        {
            if (messages.Count == 0)
            {
                messages.Add(new MessagePayload(AllowedMentions: AllowedMentions.None));
            }
            messages[^1] = messages[^1] with { Components = rows };
        }
        return messages;
    }

    /// <summary>Embeds grouped by message: each group fits one message (at most 10 embeds, 6000 characters in all).</summary>
    public static IReadOnlyList<IReadOnlyList<Embed>> RenderCard(Card card)
    {
        var fields = new List<EmbedField>();
        foreach (var f in card.Fields)
        {
            var value = DiscordText.Escape(f.Value);
            if (!string.IsNullOrWhiteSpace(f.Quote))
            {
                value = (value.Length > 0 ? value + "\n" : "") + DiscordText.Quote(f.Quote);
            }
            fields.Add(new EmbedField(FieldName(f.Name), FieldValue(value)));
        }
        if (card.Bars.Count > 0)
        {
            int labelWidth = Math.Min(12, card.Bars.Max(b => b.Label.Length));
            var lines = card.Bars.Select(b => $"{Pad(b.Label, labelWidth)} {b.Render(),-20} {b.Caption}".TrimEnd()).ToList();
            foreach (var block in CodeBlocks(lines, MaxFieldValue))
            {
                fields.Add(new EmbedField(!fields.Any(x => x.Name.StartsWith("Timing", StringComparison.Ordinal)) ? "Timing" : "Timing (cont.)", block));
            }
        }
        foreach (var list in card.Lists)
        {
            var items = list.Items.Select(i => "• " + DiscordText.Escape(i)).ToList();
            bool first = true;
            foreach (var value in Pack(items, MaxFieldValue))
            {
                fields.Add(new EmbedField(FieldName(first ? list.Title : list.Title + " (cont.)"), value));
                first = false;
            }
        }

        var groups = new List<IReadOnlyList<Embed>>();
        string title = DiscordText.Truncate(DiscordText.Escape(card.Title), MaxEmbedTitle);
        string? description = string.IsNullOrWhiteSpace(card.Body) ? null : DiscordText.Truncate(DiscordText.Escape(card.Body), MaxEmbedDescription);
        EmbedFooter? footer = string.IsNullOrWhiteSpace(card.Footer) ? null : new EmbedFooter(DiscordText.Truncate(DiscordText.Escape(card.Footer), MaxFooter));
        int colour = Colour(card.Tone);

        int headerSize = title.Length + (description?.Length ?? 0) + (footer?.Text.Length ?? 0);
        var current = new List<EmbedField>();
        int size = headerSize;
        bool firstEmbed = true;
        foreach (var field in fields)
        {
            int fieldSize = field.Name.Length + field.Value.Length;
            if (current.Count == MaxFields || size + fieldSize > MaxEmbedTotal)
            {
                groups.Add([MakeEmbed(firstEmbed, current)]);
                firstEmbed = false;
                current = [];
                size = 0;
            }
            current.Add(field);
            size += fieldSize;
        }
        groups.Add([MakeEmbed(firstEmbed, current)]);
        return groups;

        Embed MakeEmbed(bool isFirst, List<EmbedField> f) => isFirst
            ? new Embed(title, description, colour, f.Count > 0 ? f : null, footer)
            : new Embed(DiscordText.Truncate(title + " (cont.)", MaxEmbedTitle), null, colour, f, null);
    }

    public static IReadOnlyList<DiscordComponent> RenderButtons(IReadOnlyList<ActionButton> buttons)
    {
        var rows = new List<DiscordComponent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var usable = buttons.Where(b => !string.IsNullOrEmpty(b.Id) && seen.Add(ButtonCustomId(b))).Take(MaxButtonsPerRow * MaxRows).ToList();
        for (int i = 0; i < usable.Count; i += MaxButtonsPerRow)
        {
            var row = usable.Skip(i).Take(MaxButtonsPerRow)
                .Select(b => new DiscordComponent(2, Style: Style(b.Style), Label: DiscordText.Truncate(b.Label, MaxButtonLabel), CustomId: ButtonCustomId(b)))
                .ToList();
            rows.Add(new DiscordComponent(1, Components: row));
        }
        return rows;
    }

    /// <summary>A modal (callback type 9) with one labelled text input per form field (at most five).</summary>
    public static ModalData RenderModal(FormRequest form) => new(
        Id(form.Id),
        DiscordText.Truncate(form.Title, 45),
        form.Fields.Take(5).Select(f => new DiscordComponent(
            18,
            Label: DiscordText.Truncate(f.Label, 45),
            Component: new DiscordComponent(
                4,
                Style: f.Multiline ? 2 : 1,
                CustomId: Id(f.Id),
                MaxLength: Math.Clamp(f.MaxLength, 1, 4000),
                Required: f.Required,
                Placeholder: f.Placeholder is null ? null : DiscordText.Truncate(f.Placeholder, 100)))).ToList());

    private static int Style(ButtonStyle style) => style switch
    {
        ButtonStyle.Primary => 1,
        ButtonStyle.Success => 3,
        ButtonStyle.Danger => 4,
        _ => 2,
    };

    private static string Id(string id) => id.Length <= MaxCustomId ? id : id[..MaxCustomId];

    /// <summary>The separator between a button's id and its value inside one custom_id.</summary>
    public const char ValueSeparator = '~';

    /// <summary>A button's custom_id: its id, and its value after <see cref="ValueSeparator"/> when both fit in 100 characters.</summary>
    public static string ButtonCustomId(Coach.Core.Conversation.ActionButton b) =>
        b.Value is { Length: > 0 } v && b.Id.Length + 1 + v.Length <= MaxCustomId ? b.Id + ValueSeparator + v : Id(b.Id);

    /// <summary>Splits a custom_id back into the button's id and value.</summary>
    public static (string Id, string? Value) ParseButtonCustomId(string customId)
    {
        int at = customId.IndexOf(ValueSeparator, StringComparison.Ordinal);
        return at < 0 ? (customId, null) : (customId[..at], customId[(at + 1)..]);
    }

    private static string FieldName(string name) =>
        string.IsNullOrWhiteSpace(name) ? "\u200B" : DiscordText.Truncate(DiscordText.Escape(name), MaxFieldName);

    private static string FieldValue(string value) =>
        string.IsNullOrWhiteSpace(value) ? "\u200B" : DiscordText.Truncate(value, MaxFieldValue);

    private static string Pad(string s, int width) => s.Length >= width ? s[..width] : s.PadRight(width);

    private static IEnumerable<string> CodeBlocks(IReadOnlyList<string> lines, int max)
    {
        const int overhead = 8; // ```\n ... \n```
        var sb = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Replace("`", "'", StringComparison.Ordinal);
            if (line.Length > max - overhead)
            {
                line = line[..(max - overhead)];
            }
            if (sb.Length > 0 && sb.Length + 1 + line.Length > max - overhead)
            {
                yield return "```\n" + sb + "\n```";
                sb.Clear();
            }
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }
            sb.Append(line);
        }
        if (sb.Length > 0)
        {
            yield return "```\n" + sb + "\n```";
        }
    }

    private static IEnumerable<string> Pack(IReadOnlyList<string> items, int max)
    {
        var sb = new StringBuilder();
        foreach (var raw in items)
        {
            var item = DiscordText.Truncate(raw, max);
            if (sb.Length > 0 && sb.Length + 1 + item.Length > max)
            {
                yield return sb.ToString();
                sb.Clear();
            }
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }
            sb.Append(item);
        }
        if (sb.Length > 0)
        {
            yield return sb.ToString();
        }
    }
}
