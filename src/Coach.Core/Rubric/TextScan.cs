using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Coach.Core.Rubric;

internal enum TokenKind : byte
{
    Word,
    Number,
    Symbol,
}

/// <summary>One token of a sentence: a lowercased word, a number (value parsed) or a symbol. <see cref="Id"/> is the
/// token's place in the lexicon's vocabulary (-1 when the lexicon does not know it): phrase matching compares ids.
/// <see cref="Hyphenated"/> marks a word with a hyphen inside ("three-year", "twenty-one"), so the readers of such words
/// skip the others without searching each one.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, double Value, int Start, int End, bool Attached, int Id = -1, bool Hyphenated = false);

/// <summary>One sentence (or bullet line) of one STAR part, with its tokens.</summary>
internal sealed class Sentence
{
    public required StarPart Part { get; init; }
    public required string Text { get; init; }
    public required Token[] Tokens { get; init; }
    public required int Index { get; init; }

    /// <summary>The words of the sentence between two token indices, for quoting.</summary>
    public string Slice(int fromToken, int toTokenExclusive)
    {
        if (Tokens.Length == 0)
        {
            return Text;
        }
        fromToken = Math.Clamp(fromToken, 0, Tokens.Length - 1);
        toTokenExclusive = Math.Clamp(toTokenExclusive, fromToken + 1, Tokens.Length);
        int start = Tokens[fromToken].Start;
        int end = Tokens[toTokenExclusive - 1].End;
        return Text[start..end];
    }
}

internal static class TextScan
{
    /// <summary>Splits a part into sentences (see <see cref="SentenceEnd"/>), each cleaned of bullets and emphasis.</summary>
    public static List<Sentence> Sentences(StarPart part, string text, ref int index)
    {
        var result = new List<Sentence>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }
        for (int start = 0; start <= text.Length;)
        {
            int end = SentenceEnd(text, start);
            string s = Clean(text.AsSpan(start, end - start));
            if (s.Length > 0)
            {
                result.Add(new Sentence { Part = part, Text = s, Tokens = Tokenize(s), Index = index++ });
            }
            start = end + 1; // past the space after the stop, or the line break
        }
        return result;
    }

    /// <summary>Where the sentence that starts at <paramref name="start"/> ends (exclusive): after . ! ? ; followed by a
    /// space ("e.g. ", "i.e. " and "Rs. 12" do not end one), or at a line break; the text's length if neither comes.</summary>
    public static int SentenceEnd(string text, int start)
    {
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r')
            {
                return i;
            }
            if ((c == '.' || c == '!' || c == '?' || c == ';') && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]) &&
                !(c == '.' && Abbreviation(text, i)))
            {
                return i + 1;
            }
        }
        return text.Length;
    }

    /// <summary>The stop at <paramref name="dot"/> ends an abbreviation that a sentence goes on after: "e.g.", "i.e.", and "Rs."
    /// before its amount ("Rs. 12 lakh").</summary>
    private static bool Abbreviation(string text, int dot)
    {
        int start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }
        ReadOnlySpan<char> word = text.AsSpan(start, dot - start);
        if (word.Equals("e.g", StringComparison.OrdinalIgnoreCase) || word.Equals("i.e", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        int next = dot + 1;
        while (next < text.Length && text[next] == ' ')
        {
            next++;
        }
        return word.Equals("rs", StringComparison.OrdinalIgnoreCase) && next < text.Length && char.IsDigit(text[next]);
    }

    /// <summary>Trims a sentence and drops leading bullet marks and markdown emphasis.</summary>
    private static string Clean(ReadOnlySpan<char> span)
    {
        span = span.Trim();
        while (span.Length > 0 && (span[0] is '-' or '*' or '•' or '·' or '>' or '#' or '–' or '—'))
        {
            span = span[1..].TrimStart();
        }
        span = WithoutPartLabel(span);
        if (span.IndexOfAny('*', '_', '`') < 0)
        {
            return span.ToString();
        }
        var sb = new StringBuilder(span.Length);
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            bool isEmphasis = c == '*' || c == '`' ||
                (c == '_' && (i == 0 || !char.IsLetterOrDigit(span[i - 1]) || i + 1 == span.Length || !char.IsLetterOrDigit(span[i + 1])));
            if (!isEmphasis)
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>Drops the part's own label that opens a line: "Situation: I joined ...", "**S:** ...", "Result - ...". A part
    /// typed with its label reads as the same part without it, so the words after the label open the sentence as they would
    /// ("**Situation:** Director, Connected Vehicle Platform at ..." is a title that opens the answer, as on a résumé). A single
    /// letter is a label only before a colon.</summary>
    private static ReadOnlySpan<char> WithoutPartLabel(ReadOnlySpan<char> span)
    {
        int i = 0;
        while (i < span.Length && span[i] is '*' or '_')
        {
            i++;
        }
        int word = i;
        while (i < span.Length && char.IsAsciiLetter(span[i]))
        {
            i++;
        }
        if (i == word || !IsPartLabel(span[word..i]))
        {
            return span;
        }
        int mark = i;
        while (mark < span.Length && span[mark] is '*' or '_' or ' ')
        {
            mark++;
        }
        bool colon = mark < span.Length && span[mark] == ':';
        bool dash = i - word > 1 && mark > i && span[mark - 1] == ' ' && mark < span.Length && span[mark] is '-' or '–' or '—';
        if (!(colon || dash) || mark + 1 < span.Length && !char.IsWhiteSpace(span[mark + 1]) && span[mark + 1] is not ('*' or '_'))
        {
            return span; // "A:B testing", "T:10", "Task-level"
        }
        ReadOnlySpan<char> rest = span[(mark + 1)..];
        return rest.TrimStart().TrimStart("*_").TrimStart();
    }

    /// <summary>Any of <paramref name="words"/> in <paramref name="text"/>, in any case.</summary>
    public static bool ContainsAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (string word in words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsPartLabel(ReadOnlySpan<char> word) =>
        word.Length == 1 ? char.ToLowerInvariant(word[0]) is 's' or 't' or 'a' or 'r'
        : word.Equals("situation", StringComparison.OrdinalIgnoreCase) || word.Equals("task", StringComparison.OrdinalIgnoreCase) ||
          word.Equals("action", StringComparison.OrdinalIgnoreCase) || word.Equals("actions", StringComparison.OrdinalIgnoreCase) ||
          word.Equals("result", StringComparison.OrdinalIgnoreCase) || word.Equals("results", StringComparison.OrdinalIgnoreCase) ||
          word.Equals("context", StringComparison.OrdinalIgnoreCase) || word.Equals("background", StringComparison.OrdinalIgnoreCase) ||
          word.Equals("outcome", StringComparison.OrdinalIgnoreCase) || word.Equals("outcomes", StringComparison.OrdinalIgnoreCase);

    [ThreadStatic]
    private static Token[]? _scratch;

    /// <summary>Tokens of user text: words the lexicon knows come back as its shared strings, with their ids.</summary>
    public static Token[] Tokenize(string s) => Tokenize(s, intern: true);

    /// <summary>Tokens without the vocabulary (the lexicon uses this to read its own phrases while it builds it).</summary>
    internal static Token[] TokenizeRaw(string s) => Tokenize(s, intern: false);

    private static Token[] Tokenize(string s, bool intern)
    {
        // the buffer lives here, apart from the loop: a method that allocates on the stack is compiled once, fully
        // optimised but without the profile the runtime gathers for the hot loop below
        Span<char> buffer = stackalloc char[64];
        return Tokenize(s, intern, buffer);
    }

    private static Token[] Tokenize(string s, bool intern, Span<char> buffer)
    {
        // one scratch array per thread: the only array allocated per sentence is the exact-size result. The lexicon reads
        // its own phrases with an array of their own: its first use, in the middle of a sentence, must not overwrite this one.
        Token[] tokens = intern ? _scratch ??= new Token[256] : new Token[16];
        int count = 0;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            bool attached = count > 0 && tokens[count - 1].End == i;
            Token token = char.IsDigit(c) ? ReadNumber(s, ref i, attached, intern, buffer)
                : char.IsLetter(c) ? ReadWord(s, ref i, attached, attached && tokens[count - 1].Kind == TokenKind.Number, intern, buffer)
                : ReadSymbol(s, ref i, attached, intern);
            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
                if (intern)
                {
                    _scratch = tokens;
                }
            }
            tokens[count++] = token;
        }
        return tokens.AsSpan(0, count).ToArray();
    }

    /// <summary>"2,5 million", "8,5%": a comma with one or two digits after it, where much of Europe writes a decimal point (a
    /// thousands comma has three).</summary>
    private static bool DecimalComma(string s, int i) =>
        i + 1 < s.Length && char.IsDigit(s[i + 1]) && (i + 2 >= s.Length || !char.IsDigit(s[i + 2]) || i + 3 >= s.Length || !char.IsDigit(s[i + 3]));

    /// <summary>Digits with thousands commas and one decimal point: "1,200", "4.5", "4,5". Digits of any script read as their value.</summary>
    private static Token ReadNumber(string s, ref int i, bool attached, bool intern, Span<char> digits)
    {
        int start = i;
        int n = 0;
        bool dot = false, grouped = false;
        while (i < s.Length)
        {
            char d = s[i];
            if (char.IsDigit(d))
            {
                if (n < digits.Length)
                {
                    digits[n++] = d <= '9' ? d : (char)('0' + (int)char.GetNumericValue(d));
                }
                i++;
            }
            else if (d == ',' && IsThreeDigits(s, i + 1))
            {
                i++;
            }
            else if (d == '.' && !dot && IsThreeDigits(s, i + 1) && (grouped || i + 4 < s.Length && s[i + 4] == '.' && IsThreeDigits(s, i + 5)))
            {
                grouped = true; // "1.200.000 EUR": stops between groups of three, as thousands are written in much of Europe
                i++;
            }
            else if ((d == '.' || d == ',' && DecimalComma(s, i)) && !dot && i + 1 < s.Length && char.IsDigit(s[i + 1]))
            {
                dot = true;
                if (n < digits.Length)
                {
                    digits[n++] = '.';
                }
                i++;
            }
            else
            {
                break;
            }
        }
        ReadOnlySpan<char> number = digits[..n];
        double value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        string? known = null;
        int id = intern ? Lexicon.Find(number, WordTable.Hash(number), out known) : -1;
        return new Token(TokenKind.Number, known ?? new string(number), value, start, i, attached, id);
    }

    /// <summary>A word: letters and digits, joined by inner hyphens, apostrophes and ampersands ("data-science", "don't",
    /// "r&amp;d"), read, lowercased and hashed in one pass so a word the lexicon knows costs no string.</summary>
    private static Token ReadWord(string s, ref int at, bool attached, bool afterNumber, bool intern, Span<char> buffer)
    {
        int start = at;
        int i = at; // a local, not the caller's variable: the loop below stays in registers
        int n = 0;
        uint hash = WordTable.Seed;
        bool hyphenated = false;
        while (i < s.Length)
        {
            char d = s[i];
            char lower;
            if (d < 128 && AsciiWordChar[d] is var mapped and not '\0')
            {
                lower = mapped; // a letter or a digit: most words are only these
            }
            else if (char.IsLetterOrDigit(d))
            {
                lower = Lowered(d);
            }
            else if ((d == '-' || d == '\'' || d == '’' || d == '&') && i + 1 < s.Length && char.IsLetter(s[i + 1]) && !afterNumber)
            {
                hyphenated |= d == '-';
                lower = Lowered(d);
            }
            else
            {
                break;
            }
            if (n < buffer.Length)
            {
                buffer[n] = lower;
            }
            n++;
            hash = WordTable.Step(hash, lower);
            i++;
        }
        at = i;
        ReadOnlySpan<char> lowered = n <= buffer.Length ? buffer[..n] : LowerLong(s.AsSpan(start, i - start));
        string? known = null;
        int id = intern ? Lexicon.Find(lowered, hash, out known) : -1;
        return new Token(TokenKind.Word, known ?? new string(lowered), 0, start, i, attached, id, hyphenated);
    }

    /// <summary>For each ASCII character, its lowercase when it is a letter or a digit, else '\0'.</summary>
    private static readonly char[] AsciiWordChar = Enumerable.Range(0, 128)
        .Select(c => char.IsAsciiLetterOrDigit((char)c) ? char.ToLowerInvariant((char)c) : '\0').ToArray();

    /// <summary>A word longer than the tokenizer's buffer, lowercased as <see cref="ReadWord"/> does.</summary>
    private static char[] LowerLong(ReadOnlySpan<char> source)
    {
        var lowered = new char[source.Length];
        for (int k = 0; k < source.Length; k++)
        {
            lowered[k] = Lowered(source[k]);
        }
        return lowered;
    }

    /// <summary>A word's character as the lexicon spells it: lowercase, and the curly apostrophe as a straight one.</summary>
    private static char Lowered(char c) => c == '’' ? '\'' : char.ToLowerInvariant(c);

    /// <summary>One symbol; dashes, currency signs and arrows each read as one kind ("-", "$", "->"); the sign written stays in the text.</summary>
    private static Token ReadSymbol(string s, ref int i, bool attached, bool intern)
    {
        char c = s[i];
        if (c == '-' && i + 1 < s.Length && s[i + 1] == '>')
        {
            i += 2;
            return new Token(TokenKind.Symbol, "->", 0, i - 2, i, attached, intern ? Lexicon.IdOf("->") : -1);
        }
        string symbol = c < 128 ? Ascii[c] : NonAscii(c);
        i++;
        return new Token(TokenKind.Symbol, symbol, 0, i - 1, i, attached, intern ? Lexicon.IdOf(symbol) : -1);
    }

    /// <summary>A symbol outside ASCII: dashes as "-", currency signs as "$", the arrow as "->". Kept out of
    /// <see cref="ReadSymbol"/>, which the tokenizer's loop inlines: a longer switch there made the whole loop slower.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string NonAscii(char c) => c switch
    {
        '–' or '—' or '−' => "-",
        '→' => "->",
        _ when Currency.IsSign(c) => "$",
        _ => c.ToString(),
    };

    private static readonly string[] Ascii = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private static bool IsThreeDigits(string s, int at) =>
        at + 2 < s.Length && char.IsDigit(s[at]) && char.IsDigit(s[at + 1]) && char.IsDigit(s[at + 2]) &&
        (at + 3 == s.Length || !char.IsDigit(s[at + 3]));

    /// <summary>Runs of characters between white space.</summary>
    public static int CountWords(string text)
    {
        // eight characters at a time while they are ASCII: a word starts where a non-space follows a space
        ReadOnlySpan<char> s = text;
        int count = 0;
        uint previousSpace = 1;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(s));
            for (; i + 8 <= s.Length; i += 8)
            {
                Vector128<ushort> v = Vector128.LoadUnsafe(ref first, (nuint)i);
                if (!Vector128.LessThanAll(v, Vector128.Create((ushort)128)))
                {
                    count += CountWordStarts(s.Slice(i, 8), ref previousSpace);
                    continue;
                }
                // space, tab, line feed, vertical tab, form feed, carriage return
                Vector128<ushort> spaces = Vector128.Equals(v, Vector128.Create((ushort)' ')) |
                    Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'\t'), Vector128.Create((ushort)('\r' - '\t')));
                uint bits = spaces.ExtractMostSignificantBits();
                uint spaceBefore = (bits << 1) | previousSpace;
                count += BitOperations.PopCount(~bits & spaceBefore & 0xFF);
                previousSpace = bits >> 7;
            }
        }
        return count + CountWordStarts(s[i..], ref previousSpace);
    }

    /// <summary>Word starts in <paramref name="s"/> one character at a time, without a branch on each: where words start is
    /// as unpredictable as the text. <paramref name="previousSpace"/> is 1 when the character before was white space.</summary>
    private static int CountWordStarts(ReadOnlySpan<char> s, ref uint previousSpace)
    {
        int count = 0;
        foreach (char c in s)
        {
            uint space = char.IsWhiteSpace(c) ? 1u : 0u;
            count += (int)(previousSpace & (space ^ 1));
            previousSpace = space;
        }
        return count;
    }
}
