using System.Collections.Frozen;

namespace Coach.Core.Rubric;

/// <summary>Numbers written as words: "twenty-three", "a hundred and ten", "one point eight", "two and a half", "one fifty".</summary>
internal static partial class Numbers
{
    private static bool IsSpelled(string word) => Units.ContainsKey(word) || word is "a" or "an" or "half" || SplitHyphenated(word) > 0;

    private static bool ReadSpelled(Token[] t, int i, out double value, out int end, out bool vague)
    {
        value = 0;
        end = i;
        vague = false;
        string w = t[i].Text;
        if (w is "a" or "an")
        {
            // "a dozen", "a hundred", "a million dollars", "a couple of", "a few", "a handful of"
            if (i + 1 >= t.Length)
            {
                return false;
            }
            string n = t[i + 1].Text;
            if (n == "dozen")
            {
                value = 12;
                end = i + 2;
                return true;
            }
            if (n is "hundred" or "thousand" or "million" or "billion")
            {
                value = Scales[n];
                end = i + 2;
                // "a hundred and ten engineers", "a hundred twenty"
                int rest = end < t.Length && t[end].Text == "and" ? end + 1 : end;
                if (n is "hundred" or "thousand" && rest < t.Length && t[rest].Kind == TokenKind.Word && !(t[rest].Text is "a" or "an") &&
                    IsSpelled(t[rest].Text) && ReadSpelled(t, rest, out double more, out int moreEnd, out bool moreVague) && !moreVague && more < value)
                {
                    value += more;
                    end = moreEnd;
                }
                return true;
            }
            if (n is "couple" or "few" or "handful")
            {
                value = Vague[n];
                vague = true;
                end = i + 2;
                if (end < t.Length && t[end].Text == "of")
                {
                    end++;
                }
                return true;
            }
            return false;
        }
        if (w == "half" && i + 2 < t.Length && t[i + 1].Text is "a" or "an" && t[i + 2].Text is "million" or "billion")
        {
            value = Scales[t[i + 2].Text] / 2;
            end = i + 3;
            return true;
        }
        if (Vague.TryGetValue(w, out double v) && !Units.ContainsKey(w))
        {
            value = v;
            vague = true;
            end = i + 1;
            if (end < t.Length && t[end].Text == "of")
            {
                end++;
                // "tens of millions", "hundreds of thousands of users"
                if (end < t.Length && PluralScales.TryGetValue(t[end].Text, out double scale) && !PluralScales.ContainsKey(w))
                {
                    value = v * scale;
                    end++;
                }
            }
            return true;
        }
        double total = 0, current = 0;
        int j = i;
        bool any = false;
        while (j < t.Length && t[j].Kind == TokenKind.Word)
        {
            string word = t[j].Text;
            if (word == "dozen" && any)
            {
                current *= 12; // "two dozen engineers"
            }
            else if (Units.TryGetValue(word, out double u))
            {
                if (any && current is >= 1 and <= 9 && u >= 10 && total == 0)
                {
                    current = current * 100 + u; // "one fifty", "two twenty": hundreds said as people say them
                }
                else if (any && current is >= 1 and <= 9 && u < 10 && total == 0)
                {
                    current = current * 10 + u; // "nine five": digits said one by one, 95 (not nine plus five)
                }
                else if (any && current % 100 != 0 && !(current % 100 >= 20 && current % 10 == 0 && u < 10))
                {
                    break; // "twelve five": two numbers, not one
                }
                else
                {
                    current += u;
                }
            }
            else if (SplitHyphenated(word) is > 0 and var h)
            {
                current += h;
            }
            else if (word == "hundred" && any)
            {
                current = Math.Max(1, current) * 100;
            }
            else if (word == "thousand" && any)
            {
                total += Math.Max(1, current) * 1000;
                current = 0;
            }
            else if (word == "and" && any && j + 1 < t.Length && (Units.ContainsKey(t[j + 1].Text) || SplitHyphenated(t[j + 1].Text) > 0) && j > i && t[j - 1].Text == "hundred")
            {
                // "two hundred and fifty"
            }
            else
            {
                break;
            }
            any = true;
            j++;
        }
        if (!any)
        {
            return false;
        }
        value = total + current;
        // as people say decimals and halves: "one point eight seconds", "ninety-nine point nine five", "two and a half million"
        if (j + 1 < t.Length && t[j].Text == "point" && DigitWord(t[j + 1].Text) >= 0)
        {
            double place = 0.1;
            for (j++; j < t.Length && DigitWord(t[j].Text) is var d and >= 0; j++, place /= 10)
            {
                value += d * place;
            }
        }
        else if (j + 2 < t.Length && t[j].Text == "and" && t[j + 1].Text is "a" or "one" && t[j + 2].Text == "half")
        {
            value += 0.5;
            j += 3;
        }
        end = j;
        return true;
    }

    /// <summary>A digit said as a word ("oh" for zero), or -1.</summary>
    private static int DigitWord(string word) => word switch
    {
        "zero" or "oh" => 0,
        _ => Units.TryGetValue(word, out double u) && u < 10 ? (int)u : -1,
    };

    /// <summary>The shortest tens-and-units word: a five-letter tens ("forty") and a three-letter unit ("one").</summary>
    private const int ShortestHyphenatedNumber = 9;

    /// <summary>"twenty-three" → 23, "three-year" → 0 (not a plain number).</summary>
    private static double SplitHyphenated(string word)
    {
        if (word.Length < ShortestHyphenatedNumber)
        {
            return 0;
        }
        int dash = word.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
        {
            return 0;
        }
        if (Units.TryGetValue(word[..dash], out double tens) && tens >= 20 && tens % 10 == 0 &&
            Units.TryGetValue(word[(dash + 1)..], out double ones) && ones < 10)
        {
            return tens + ones;
        }
        return 0;
    }

    /// <summary>A hyphenated headcount adjective: "five-engineer", "twelve-person", "forty-strong".</summary>
    public static bool TryHyphenatedCount(string word, out double count)
    {
        count = 0;
        int dash = word.LastIndexOf('-');
        if (dash <= 0)
        {
            return false;
        }
        string head = word[..dash];
        string tail = word[(dash + 1)..];
        if (tail is not ("engineer" or "person" or "people" or "member" or "strong" or "developer" or "manager"))
        {
            return false;
        }
        if (Units.TryGetValue(head, out double u))
        {
            count = u;
        }
        else if (SplitHyphenated(head) is > 0 and var h)
        {
            count = h;
        }
        return count > 0;
    }

    /// <summary>A hyphenated duration adjective: "three-year", "18-month" (as number + "-" + word), "two-quarter".</summary>
    public static bool TryHyphenatedDuration(string word, out double count, out string unit)
    {
        count = 0;
        unit = "";
        int dash = word.LastIndexOf('-');
        if (dash <= 0)
        {
            return false;
        }
        string head = word[..dash];
        unit = word[(dash + 1)..];
        if (Units.TryGetValue(head, out double u))
        {
            count = u;
        }
        else if (SplitHyphenated(head) is > 0 and var h)
        {
            count = h;
        }
        else if (head is "multi" or "multiple")
        {
            count = 2;
        }
        else
        {
            return false;
        }
        return unit is "year" or "years" or "month" or "months" or "quarter" or "quarters" or "week" or "weeks";
    }
}
