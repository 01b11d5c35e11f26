using System.Collections.Frozen;

namespace Coach.Core.Rubric;

/// <summary>A quantity found in a sentence: "$1.2M", "two million dollars", "a dozen", "40-60", "95%", "3x".</summary>
internal readonly record struct Quantity(
    double Value,
    double Low,
    double High,
    int Start,
    int End,
    bool Currency,
    bool Scaled,
    bool Percent,
    bool Ratio,
    bool Vague)
{
    public bool IsRange => High > Low;
}

/// <summary>Reads numbers written as digits or words, with scale words, currency, ranges, percentages and ratios.</summary>
internal static class Numbers
{
    private static readonly FrozenDictionary<string, double> Units = new Dictionary<string, double>
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fourty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["dozen"] = 12,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, double> Scales = new Dictionary<string, double>
    {
        ["hundred"] = 100, ["thousand"] = 1e3, ["k"] = 1e3, ["grand"] = 1e3,
        ["million"] = 1e6, ["millions"] = 1e6, ["m"] = 1e6, ["mm"] = 1e6, ["mn"] = 1e6, ["mil"] = 1e6,
        ["billion"] = 1e9, ["billions"] = 1e9, ["b"] = 1e9, ["bn"] = 1e9, ["trillion"] = 1e12, ["t"] = 1e12,
        // Indian numbering: "40 lakh", "12 crore", "INR 12 Cr"
        ["lakh"] = 1e5, ["lakhs"] = 1e5, ["lac"] = 1e5, ["lacs"] = 1e5, ["crore"] = 1e7, ["crores"] = 1e7, ["cr"] = 1e7,
        // as amounts are written beside a currency elsewhere: "R$ 180 milhões", "€2,5 Mio.", "4 Mrd."
        ["milhões"] = 1e6, ["milhão"] = 1e6, ["millones"] = 1e6, ["millón"] = 1e6, ["mio"] = 1e6,
        ["bilhões"] = 1e9, ["bilhão"] = 1e9, ["mrd"] = 1e9,
    }.ToFrozenDictionary();

    /// <summary>Vague amounts: "dozens of engineers", "several teams", "a handful".</summary>
    private static readonly FrozenDictionary<string, double> Vague = new Dictionary<string, double>
    {
        ["dozens"] = 24, ["tens"] = 20, ["hundreds"] = 200, ["thousands"] = 2000, ["millions"] = 2e6, ["billions"] = 2e9,
        ["several"] = 3, ["multiple"] = 2, ["many"] = 4, ["numerous"] = 4, ["various"] = 3, ["handful"] = 4, ["few"] = 3, ["couple"] = 2,
        ["both"] = 2,
    }.ToFrozenDictionary();

    /// <summary>Money named by its size: "a seven-figure saving" (at least $1M), "a multi-million-dollar deal" (a few million).</summary>
    private static readonly FrozenDictionary<string, double> MoneySizes = new Dictionary<string, double>
    {
        ["six-figure"] = 1e5, ["seven-figure"] = 1e6, ["eight-figure"] = 1e7, ["nine-figure"] = 1e8, ["ten-figure"] = 1e9,
        ["multi-million"] = 2e6, ["multimillion"] = 2e6, ["multi-million-dollar"] = 2e6, ["multimillion-dollar"] = 2e6,
        ["multi-billion"] = 2e9, ["multibillion"] = 2e9, ["multi-billion-dollar"] = 2e9, ["multibillion-dollar"] = 2e9,
    }.ToFrozenDictionary();

    /// <summary>Scale words written after a vague amount: "tens of millions", "hundreds of thousands".</summary>
    private static readonly FrozenDictionary<string, double> PluralScales = new Dictionary<string, double>
    {
        ["thousands"] = 1e3, ["millions"] = 1e6, ["billions"] = 1e9,
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> CurrencyBefore = new[]
    {
        "usd", "us$", "eur", "gbp", "cad", "aud", "inr", "rs", "sgd", "brl", "jpy", "cny", "rmb", "chf", "pln", "ngn",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> CurrencyAfter = new[]
    {
        "dollars", "dollar", "usd", "euros", "euro", "eur", "pounds", "gbp", "bucks", "rupees", "rupee", "inr", "yen", "reais",
        "sgd", "cad", "aud", "brl", "jpy", "yuan", "rmb", "chf", "francs", "pln", "zloty", "zlotys", "naira", "ngn",
    }.ToFrozenSet();

    public static bool IsNumberWord(string word) =>
        Units.ContainsKey(word) || Vague.ContainsKey(word) || word.Contains('-', StringComparison.Ordinal) && SplitHyphenated(word) > 0;

    [ThreadStatic]
    private static List<Quantity>? _found;

    /// <summary>Finds every quantity in a sentence, left to right, without overlaps (valid until the next call on this thread).</summary>
    public static List<Quantity> Find(Token[] t, ReadOnlySpan<ulong> starts)
    {
        const ulong numberStart = 1UL << (int)Tag.NumberStart;
        // a per-thread scratch list: the caller reads the quantities before reading the next sentence
        List<Quantity> found = _found ??= new List<Quantity>(32);
        found.Clear();
        int i = 0;
        while (i < t.Length)
        {
            if (!MayStartQuantity(t[i], (starts[i] & numberStart) != 0))
            {
                i++;
                continue;
            }
            if (TryRead(t, i, out Quantity q))
            {
                q = ExtendRange(t, q);
                found.Add(q);
                i = Math.Max(q.End, i + 1);
            }
            else
            {
                i++;
            }
        }
        return found;
    }

    /// <summary>The words that can start a quantity; the lexicon tags them so one look-up per token serves both.</summary>
    public static IEnumerable<string> StartWords => Units.Keys.Concat(Vague.Keys).Concat(CurrencyBefore).Concat(MoneySizes.Keys).Concat(["a", "an", "half"]).Distinct();

    /// <summary>A word that scales the number before it ("30k", "1.2 mil", "4 million").</summary>
    public static bool IsScaleWord(string word) => Scales.ContainsKey(word);

    /// <summary>A cheap first test: only numbers, "$" and number words (tagged by the lexicon) can start a quantity.</summary>
    private static bool MayStartQuantity(Token token, bool numberWord) => token.Kind switch
    {
        TokenKind.Number => true,
        TokenKind.Symbol => token.Text == "$",
        _ => numberWord || (token.Hyphenated && SplitHyphenated(token.Text) > 0),
    };

    private static bool TryRead(Token[] t, int i, out Quantity q)
    {
        q = default;
        int start = i;
        bool currency = false;
        if (t[i].Kind == TokenKind.Symbol && t[i].Text == "$" && i + 1 < t.Length && (t[i + 1].Kind == TokenKind.Number || IsSpelled(t[i + 1].Text)))
        {
            currency = true;
            i++;
        }
        else if (t[i].Kind == TokenKind.Word && CurrencyBefore.Contains(t[i].Text) && i + 1 < t.Length &&
                 (t[i + 1].Kind == TokenKind.Number || (t[i + 1].Kind == TokenKind.Symbol && t[i + 1].Text is "$" or ".")))
        {
            currency = true;
            i++;
            if (t[i].Text == "." && (t[i - 1].Text != "rs" || i + 1 >= t.Length || t[i + 1].Kind != TokenKind.Number))
            {
                return false; // only "Rs." is written with a stop: "Rs. 40 lakh", "Rs.500"
            }
            if (t[i].Kind == TokenKind.Symbol)
            {
                i++;
                if (i >= t.Length || t[i].Kind != TokenKind.Number)
                {
                    return false;
                }
            }
        }

        double value;
        bool vague = false;
        int j;
        if (t[i].Kind == TokenKind.Number)
        {
            value = t[i].Value;
            j = i + 1;
            // "1.2" "million" / "1.2M" / "890K"
        }
        else if (t[i].Kind == TokenKind.Word && MoneySizes.TryGetValue(t[i].Text, out value))
        {
            // "a seven-figure saving", "a multi-million-dollar contract": money, its size only roughly known
            currency = true;
            vague = true;
            j = i + 1;
            if (j < t.Length && t[j].Text is "dollar" or "dollars" or "usd")
            {
                j++;
            }
        }
        else if (t[i].Kind == TokenKind.Word && ReadSpelled(t, i, out value, out j, out vague))
        {
            // "two million", "a dozen", "twenty-three", "dozens", "tens of millions"
        }
        else
        {
            return false;
        }

        bool scaled = false;
        if (j < t.Length && t[j].Kind == TokenKind.Word && Scales.TryGetValue(t[j].Text, out double scale) &&
            (t[j].Attached || t[j].Text.Length > 2 || t[j].Text is "mm" or "bn" or "mn" or "cr"))
        {
            // "5 m users" with a space is not a scale; "5M users" and "5 million users" are.
            value *= scale;
            scaled = scale >= 1e6;
            j++;
            if (j < t.Length && t[j].Kind == TokenKind.Word && Scales.TryGetValue(t[j].Text, out double scale2) && scale2 > scale && t[j].Text.Length > 2)
            {
                value *= scale2;
                scaled = true;
                j++;
            }
        }
        else if (currency && j < t.Length && t[j].Attached && t[j].Text == "l")
        {
            value *= 1e5; // "₹40L", "Rs 12L": lakh
            j++;
        }
        if (vague && value >= 1e6)
        {
            scaled = true; // "millions", "tens of millions"
        }
        if (j < t.Length && t[j].Kind == TokenKind.Symbol && t[j].Text == "+")
        {
            j++;
        }
        bool percent = false, ratio = false;
        if (j < t.Length)
        {
            string next = t[j].Text;
            if (next == "%" || next == "percent" || next == "pct" || (next == "per" && j + 1 < t.Length && t[j + 1].Text == "cent"))
            {
                percent = true;
                j += next == "per" ? 2 : 1;
            }
            else if ((next == "x" && t[j].Attached) || next == "times" || next == "fold" || next == "x-fold")
            {
                ratio = true;
                j++;
            }
            else if (CurrencyAfter.Contains(next))
            {
                currency = true;
                j++;
            }
        }
        if (!currency && j < t.Length && t[j].Text is "in" or "of" && j + 1 < t.Length && CurrencyAfter.Contains(t[j + 1].Text))
        {
            currency = true;
        }
        q = new Quantity(value, value, value, start, j, currency, scaled, percent, ratio, vague);
        return true;
    }

    /// <summary>"$1-5M", "40–60 engineers", "between 2 and 3 teams", "8 to 12 weeks" (but not "from 6 to 20").</summary>
    private static Quantity ExtendRange(Token[] t, Quantity first)
    {
        int j = first.End;
        if (j + 1 >= t.Length)
        {
            return first;
        }
        bool dash = t[j].Kind == TokenKind.Symbol && t[j].Text == "-";
        bool to = t[j].Text is "to" or "and";
        if (!dash && !to)
        {
            return first;
        }
        if (to)
        {
            int before = first.Start - 1;
            bool between = before >= 0 && t[before].Text == "between";
            bool plainTo = t[j].Text == "to" && !(before >= 0 && t[before].Text is "from" or "reduced" or "cut" or "increased" or "improved" or "grew" or "dropped" or "fell" or "rose");
            if (!(between && t[j].Text == "and") && !(plainTo && before >= 0 && t[before].Text is "of" or "about" or "roughly" or "around" or "approximately" or "some"))
            {
                return first;
            }
        }
        int k = j + 1;
        if (!TryRead(t, k, out Quantity second))
        {
            return first;
        }
        double low = first.Value;
        double high = second.Value;
        double raw = second.Value;
        if (second.Value > first.Value * 50 && first.Value < 1000 && second.End > k + 1)
        {
            // "$1-5M": the scale written once applies to both ends.
            double secondRaw = t[k].Kind == TokenKind.Number ? t[k].Value : second.Value;
            double factor = secondRaw > 0 ? second.Value / secondRaw : 1;
            low = first.Value * factor;
            raw = second.Value;
        }
        if (raw < low)
        {
            return first;
        }
        return new Quantity((low + raw) / 2, low, raw, first.Start, second.End,
            first.Currency || second.Currency, first.Scaled || second.Scaled, first.Percent || second.Percent, false, first.Vague);
    }

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
            if (Units.TryGetValue(word, out double u))
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
