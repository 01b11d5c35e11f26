using System.Text;

namespace Coach.Core.Conversation;

/// <summary>Recognises commands typed as words ("practice L7 ownership", "/coach help", "!skip") and cleans message text.</summary>
public static class CommandText
{
    public static readonly IReadOnlyList<string> Commands =
    [
        "practice", "review", "level", "skip", "redo", "stop", "next", "stories", "progress", "compare", "daily", "mock", "pair", "forget", "export", "help",
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["start"] = "practice", ["new"] = "practice", ["practise"] = "practice", ["question"] = "practice",
        ["quit"] = "stop", ["cancel"] = "stop", ["end"] = "stop",
        ["continue"] = "next", ["keep"] = "next", ["done"] = "next",
        ["story"] = "stories", ["bank"] = "stories",
        ["stats"] = "progress", ["streak"] = "progress",
        ["?"] = "help", ["commands"] = "help",
        ["assess"] = "review",
    };

    /// <summary>The longest command line (in words) that is still taken as a command; longer text is an answer.</summary>
    public const int MaxCommandWords = 6;

    /// <summary>True when the whole text is a command: a known word first, a few words at most (review may carry a whole answer).</summary>
    public static bool TryParse(string? text, out string command, out string arguments)
    {
        command = "";
        arguments = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        string t = text.Trim();
        bool explicitPrefix = false;
        if (t.StartsWith("/coach", StringComparison.OrdinalIgnoreCase) && (t.Length == 6 || char.IsWhiteSpace(t[6])))
        {
            t = t[6..].Trim();
            explicitPrefix = true;
            if (t.Length == 0)
            {
                command = "help";
                return true;
            }
        }
        else if (t[0] is '/' or '!')
        {
            t = t[1..];
            explicitPrefix = true;
        }
        int space = t.IndexOfAny([' ', '\n', '\t']);
        string first = (space < 0 ? t : t[..space]).Trim().TrimEnd('.', '!', ':').ToLowerInvariant();
        string rest = space < 0 ? "" : t[(space + 1)..].Trim();
        if (Aliases.TryGetValue(first, out string? canonical))
        {
            first = canonical;
        }
        if (!Commands.Contains(first))
        {
            if (explicitPrefix)
            {
                command = "unknown";
                arguments = first;
                return true;
            }
            return false;
        }
        int words = rest.Length == 0 ? 0 : rest.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
        if (!explicitPrefix && first != "review" && words > MaxCommandWords - 1)
        {
            return false;
        }
        command = first;
        arguments = rest;
        return true;
    }

    /// <summary>Removes control and invisible format characters (keeps new lines and tabs) and normalises line ends.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var sb = new StringBuilder(text.Length);
        foreach (char c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (c == '\n' || c == '\t')
            {
                sb.Append(c == '\t' ? ' ' : c);
            }
            else if (char.IsControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u202E' or '\u202D')
            {
                continue;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}
