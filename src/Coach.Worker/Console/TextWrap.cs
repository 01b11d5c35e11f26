using System.Text;

namespace Coach.Worker.Console;

/// <summary>Wraps terminal text at word boundaries: a long line breaks at the last space that fits, and its continuation lines
/// keep the line's indent (a list item's text lines up under its first word). A word longer than the line stays whole on a
/// line of its own; table rows (drawn with │) are left as they are and a rule (────) is shortened to the width.</summary>
public static class TextWrap
{
    public static string Wrap(string text, int? width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (width is not > 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 64);
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            if (n > 0)
            {
                sb.Append('\n');
            }
            WrapLine(sb, lines[n], width.Value);
        }
        return sb.ToString();
    }

    private static void WrapLine(StringBuilder sb, string line, int width)
    {
        if (line.Length <= width || line.Contains('│', StringComparison.Ordinal))
        {
            sb.Append(line);
            return;
        }
        if (line.AsSpan().Trim('─').IsEmpty)
        {
            sb.Append(line.AsSpan(0, width)); // a rule under a title: as wide as the line allows
            return;
        }
        string indent = new(' ', Math.Min(HangingIndent(line), width / 2));
        string rest = line;
        bool first = true;
        while (true)
        {
            string lead = first ? "" : indent;
            if (!first)
            {
                rest = rest.TrimStart(' ');
            }
            if (lead.Length + rest.Length <= width)
            {
                sb.Append(lead).Append(rest);
                return;
            }
            int room = width - lead.Length;
            int cut = rest.LastIndexOf(' ', Math.Min(room, rest.Length - 1));
            // the first line's own indent is not a place to break
            int start = first ? rest.Length - rest.TrimStart(' ').Length : 0;
            if (cut <= start)
            {
                // one word longer than the line: keep it whole
                cut = rest.IndexOf(' ', start + 1);
                if (cut < 0)
                {
                    sb.Append(lead).Append(rest);
                    return;
                }
            }
            sb.Append(lead).Append(rest.AsSpan(0, cut).TrimEnd(' ')).Append('\n');
            rest = rest[(cut + 1)..];
            first = false;
        }
    }

    /// <summary>Where a line's text starts: after its spaces, and after a list marker ("1. ", "• ", "- ") when it has one.</summary>
    private static int HangingIndent(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }
        int j = i;
        while (j < line.Length && char.IsAsciiDigit(line[j]))
        {
            j++;
        }
        if (j > i && j + 1 < line.Length && line[j] == '.' && line[j + 1] == ' ')
        {
            return j + 2;
        }
        if (i + 1 < line.Length && line[i] is '•' or '-' or '✔' or '◐' or '✘' && line[i + 1] == ' ')
        {
            return i + 2;
        }
        return i;
    }
}
