using System.Text;

namespace Coach.Discord.Rendering;

/// <summary>Plain text to Discord markdown that shows exactly what was written, and splitting at 2000 characters.</summary>
internal static class DiscordText
{
    public const int MaxContent = 2000;
    private const string Fence = "```";

    /// <summary>Escapes markdown and mention syntax so user text shows as typed and never forms a mention.</summary>
    public static string Escape(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var sb = new StringBuilder(text.Length + 16);
        bool lineStart = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (lineStart && (c == '#' || ((c == '-' || c == '+') && i + 1 < text.Length && text[i + 1] == ' ')))
            {
                sb.Append('\\');
            }
            if (c == '<' && UserMentionLength(text, i) is > 0 and var length)
            {
                // <@123> / <@!123>: a user mention shows as the person's name; allowed_mentions decides whether it pings
                sb.Append(text, i, length);
                i += length - 1;
                lineStart = false;
                continue;
            }
            switch (c)
            {
                case '\\' or '*' or '_' or '~' or '`' or '|' or '<' or '>' or '[' or ']':
                    sb.Append('\\').Append(c);
                    break;
                case '@' when StartsWithWord(text, i + 1, "everyone") || StartsWithWord(text, i + 1, "here"):
                    sb.Append('@').Append('\u200B');
                    break;
                case '\r':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    /// <summary>The length of a user mention (<c>&lt;@123&gt;</c> or <c>&lt;@!123&gt;</c>) starting at <paramref name="at"/>, or 0.</summary>
    internal static int UserMentionLength(string text, int at)
    {
        int i = at;
        if (i + 3 >= text.Length || text[i] != '<' || text[i + 1] != '@')
        {
            return 0;
        }
        i += 2;
        if (text[i] == '!')
        {
            i++;
        }
        int digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i - digits is >= 1 and <= 20 && i < text.Length && text[i] == '>' ? i - at + 1 : 0;
    }

    /// <summary>The user ids mentioned as <c>&lt;@id&gt;</c> in a text.</summary>
    public static IReadOnlyList<string> UserMentions(string? text)
    {
        var ids = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return ids;
        }
        for (int i = text.IndexOf('<', StringComparison.Ordinal); i >= 0 && i < text.Length; i = text.IndexOf('<', i + 1))
        {
            int length = UserMentionLength(text, i);
            if (length > 0)
            {
                var id = text.Substring(i, length).Trim('<', '>', '@', '!');
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }
        return ids;
    }

    private static bool StartsWithWord(string text, int at, string word) =>
        string.CompareOrdinal(text, at, word, 0, word.Length) == 0;

    /// <summary>Shows <paramref name="quote"/> as a Discord block quote, each line escaped.</summary>
    public static string Quote(string quote) =>
        string.Join('\n', quote.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => "> " + Escape(l)));

    public static string Truncate(string s, int max)
    {
        if (s.Length <= max)
        {
            return s;
        }
        int cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(s[cut - 1]))
        {
            cut--;
        }
        // never leave a dangling escape backslash
        while (cut > 0 && s[cut - 1] == '\\')
        {
            cut--;
        }
        return string.Concat(s.AsSpan(0, cut), "…");
    }

    /// <summary>Splits rendered markdown into messages of at most <paramref name="max"/> characters. Never splits inside a
    /// code block: a block that alone is too long is cut into several complete blocks.</summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxContent)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }
        var current = new StringBuilder();

        void Flush()
        {
            var s = current.ToString().TrimEnd('\n');
            if (s.Length > 0)
            {
                result.Add(s);
            }
            current.Clear();
        }

        void Add(string block)
        {
            int needed = block.Length + (current.Length > 0 ? 1 : 0);
            if (current.Length + needed > max)
            {
                Flush();
            }
            if (current.Length > 0)
            {
                current.Append('\n');
            }
            current.Append(block);
        }

        foreach (var block in Blocks(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            if (block.Length <= max)
            {
                Add(block);
                continue;
            }
            var pieces = block.StartsWith(Fence, StringComparison.Ordinal) ? SplitCode(block, max) : SplitPlain(block, max);
            foreach (var piece in pieces)
            {
                Add(piece);
            }
        }
        Flush();
        return result;
    }

    /// <summary>Lines outside code, and whole fenced code blocks (an unclosed one is closed).</summary>
    private static IEnumerable<string> Blocks(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith(Fence, StringComparison.Ordinal))
            {
                yield return lines[i];
                continue;
            }
            var code = new StringBuilder(lines[i]);
            bool closed = false;
            // a fence opened and closed on one line is a block of its own
            if (lines[i].TrimStart().Length > 3 && lines[i].TrimEnd().EndsWith(Fence, StringComparison.Ordinal) && lines[i].Trim().Length >= 6)
            {
                yield return lines[i];
                continue;
            }
            while (++i < lines.Length)
            {
                code.Append('\n').Append(lines[i]);
                if (lines[i].TrimStart().StartsWith(Fence, StringComparison.Ordinal))
                {
                    closed = true;
                    break;
                }
            }
            if (!closed)
            {
                code.Append('\n').Append(Fence);
            }
            yield return code.ToString();
        }
    }

    private static IEnumerable<string> SplitCode(string block, int max)
    {
        var lines = block.Split('\n');
        string header = lines[0].TrimStart();
        var body = lines.Skip(1).Take(lines.Length - 2);
        int room = max - header.Length - Fence.Length - 2;
        var current = new StringBuilder();
        foreach (var raw in body)
        {
            var line = raw.Length > room ? raw[..room] : raw;
            if (current.Length > 0 && current.Length + 1 + line.Length > room)
            {
                yield return header + "\n" + current + "\n" + Fence;
                current.Clear();
            }
            if (current.Length > 0)
            {
                current.Append('\n');
            }
            current.Append(line);
        }
        yield return header + "\n" + current + "\n" + Fence;
    }

    private static IEnumerable<string> SplitPlain(string line, int max)
    {
        int start = 0;
        while (line.Length - start > max)
        {
            int cut = line.LastIndexOf(' ', start + max - 1, max);
            if (cut <= start)
            {
                cut = start + max;
                if (char.IsHighSurrogate(line[cut - 1]))
                {
                    cut--;
                }
                while (cut > start + 1 && line[cut - 1] == '\\')
                {
                    cut--;
                }
            }
            yield return line[start..cut];
            start = cut;
            while (start < line.Length && line[start] == ' ')
            {
                start++;
            }
        }
        if (start < line.Length)
        {
            yield return line[start..];
        }
    }
}
