namespace Coach.Core.Rubric;

/// <summary>Amounts the candidate says are not theirs.</summary>
internal static partial class SignalExtractor
{
    /// <summary>
    /// "I can't claim the $45M", "the $900M is the whole flow, not what we moved", "fuel spend fell $11M, but prices fell too; our
    /// part we estimated at $3.5M": the candidate names a total around the work and says it is not what the work did. The guide asks
    /// for impact with a clear attribution; an answer that gives one is read by it.
    /// </summary>
    private static bool Disowned(Token[] t, List<Quantity> quantities, int qi)
    {
        Quantity q = quantities[qi];
        // "I can't claim the $45M", "I won't take credit for the $20M"
        for (int k = Math.Max(1, q.Start - 5); k < q.Start; k++)
        {
            if (t[k].Text is "claim" or "credit" && NegatedBefore(t, k))
            {
                return true;
            }
        }
        // "the $900M is the whole flow, not what we moved", "$11M is the company total, not ours"
        bool whole = false;
        for (int j = q.End; j + 1 < Math.Min(t.Length, q.End + 12); j++)
        {
            whole |= t[j].Text is "whole" or "entire" or "total" or "overall" or "gross" or "company-wide" or "companywide";
            if (whole && t[j].Text == "not" && t[j + 1].Text is "what" or "ours" or "mine" or "all" or "our" or "my" or "us" or "me")
            {
                return true;
            }
        }
        // "..., our part we estimated around 3,5 mil USD", "of which $3M was ours": a later amount is the candidate's share of this one
        int share = SharePhrase(t, q.End);
        for (int later = qi + 1; share >= 0 && later < quantities.Count; later++)
        {
            if (quantities[later].Start > share && (quantities[later].Currency || quantities[later].Scaled))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"can't", "won't", "not" within three words before <paramref name="k"/>.</summary>
    private static bool NegatedBefore(Token[] t, int k)
    {
        for (int j = Math.Max(0, k - 3); j < k; j++)
        {
            if (t[j].Text is "can't" or "cannot" or "not" or "don't" or "won't" or "wouldn't" or "couldn't" or "never"
                or "can’t" or "don’t" or "won’t" or "wouldn’t" or "couldn’t")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where, from <paramref name="from"/> on, the candidate names their share of a total: "our part", "my share", "of
    /// which", "attributable"; -1 when they do not.</summary>
    private static int SharePhrase(Token[] t, int from, int to = int.MaxValue)
    {
        for (int j = from; j < Math.Min(t.Length, to); j++)
        {
            if (t[j].Text == "attributable" ||
                j + 1 < t.Length && (t[j].Text is "our" or "my" && t[j + 1].Text is "part" or "share" or "portion" or "contribution" ||
                                     t[j].Text == "of" && t[j + 1].Text == "which"))
            {
                return j;
            }
        }
        return -1;
    }

    /// <summary>"Fuel spend fell $11M that year. Our share of it was about $3.5M": a sentence that opens with the candidate's share and
    /// gives an amount disowns the amounts of the sentence before it, in the same part.</summary>
    private static void DisownBefore(Sentence s, Token[] t, List<Quantity> quantities, List<Signal> output, int sentenceStart)
    {
        int share = SharePhrase(t, 0, 3);
        if (share < 0 || sentenceStart == 0 || !quantities.Exists(q => q.Start > share && (q.Currency || q.Scaled)))
        {
            return;
        }
        string previous = output[sentenceStart - 1].Sentence;
        for (int k = sentenceStart - 1; k >= 0 && ReferenceEquals(output[k].Sentence, previous) && output[k].Part == s.Part; k--)
        {
            if (output[k] is { Kind: SignalKind.Money, Role: not MoneyRole.Context } money)
            {
                output[k] = money with { Role = MoneyRole.Disowned };
            }
        }
    }

    /// <summary>An amount the candidate disowned is not theirs wherever else the answer gives it: the game's $45M revenue in the
    /// Situation is not at stake once the Result says "I can't claim the $45M".</summary>
    private static void DisownElsewhere(List<Signal> signals)
    {
        for (int i = 0; i < signals.Count; i++)
        {
            if (signals[i] is not { Kind: SignalKind.Money, Role: MoneyRole.Disowned } disowned)
            {
                continue;
            }
            for (int k = 0; k < signals.Count; k++)
            {
                if (signals[k] is { Kind: SignalKind.Money, Role: not (MoneyRole.Disowned or MoneyRole.Context) } money &&
                    Math.Abs(money.Value - disowned.Value) <= 0.005 * disowned.Value)
                {
                    signals[k] = money with { Role = MoneyRole.Disowned };
                }
            }
        }
    }
}
