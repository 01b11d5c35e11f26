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
            int n = 1;
            foreach (string item in list.Items)
            {
                sb.Append("  ").Append(n++).Append(". ").AppendLine(item);
            }
        }
        if (!string.IsNullOrWhiteSpace(card.Footer))
        {
            sb.AppendLine().AppendLine(card.Footer);
        }
        return sb.ToString().TrimEnd();
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
        if (reply.ButtonsOrEmpty.Count > 0)
        {
            sb.Append("  [").Append(string.Join("]  [", reply.ButtonsOrEmpty.Select(b => b.Label.ToLowerInvariant()))).AppendLine("]");
        }
        return sb.ToString().TrimEnd();
    }
}
