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
internal static partial class Numbers
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
    public static IEnumerable<string> StartWords => Units.Keys.Concat(Vague.Keys).Concat(Currency.Before).Concat(MoneySizes.Keys).Concat(["a", "an", "half"]).Distinct();

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
        else if (t[i].Kind == TokenKind.Word && Currency.Before.Contains(t[i].Text) && i + 1 < t.Length &&
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
            else if (Currency.After.Contains(next))
            {
                currency = true;
                j++;
            }
        }
        if (!currency && j < t.Length && t[j].Text is "in" or "of" && j + 1 < t.Length && Currency.After.Contains(t[j + 1].Text))
        {
            currency = true;
        }
        q = new Quantity(value, value, value, start, j, currency, scaled, percent, ratio, vague);
        return true;
    }

    /// <summary>"$1-5M", "40–60 engineers", "between 2 and 3 teams", "8 to 12 weeks" (but not "from 6 to 20" or "from about 6 to 20").</summary>
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
            // "from about 25 to 70 engineers" is a change, like "from 25 to 70"
            int change = before >= 1 && t[before].Text is "about" or "around" or "roughly" or "approximately" or "some" ? before - 1 : before;
            bool plainTo = t[j].Text == "to" &&
                           !(change >= 0 && t[change].Text is "from" or "reduced" or "cut" or "increased" or "improved" or "grew" or "dropped" or "fell" or "rose");
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
}
