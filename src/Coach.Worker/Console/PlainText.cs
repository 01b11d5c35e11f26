using System.Text;
using Coach.Core.Conversation;

namespace Coach.Worker.Console;

/// <summary>Renders neutral cards and replies as readable terminal text.</summary>
public static class PlainText
{
    public static string Render(Card card)
    {
        var sb = new StringBuilder();
        string mark = card.Tone switch
        {
            Tone.Good => "✔",
            Tone.Warning => "◐",
            Tone.Bad => "✘",
            _ => "•",
        };
        sb.Append(mark).Append(' ').AppendLine(card.Title);
        sb.AppendLine(new string('─', Math.Min(72, card.Title.Length + 2)));
        if (!string.IsNullOrWhiteSpace(card.Body))
        {
            sb.AppendLine(card.Body);
        }
        if (card.Fields.Count > 0)
        {
            sb.AppendLine();
            foreach (CardField f in card.Fields)
            {
                sb.Append("  ").Append(f.Name).Append(" — ").AppendLine(f.Value);
                if (!string.IsNullOrWhiteSpace(f.Quote))
                {
                    sb.Append("      “").Append(f.Quote).AppendLine("”");
                }
            }
        }
        if (card.Bars.Count > 0)
        {
            sb.AppendLine();
            int labelWidth = card.Bars.Max(b => b.Label.Length);
            foreach (CardBar bar in card.Bars)
            {
                sb.Append("  ").Append(bar.Label.PadRight(labelWidth)).Append(" │").Append(bar.Render(24).PadRight(24)).Append("│ ").AppendLine(bar.Caption);
            }
        }
        foreach (CardList list in card.Lists)
        {
            sb.AppendLine().Append(list.Title).AppendLine(":");
            // items that carry their own numbers (the story bank's, which `stories show N` uses) are not numbered again
            bool numbered = list.Items.All(OwnNumber);
            int n = 1;
            foreach (string item in list.Items)
            {
                sb.Append("  ");
                if (!numbered)
                {
                    sb.Append(n++).Append(". ");
                }
                sb.AppendLine(item);
            }
        }
        if (!string.IsNullOrWhiteSpace(card.Footer))
        {
            sb.AppendLine().AppendLine(card.Footer);
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>"12. …": an item that starts with its own number.</summary>
    private static bool OwnNumber(string item)
    {
        int digits = 0;
        while (digits < item.Length && char.IsAsciiDigit(item[digits]))
        {
            digits++;
        }
        return digits > 0 && item.AsSpan(digits).StartsWith(". ", StringComparison.Ordinal);
    }

    public static string Render(Outgoing reply)
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(reply.Text))
        {
            sb.AppendLine(reply.Text);
        }
        if (reply.Card is not null)
        {
            if (sb.Length > 0)
            {
                sb.AppendLine();
            }
            sb.AppendLine(Render(reply.Card));
        }
        if (Words(reply.ButtonsOrEmpty) is { Length: > 0 } words)
        {
            sb.Append("  Say ").AppendLine(words);
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Buttons as the words to type, e.g. <c>`next` (keep it, go on) · `redo` · `stop`</c>: nothing in a terminal can be
    /// pressed. Buttons with no word (sharing to a channel, answering a follow-up, mock-interview steps) are left out.</summary>
    public static string Words(IReadOnlyList<ActionButton> buttons)
    {
        var said = new List<string>();
        foreach (ActionButton b in buttons)
        {
            if (WordFor(b.Id) is not { } word || said.Any(s => s.StartsWith($"`{word}`", StringComparison.Ordinal)))
            {
                continue;
            }
            string label = b.Label.ToLowerInvariant();
            said.Add(label.StartsWith(word, StringComparison.Ordinal) ? $"`{word}`" : $"`{word}` ({label})");
        }
        return string.Join(" · ", said);
    }

    private static string? WordFor(string id) => id switch
    {
        "coach:next" => "next",
        "coach:skip" => "skip",
        "coach:redo" => "redo",
        "coach:stop" => "stop",
        "coach:practice" => "practice",
        "coach:help" => "help",
        "coach:review" => "review",
        "coach:forget:yes" => "yes",
        "coach:forget:no" => "no",
        _ when id.StartsWith("coach:daily", StringComparison.Ordinal) => "practice",
        _ => null,
    };
}
