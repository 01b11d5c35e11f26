using System.Text;

namespace Coach.Slack.Rendering;

/// <summary>Slack text helpers: escaping user text so it never becomes live markup, and splitting within limits.</summary>
public static class SlackText
{
    /// <summary>Escapes the three characters Slack's markup gives meaning: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>.
    /// After this, <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c> and <c>&lt;@U…&gt;</c> written by a person show as text and ping nobody.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Escapes and prefixes every line with <c>&gt;</c>, Slack's mrkdwn quotation.</summary>
    public static string Quote(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        return string.Join("\n", lines.Select(l => ">" + Escape(l)));
    }

    /// <summary>Cuts plain text to at most <paramref name="max"/> characters, ending with an ellipsis when cut.</summary>
    public static string Truncate(string? text, int max)
    {
        text ??= string.Empty;
        if (text.Length <= max)
        {
            return text;
        }
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return text[..cut] + "…";
    }

    /// <summary>
    /// Splits already-escaped text into pieces of at most <paramref name="max"/> characters, preferring paragraph, line
    /// and word boundaries, never cutting an escape entity (<c>&amp;amp;</c>) or a surrogate pair in half.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 16);
        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > max)
        {
            var window = rest[..max];
            int cut = window.LastIndexOf("\n\n");
            if (cut < max / 2)
            {
                cut = window.LastIndexOf('\n');
            }
            if (cut < max / 2)
            {
                cut = window.LastIndexOf(' ');
            }
            if (cut < max / 2)
            {
                cut = max;
                int amp = window.LastIndexOf('&');
                if (amp >= 0 && amp > max - 6 && window[amp..].IndexOf(';') < 0)
                {
                    cut = amp;
                }
                if (char.IsHighSurrogate(rest[cut - 1]))
                {
                    cut--;
                }
            }
            var piece = rest[..cut].TrimEnd();
            if (piece.Length > 0)
            {
                parts.Add(piece.ToString());
            }
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0 || parts.Count == 0)
        {
            parts.Add(rest.ToString());
        }
        return parts;
    }
}
