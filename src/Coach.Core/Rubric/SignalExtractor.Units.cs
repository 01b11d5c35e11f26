namespace Coach.Core.Rubric;

/// <summary>Units of people: which unit a headcount sizes when the sentence or the one before names it, who reports to the
/// candidate, and a unit the candidate grew.</summary>
internal static partial class SignalExtractor
{
    /// <summary>"I lead the Search Availability team at a travel-tech scale-up. 8 engineers, two of them in Lisbon.": a sentence
    /// that opens with a headcount standing alone (not the subject of a verb: "40 engineers joined the company") right after one
    /// where the candidate leads a team, and sizes none, sizes that team.</summary>
    private static void SizesTeamBefore(List<Signal> signals, int previous, int start, Sentence? before)
    {
        if (previous < 0 || start >= signals.Count || signals[start] is not { Kind: SignalKind.Count, Category: CountCategory.Engineers,
                Relation: Relation.Unstated, Share: false } count || !OpensWith(count.Sentence, count.Match))
        {
            return;
        }
        bool leads = false;
        for (int k = previous; k < start; k++)
        {
            if (signals[k] is { Kind: SignalKind.Count, Relation: Relation.Led })
            {
                return; // sized already
            }
            leads |= signals[k].Kind == SignalKind.Leadership;
        }
        // "I manage software for the plant floor system at an auto parts maker. 5 engineers and 2 contractors." (not "I ran the
        // numbers": "run" holds too much else)
        leads |= before is { Tokens: [{ Text: "i" }, { Text: "manage" or "managed" or "head" or "headed" }, ..] };
        if (leads)
        {
            signals[start] = count with { Relation = Relation.Led };
        }
    }

    /// <summary>The sentence's first words are <paramref name="match"/>, past a word of degree: "8 engineers, ...", "About 12 people ...".</summary>
    private static bool OpensWith(string sentence, string match)
    {
        int at = sentence.IndexOf(match, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        ReadOnlySpan<char> before = sentence.AsSpan(0, at).Trim();
        ReadOnlySpan<char> after = sentence.AsSpan(at + match.Length).TrimStart();
        bool opens = before.IsEmpty || before is "~" or "≈" || before.Equals("about", StringComparison.OrdinalIgnoreCase) ||
                     before.Equals("around", StringComparison.OrdinalIgnoreCase) || before.Equals("roughly", StringComparison.OrdinalIgnoreCase);
        // standing alone: "8 engineers, two of them in Lisbon", "6 engineers.", "about 140 engineers across 11 teams"
        return opens && (after.IsEmpty || after[0] is ',' or '.' or '(' or ':' or ';' or '-' or '–' or '—' ||
                         after.StartsWith("and ", StringComparison.Ordinal) || after.StartsWith("across ", StringComparison.Ordinal) ||
                         after.StartsWith("in ", StringComparison.Ordinal) || after.StartsWith("plus ", StringComparison.Ordinal));
    }

    /// <summary>People who join a team follow the onboarding within a few words: "onboarded 7 new engineers", "onboarding the two
    /// new hires" (not "the early adopters", "twelve teams onto the platform").</summary>
    private static bool PeopleJoin(Token[] t, ReadOnlySpan<ulong> starts, int from)
    {
        for (int k = from; k < Math.Min(t.Length, from + 4); k++)
        {
            if ((starts[k] & (PeopleMask | 1UL << (int)Tag.CatHires)) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What is run, between the verb and the joint, is itself a unit of people: the word before its first "for", "of" or
    /// "with", or its last word ("I run engineering for the freight side", "I manage a 'team of teams'"; not "I run the weekly
    /// incident review for the whole platform group").</summary>
    private static bool RunsAUnitNamed(Token[] t, int verb, int joint)
    {
        int head = joint - 1;
        for (int k = verb + 2; k < joint; k++)
        {
            if (t[k].Text is "for" or "of" or "with" or "across" or "in")
            {
                head = k - 1;
                break;
            }
        }
        while (head > verb && t[head].Kind != TokenKind.Word)
        {
            head--; // past a closing quote or bracket
        }
        return head > verb && IsUnitWord(t[head]);
    }

    /// <summary>What is led, between the verb and the joint, is a unit of people: "I lead engineering for the merchant acquiring
    /// platform at a payments company", "I led the data group at ..." (not "I led the migration at a retailer").</summary>
    private static bool LeadsAUnit(Token[] t, int verb, int joint)
    {
        for (int k = verb + 1; k < joint && t[k].Text != "at"; k++)
        {
            if (IsUnitWord(t[k]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A word for a unit of people: "engineering", "team", "squads", "org", "division", "group".</summary>
    private static bool IsUnitWord(Token w) =>
        w.Text is "engineering" or "team" or "teams" or "squad" or "squads" || (Lexicon.RoleMarkOf(w.Id) & Lexicon.RoleMark.Organisation) != 0;

    /// <summary>"report to me", "reported directly to me" starts at <paramref name="k"/>: the index of its "me", or -1. With
    /// <paramref name="directly"/> false only "report(s/ed) to me" is read.</summary>
    private static int ReportsToMe(Token[] t, int k, bool directly = true)
    {
        if (k < 0 || k + 2 >= t.Length || t[k].Text is not ("report" or "reports" or "reported"))
        {
            return -1;
        }
        int to = directly && t[k + 1].Text == "directly" ? k + 2 : k + 1;
        return to + 1 < t.Length && t[to].Text == "to" && t[to + 1].Text == "me" ? to + 1 : -1;
    }

    /// <summary>"2021-2022: scaled to 12 teams", "then grew to 40 engineers", "I expanded to 6 squads": the unit the candidate
    /// grew, told with no other subject (not "the company grew to 500 people").</summary>
    private static bool ScaledTo(Token[] t, int start)
    {
        int k = start - 1;
        while (k > 0 && t[k].Text is "about" or "around" or "roughly" or "nearly" or "~" or "≈")
        {
            k--;
        }
        if (k < 1 || t[k].Text != "to" || t[k - 1].Text is not ("scaled" or "grew" or "expanded" or "scaling" or "growing" or "expanding"))
        {
            return false;
        }
        int verb = k - 1;
        return verb == 0 || t[verb - 1].Text is ":" or "-" or "i" or "we" or "then" or "and";
    }

    /// <summary>"None of the five teams involved reported to me", "neither of the two leads": the count is who does not.</summary>
    private static bool NoneOf(Token[] t, int start)
    {
        int of = start > 0 && t[start - 1].Text == "the" ? start - 2 : start - 1;
        return of >= 1 && t[of].Text == "of" && t[of - 1].Text is "none" or "neither";
    }

    /// <summary>"I'm a Director of Engineering now, with about 60 people, but the example is from 2013, when I was a backend
    /// engineer": a story told from an individual contributor's time, by someone who leads people now. The title and the people
    /// of now are not the story's: they leave the evidence, and the story's own role is read.</summary>
    private static void StoryFromBefore(List<Signal> signals)
    {
        if (signals.Exists(s => s.Kind == SignalKind.IndividualRole && ToldFromBefore(s.Sentence)))
        {
            signals.RemoveAll(s => SaysNow(s.Sentence) &&
                (s.Kind == SignalKind.Leadership || s is { Kind: SignalKind.Count, Relation: Relation.Led }));
        }
    }

    private static readonly string[] BeforeWords = ["going back", "back in", "back then", "years ago", "when i was", "is from 19", "is from 20"];

    /// <summary>The sentence sets the story in an earlier time: "going back a bit", "the example is from 2013, when I was ...".</summary>
    private static bool ToldFromBefore(string sentence) => TextScan.ContainsAny(sentence, BeforeWords);

    /// <summary>The sentence speaks of now: "I'm a Director of Engineering now", "Today I'm a director", "currently".</summary>
    private static bool SaysNow(string sentence) =>
        sentence.Contains(" now", StringComparison.OrdinalIgnoreCase) || sentence.StartsWith("now ", StringComparison.OrdinalIgnoreCase) ||
        sentence.Contains("today", StringComparison.OrdinalIgnoreCase) || sentence.Contains("currently", StringComparison.OrdinalIgnoreCase) ||
        sentence.Contains("these days", StringComparison.OrdinalIgnoreCase);
}
