namespace Coach.Core.Rubric;

/// <summary>Finds the evidence in an answer: money, counts, horizon, titles, scope, reach, voice. Pure and allocation-light.</summary>
internal static partial class SignalExtractor
{

    private const int RoleWindow = 7;

    private static readonly CountCategory[] CategoryOrder =
    [
        CountCategory.DirectReports, CountCategory.BusinessUnits, CountCategory.Managers, CountCategory.Engineers, CountCategory.Teams,
        CountCategory.Partners, CountCategory.Users, CountCategory.Services, CountCategory.Regions, CountCategory.Hires,
    ];

    private static Tag CategoryTag(CountCategory c) => c switch
    {
        CountCategory.Engineers => Tag.CatEngineers,
        CountCategory.Managers => Tag.CatManagers,
        CountCategory.DirectReports => Tag.CatDirectReports,
        CountCategory.Teams => Tag.CatTeams,
        CountCategory.BusinessUnits => Tag.CatBusinessUnits,
        CountCategory.Partners => Tag.CatPartners,
        CountCategory.Users => Tag.CatUsers,
        CountCategory.Services => Tag.CatServices,
        CountCategory.Regions => Tag.CatRegions,
        _ => Tag.CatHires,
    };

    private const ulong CategoryMask =
        1UL << (int)Tag.CatEngineers | 1UL << (int)Tag.CatManagers | 1UL << (int)Tag.CatDirectReports | 1UL << (int)Tag.CatTeams |
        1UL << (int)Tag.CatBusinessUnits | 1UL << (int)Tag.CatPartners | 1UL << (int)Tag.CatUsers | 1UL << (int)Tag.CatServices |
        1UL << (int)Tag.CatRegions | 1UL << (int)Tag.CatHires;

    private const ulong UnitMask =
        1UL << (int)Tag.UnitMinute | 1UL << (int)Tag.UnitHour | 1UL << (int)Tag.UnitDay | 1UL << (int)Tag.UnitWeek |
        1UL << (int)Tag.UnitMonth | 1UL << (int)Tag.UnitQuarter | 1UL << (int)Tag.UnitYear | 1UL << (int)Tag.UnitSprint;

    private const ulong PersonMask = 1UL << (int)Tag.CatEngineers;

    private const ulong PeopleMask = 1UL << (int)Tag.CatEngineers | 1UL << (int)Tag.CatManagers;

    private static bool Has(ulong mask, Tag tag) => (mask & (1UL << (int)tag)) != 0;

    /// <summary>Where a before-and-after that starts with <paramref name="q"/> and ends with <paramref name="next"/> starts ("from
    /// 4.2 to 0.8", "3.2 -> 4.1", "from three days to under one"), or -1 when the two are not one.</summary>
    private static int BeforeAfterFrom(Token[] t, Quantity q, Quantity next)
    {
        // the unit may stand between: "from 4.2 seconds to 0.8", "from three a month to one a quarter"
        int link = q.End < t.Length && t[q.End].Text is "to" or "->" ? q.End
            : q.End + 1 < t.Length && t[q.End].Kind == TokenKind.Word && t[q.End + 1].Text is "to" or "->" ? q.End + 1
            : q.End + 2 < t.Length && t[q.End].Text is "a" or "an" or "per" && t[q.End + 1].Kind == TokenKind.Word && t[q.End + 2].Text is "to" or "->"
                ? q.End + 2 : -1;
        if (link < 0)
        {
            return -1;
        }
        // a word of degree may stand between the link and the number: "from 40 to about 12", "$6.1M -> ~$3.8M"
        int gap = link + 2 == next.Start && t[link + 1].Text is "under" or "below" or "over" or "above" or "about" or "around"
            or "nearly" or "almost" or "roughly" or "just" or "less" or "more" or "~" or "≈" or "maybe" or "like" ? 1 : 0;
        if (t[link].Text == "->" && next.Start == link + 1 + gap)
        {
            return q.Start;
        }
        // "from 40 to 12", and as said aloud "from like three a month to maybe one a quarter"
        int from = q.Start > 0 && t[q.Start - 1].Text == "from" ? q.Start - 1
            : q.Start > 1 && t[q.Start - 2].Text == "from" && t[q.Start - 1].Text is "like" or "about" or "around" or "roughly" or "~" ? q.Start - 2 : -1;
        return t[link].Text == "to" && next.Start == link + 1 + gap ? from : -1;
    }

    /// <summary>"I" is the subject of the verb at <paramref name="verb"/>: "I lead", "I'm running", "I was running", "I had taken
    /// over" (the "took" of "took over" and the helping verbs between are passed over).</summary>
    private static bool SubjectI(Token[] t, int verb)
    {
        int k = verb - 1;
        if (t[verb].Text == "over" && k >= 0 && t[k].Text is "took" or "taken" or "taking" or "take")
        {
            k--;
        }
        while (k >= 0 && t[k].Text is "was" or "am" or "had" or "have" or "has" or "been" or "just" or "then" or "also" or "later")
        {
            k--;
        }
        return k >= 0 && t[k].Text is "i" or "i'm" or "i've" or "i'd";
    }

    /// <summary>"Group" names a body of peers, not one led ("I led a working group with five other managers"), unless the candidate
    /// manages, runs or heads it, or leads it as theirs: "I manage the research computing group: 8 people", "I lead the pick-path
    /// optimisation group, 11 engineers in two squads".</summary>
    private static bool PeerGroup(Token[] t, int i) => t[i].Text == "group" && (t[i - 1].Text is "working" or "steering" or "advisory" or "focus"
        or "peer" or "study" or "user" or "interest" or "reading" || !(LeadBefore(t, i, 5) is var verb and >= 0 &&
        (RunsAUnit(t[verb].Text) || t[verb].Text is "lead" or "leads" && t[verb + 1].Text is "the" or "our")));

    /// <summary>Verbs of holding a unit as one's own, not of leading a piece of work with others: "manage", "run", "head".</summary>
    private static bool RunsAUnit(string verb) => verb is "manage" or "managed" or "run" or "ran" or "head" or "headed";

    /// <summary>"my manager", "my boss", "my director": someone the candidate reports to, not leads.</summary>
    private static bool IsSuperior(string word) => word is "manager" or "lead" or "boss" or "director" or "leader" or "supervisor" or "person";

    /// <summary>A team word followed by "I managed", "I lead", "I ran": the candidate's own team.</summary>
    private static bool LedAfter(Token[] t, int i) =>
        i + 2 < t.Length && t[i + 1].Text == "i" && IsLeadVerb(t[i + 2].Text) ||
        i + 3 < t.Length && t[i + 2].Text == "i" && IsLeadVerb(t[i + 3].Text);

    /// <summary>Teams that used or took up the work are its reach, not teams coordinated: "other teams have since used the runbook".</summary>
    private static bool AdoptedAfter(ReadOnlySpan<ulong> masks, int last)
    {
        for (int k = last + 1; k < Math.Min(masks.Length, last + 5); k++)
        {
            if (Has(masks[k], Tag.Adoption))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AdoptedAround(ReadOnlySpan<ulong> masks, int start, int end)
    {
        for (int k = Math.Max(0, start - 5); k < Math.Min(masks.Length, end + 4); k++)
        {
            if ((k < start || k >= end) && Has(masks[k], Tag.Adoption))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A vendor or partner the candidate worked with ("coordinated with 12 vendors", "partnerships"), not one merely named.</summary>
    private static bool WorkedWith(Token[] t, int start, int length)
    {
        if (t[start].Text is "partnership" or "partnerships" or "consortium" or "alliance" or "joint")
        {
            return true;
        }
        for (int k = start - 1; k >= Math.Max(0, start - 5); k--)
        {
            if (t[k].Text is "with" or "negotiated" or "negotiating" or "partnered" or "partnering" or "engaged" or "convened" or "selected" or "onboarded"
                or "contracted" or "brought" || IsLeadVerb(t[k].Text))
            {
                return true;
            }
        }
        return start + length < t.Length && t[start + length].Text is "i" or "we" && start + length + 1 < t.Length && t[start + length + 1].Text is "worked" or "managed";
    }

    public static List<Signal> Extract(StarAnswer answer)
    {
        var signals = new List<Signal>(64);
        int index = 0;
        (int Year, Sentence Sentence, int Token) first = default, last = default;
        foreach (StarPart part in StarParts.All)
        {
            int previous = -1;
            Sentence? before = null;
            foreach (Sentence sentence in TextScan.Sentences(part, answer[part], ref index))
            {
                int start = signals.Count;
                ExtractSentence(sentence, signals);
                SizesTeamBefore(signals, previous, start, before);
                previous = start;
                before = sentence;
                Token[] t = sentence.Tokens;
                for (int i = 0; i < t.Length; i++)
                {
                    if (!IsYear(t, i))
                    {
                        continue;
                    }
                    int year = (int)t[i].Value;
                    if (first.Sentence is null || year < first.Year)
                    {
                        first = (year, sentence, i);
                    }
                    if (last.Sentence is null || year > last.Year)
                    {
                        last = (year, sentence, i);
                    }
                }
            }
        }
        // "in 2021 ... by 2023", "from Q1 2021 to Q3 2023": the years the story names span its horizon
        // (not when both sit in the Situation's background)
        int span = last.Year - first.Year;
        if (first.Sentence is not null && last.Sentence is not null && span is >= 1 and <= 8 && last.Sentence.Part != StarPart.Situation)
        {
            signals.Add(new Signal(SignalKind.Duration, last.Sentence.Part, last.Sentence.Text,
                ReferenceEquals(first.Sentence, last.Sentence) ? last.Sentence.Slice(first.Token, last.Token + 1) : last.Sentence.Slice(last.Token, last.Token + 1),
                span * 12.0, Inferred: true));
        }
        DisownElsewhere(signals);
        StoryFromBefore(signals);
        return signals;
    }

    /// <summary>A calendar year named as a date ("in 2021", "by Q3 2023", "2022 to 2024"), not a count ("2000 engineers").</summary>
    private static bool IsYear(Token[] t, int i)
    {
        if (t[i].Kind != TokenKind.Number || t[i].Value is < 1990 or > 2100 || t[i].Value != Math.Floor(t[i].Value) || t[i].Text.Length != 4)
        {
            return false;
        }
        bool dateBefore = i == 0 || t[i - 1].Text is "in" or "by" or "since" or "from" or "until" or "till" or "to" or "through" or "of" or "and"
            or "early" or "late" or "mid" or "end" or "q1" or "q2" or "q3" or "q4" or "h1" or "h2" or "spring" or "summer" or "autumn" or "fall"
            or "winter" or "january" or "february" or "march" or "april" or "may" or "june" or "july" or "august" or "september" or "october"
            or "november" or "december" or "-" or "(" or ",";
        bool countAfter = i + 1 < t.Length && t[i + 1].Kind == TokenKind.Word &&
            t[i + 1].Text is not ("and" or "to" or "through" or "until" or "when" or "we" or "i" or "our" or "the" or "after" or "before" or "by"
                or "with" or "as" or "it" or "they" or "was" or "were" or "is" or "had" or "this" or "that" or "which" or "my" or "a");
        return dateBefore && !countAfter;
    }

    /// <summary>Words between a lead verb and a team or organisation that make it one worked beside, not led: "coordinated with 3
    /// teams", "ran it across two teams", or a new clause ("I led it, and the billing team agreed").</summary>
    private static readonly string[] WorkedBeside = ["with", "for", "to", "by", "across", "between", "among", "alongside", ",", ";", "but", "while"];

    internal static void ExtractSentence(Sentence s, List<Signal> output)
    {
        int n = s.Tokens.Length;
        if (n == 0)
        {
            return;
        }
        // the tag masks live here, apart from the reading: a method that allocates on the stack is compiled once, fully
        // optimised but without the profile the runtime gathers for the loops of the reading
        Span<ulong> both = n <= 256 ? stackalloc ulong[n * 2] : new ulong[n * 2];
        ReadSentence(s, both[..n], both[n..], output);
    }

    /// <summary>Reads one sentence's signals; <paramref name="masks"/> and <paramref name="starts"/> are zeroed, one per token.</summary>
    private static void ReadSentence(Sentence s, Span<ulong> masks, Span<ulong> starts, List<Signal> output)
    {
        Token[] t = s.Tokens;
        List<(Tag Tag, int Start, int Length)> hits = Lexicon.Match(t);
        for (int i = 1; i < t.Length; i++)
        {
            if (t[i].Id < 0 && t[i - 1].Text == "at" && Lexicon.IsConferenceName(t[i].Text))
            {
                hits.Add((Tag.VisibilityL7, i, 1)); // "presented our approach at SREcon APAC"
            }
        }
        foreach ((Tag tag, int start, int length) in hits)
        {
            starts[start] |= 1UL << (int)tag;
            for (int k = start; k < start + length; k++)
            {
                masks[k] |= 1UL << (int)tag;
            }
        }

        int sentenceStart = output.Count;
        List<Quantity> quantities = Numbers.Find(t, starts);
        for (int qi = 0; qi < quantities.Count; qi++)
        {
            Quantity q = quantities[qi];
            Quantity next = qi + 1 < quantities.Count ? quantities[qi + 1] : default;
            // "from 4.2 to 0.8", "from 4.2 seconds to 0.8 seconds", "3.2 -> 4.1"
            int from = qi + 1 < quantities.Count ? BeforeAfterFrom(t, q, next) : -1;
            if (from >= 0 && q.Currency && next.Currency && Money(s, t, masks, q) is { Role: MoneyRole.Impact } before)
            {
                // "spend $6.1M -> ~$3.8M a year", "revenue from $2M to $5M": what the work gained is the change, not either end
                Signal after = Money(s, t, masks, next);
                output.Add(before with
                {
                    Match = s.Slice(from, next.End),
                    Value = Math.Abs(after.Value - before.Value),
                    Period = before.Period == Period.Unspecified ? after.Period : before.Period,
                });
                output.Add(new Signal(SignalKind.BeforeAfter, s.Part, s.Text, s.Slice(from, next.End), next.Value));
                qi++;
                continue;
            }
            int read = output.Count;
            ReadQuantity(s, t, masks, starts, q, output);
            if (output.Count > read && output[read] is { Kind: SignalKind.Money, Role: not MoneyRole.Context } money && Disowned(t, quantities, qi))
            {
                output[read] = money with { Role = MoneyRole.Disowned };
            }
            if (from >= 0)
            {
                if (next.Value > q.Value && output.Count > read && output[read] is
                        { Kind: SignalKind.Count, Category: CountCategory.Engineers or CountCategory.Managers or CountCategory.DirectReports
                            or CountCategory.Teams or CountCategory.BusinessUnits } grown)
                {
                    // "grew the org from 2 teams to 8": the organisation at its largest is the one led or reached
                    output.Add(grown with { Match = s.Slice(from, next.End), Value = next.Value });
                }
                output.Add(new Signal(SignalKind.BeforeAfter, s.Part, s.Text, s.Slice(from, next.End), next.Value));
                if (HireBefore(t, masks, q.Start, 6) && next.Value > q.Value)
                {
                    output.Add(new Signal(SignalKind.Hiring, s.Part, s.Text, s.Slice(Math.Max(0, from - 4), next.End), next.Value - q.Value));
                }
            }
        }

        DisownBefore(s, t, quantities, output, sentenceStart);

        // hyphenated durations written as words: "three-year", "multi-year" is a horizon word already
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i].Hyphenated &&
                Numbers.TryHyphenatedDuration(t[i].Text, out double n, out string unit) && s.Part != StarPart.Situation)
            {
                output.Add(new Signal(SignalKind.Duration, s.Part, s.Text, s.Slice(i, i + 1), ToMonths(n, unit)));
            }
        }

        ReadIndividualRole(s, t, output);

        for (int i = 1; i < t.Length; i++)
        {
            // "the risk team", "billing team", "the data-science team": a team other than mine
            // "inherited the 7-person identity team": up to six words back within the clause
            bool led = Has(masks[i], Tag.CatTeams) && (LeadBefore(t, i, 6) is var verb and >= 0 &&
                                                       !WorkedBesideBetween(t, verb, i) ||
                                                      LedAfter(t, i) || TitleOver(t, starts, i));
            if (led && !(i + 1 < t.Length && t[i + 1].Text == "of" && i + 2 < t.Length && t[i + 2].Kind == TokenKind.Number))
            {
                // "leading the Loyalty platform team", "the mobile team I managed": the candidate's own team, led
                output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(Math.Max(0, LeadBefore(t, i, 4) is var k and >= 0 ? k : i - 1), i + 1), 0));
                LeadCountsSince(output, sentenceStart, t[i].End, until: NextClauseOfMine(t, i)); // "I managed the automation team for both sites, nine engineers"
            }
            else if ((Lexicon.RoleMarkOf(t[i].Id) & Lexicon.RoleMark.Organisation) != 0 && !PeerGroup(t, i) &&
                     LeadBefore(t, i, 6) is var orgVerb and > 0 && SubjectI(t, orgVerb) &&
                     !WorkedBesideBetween(t, orgVerb, i))
            {
                // "I lead the Developer Platform org at a streaming company: 7 teams, ~80 engineers": the organisation and its headcounts are led
                output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(orgVerb, i + 1), 0));
                LeadCountsSince(output, sentenceStart, organisation: true, until: NextClauseOfMine(t, i));
            }
            else if (t[i].Text == "team" && OwnMembership(t, i))
            {
                // "I was a senior engineer on the search team", "I joined the payments team": the candidate's own team
                output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, s.Slice(i - 2, i + 1), 1, Category: CountCategory.Teams, Level: Band.BelowL6));
            }
            else if (t[i].Kind == TokenKind.Word && t[i].Text is "team" or "teams" && TeamName(t, masks, i - 1) &&
                !(i >= 2 && OwnTeamWords.Contains(t[i - 2].Text) && t[i - 2].Text is not "the" and not "a" and not "an" &&
                  !(t[i].Text == "teams" && ListJoint(t, masks, i - 2))) &&
                !(i >= 3 && TeamName(t, masks, i - 2) && t[i - 3].Text is "my" or "our") && // "our data platform team": ours
                !(i + 1 < t.Length && t[i + 1].Text == "of"))
            {
                Relation relation = AdoptedAfter(masks, i) ? Relation.Served : Relation.Unstated;
                output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, s.Slice(i - 1, i + 1), 2, Category: CountCategory.Teams, Level: Band.L6, Inferred: true,
                    Relation: relation));
                // "the payments, search and fraud teams": each name in the list is a team of its own
                for (int joint = i - 2; t[i].Text == "teams" && ListJoint(t, masks, joint); joint -= 2)
                {
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, s.Slice(joint - 1, joint) + " team", 2, Category: CountCategory.Teams,
                        Level: Band.L6, Inferred: true, Relation: relation));
                }
            }
            // "my engineers", "one of my senior engineers", "my direct reports", "my team members": people the candidate leads
            if (t[i - 1].Text == "my" && (starts[i] & PeopleMask) != 0 && !IsSuperior(t[i].Text) ||
                i >= 2 && t[i - 2].Text == "my" && t[i - 1].Kind == TokenKind.Word && (starts[i] & PeopleMask) != 0 && !IsSuperior(t[i].Text) &&
                !(i + 1 < t.Length && (starts[i + 1] & CategoryMask) != 0 && !Has(starts[i + 1], Tag.CatEngineers)))
            {
                output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(i - 1 - (t[i - 1].Text == "my" ? 0 : 1), i + 1), 0));
            }
            // "a five-engineer team", "twelve-person"
            if (t[i].Hyphenated && Numbers.TryHyphenatedCount(t[i].Text, out double people) && !SizesCompany(t, i + 1))
            {
                output.Add(new Signal(SignalKind.Count, s.Part, s.Text, s.Slice(i, Math.Min(t.Length, i + 2)), people, Category: CountCategory.Engineers));
            }
        }

        int firstPerson = 0, plural = 0;
        foreach ((Tag tag, int start, int length) in hits)
        {
            string match() => s.Slice(start, start + length);
            switch (tag)
            {
                case Tag.StakeholderL7 or Tag.StakeholderL6 when start > 0 && t[start - 1].Text == "to" && start > 1 && t[start - 2].Text is "promotion" or "promoted":
                    break; // "my promotion to VP": a title the candidate reached, not a stakeholder
                case Tag.StakeholderL7 or Tag.StakeholderL6 or Tag.StakeholderBelow when TitleIsMine(t, start):
                    break; // "I was the director", "as VP of Engineering": the candidate's own title, not a stakeholder
                case Tag.StakeholderL7:
                    output.Add(new Signal(SignalKind.Stakeholder, s.Part, s.Text, match(), Level: Band.L7));
                    break;
                case Tag.StakeholderL6 when t[start].Text == "sales" && SalesAsMoney(t, quantities, start):
                    break; // "$40M a year in sales", "annual sales": revenue, not the sales department
                case Tag.StakeholderL6:
                    output.Add(new Signal(SignalKind.Stakeholder, s.Part, s.Text, match(), Level: Band.L6));
                    break;
                case Tag.StakeholderBelow:
                    output.Add(new Signal(SignalKind.Stakeholder, s.Part, s.Text, match(), Level: Band.BelowL6));
                    break;
                case Tag.ScopeL7:
                    output.Add(new Signal(SignalKind.Scope, s.Part, s.Text, match(), Level: Band.L7));
                    break;
                case Tag.ScopeL6:
                    output.Add(new Signal(SignalKind.Scope, s.Part, s.Text, match(), Level: Band.L6));
                    break;
                case Tag.ScopeBelow:
                    output.Add(new Signal(SignalKind.Scope, s.Part, s.Text, match(), Level: Band.BelowL6));
                    break;
                case Tag.VisibilityL7:
                    output.Add(new Signal(SignalKind.Visibility, s.Part, s.Text, match(), Level: Band.L7));
                    break;
                case Tag.VisibilityLimited:
                    output.Add(new Signal(SignalKind.Visibility, s.Part, s.Text, match(), Level: Band.L6));
                    break;
                case Tag.IndustryClaim:
                    output.Add(new Signal(SignalKind.IndustryClaim, s.Part, s.Text, match()));
                    break;
                case Tag.TeamsOwn:
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, match(), 1, Category: CountCategory.Teams, Level: Band.BelowL6));
                    if (t[start].Text == "my" || t[start].Text == "own" && start > 0 && t[start - 1].Text == "my")
                    {
                        // "my team of eight", "three engineers from my team", "piloted on my own team of 7": the headcount beside
                        // "my team" is the team the candidate leads
                        LeadCountsSince(output, sentenceStart);
                    }
                    if (start > 0 && t[start - 1].Text is "had" or "asked" or "assigned" or "got" or "directed" or "tasked" ||
                        start > 1 && t[start - 2].Text is "had" or "asked" or "assigned" or "tasked" && t[start - 1].Text is "the" or "my")
                    {
                        // "had my team write replacements", "asked the team to": the candidate directs the team
                        output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(Math.Max(0, start - 2), start + length), 0));
                    }
                    break;
                case Tag.TeamsCross:
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, match(), 2, Category: CountCategory.Teams, Level: Band.L6,
                        Relation: AdoptedAfter(masks, start + length - 1) ? Relation.Served : Relation.Unstated));
                    break;
                case Tag.TeamsSeveral:
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, match(), 3, Category: CountCategory.Teams, Level: Band.L6,
                        Relation: AdoptedAfter(masks, start + length - 1) ? Relation.Served : Relation.Unstated));
                    break;
                case Tag.TeamsOrgWide:
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, match(), 5, Category: CountCategory.Teams, Level: Band.L7,
                        Relation: AdoptedAround(masks, start, start + length) ? Relation.Served : Relation.Unstated));
                    break;
                case Tag.TeamsExternal when WorkedWith(t, start, length):
                    output.Add(new Signal(SignalKind.Coordination, s.Part, s.Text, match(), 1, Category: CountCategory.Partners, Level: Band.L6));
                    break;
                case Tag.LeadTitle when OwnTitle(t, start, length):
                    // "acting manager", "act as manager of", "interim lead": the quote keeps the words that make the title a stand-in
                    int acting = start > 0 && t[start - 1].Text is "acting" or "interim" ? start - 1
                        : start > 1 && t[start - 1].Text == "as" && t[start - 2].Text is "act" or "acted" or "acting" ? start - 2 : start;
                    output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(acting, start + length), 0));
                    LeadCountsAfterTitle(output, sentenceStart, s.Text, t[start + length - 1].End, HeadsEngineering(t, start, length));
                    break;
                case Tag.ManagerDuty:
                    output.Add(new Signal(SignalKind.ManagerDuty, s.Part, s.Text, match()));
                    break;
                case Tag.HireVerb when t[start].Text is "onboarded" or "onboarding" && !PeopleJoin(t, starts, start + length):
                    break; // "I personally onboarded the early adopters": users brought onto a tool, not people brought into a team
                case Tag.HireVerb when start == 0 && s.Part == StarPart.Action || start > 0 && t[start - 1].Text is "i" || start > 1 && t[start - 2].Text is "i":
                    output.Add(new Signal(SignalKind.Leadership, s.Part, s.Text, s.Slice(Math.Max(0, start - 1), Math.Min(t.Length, start + length + 2)), 0));
                    break;
                case Tag.HorizonMultiYear:
                    output.Add(new Signal(SignalKind.Horizon, s.Part, s.Text, match(), 24, Level: Band.L7));
                    break;
                case Tag.HorizonAnnual when s.Part != StarPart.Situation:
                    output.Add(new Signal(SignalKind.Horizon, s.Part, s.Text, match(), 12, Level: Band.L6));
                    break;
                case Tag.HorizonQuarter when s.Part != StarPart.Situation:
                    output.Add(new Signal(SignalKind.Horizon, s.Part, s.Text, match(), 3, Level: Band.L6));
                    break;
                case Tag.HorizonShort when s.Part != StarPart.Situation:
                    output.Add(new Signal(SignalKind.Horizon, s.Part, s.Text, match(), 0.5, Level: Band.BelowL6));
                    break;
                case Tag.Attribution:
                    output.Add(new Signal(SignalKind.Attribution, s.Part, s.Text, match()));
                    break;
                case Tag.Lesson:
                    output.Add(new Signal(SignalKind.Lesson, s.Part, s.Text, match()));
                    break;
                case Tag.Strategy:
                    output.Add(new Signal(SignalKind.Strategy, s.Part, s.Text, match()));
                    break;
                case Tag.Execution:
                    output.Add(new Signal(SignalKind.Execution, s.Part, s.Text, match()));
                    break;
                case Tag.BusinessContext:
                    output.Add(new Signal(SignalKind.BusinessContext, s.Part, s.Text, match()));
                    break;
                case Tag.Authority:
                    output.Add(new Signal(SignalKind.Authority, s.Part, s.Text, match()));
                    break;
                case Tag.FirstPerson:
                    firstPerson++;
                    break;
                case Tag.FirstPersonPlural:
                    plural++;
                    break;
            }
        }
        ReadMyOrganisation(t, output, sentenceStart);
        ReadLedHeadcount(s, t, output, sentenceStart);
        if (s.Part == StarPart.Action)
        {
            bool implicitI = t[0].Kind == TokenKind.Word && Lexicon.ImplicitFirstPersonVerbs.Contains(t[0].Text);
            if (firstPerson > 0 || implicitI)
            {
                output.Add(new Signal(SignalKind.FirstPerson, s.Part, s.Text, implicitI && firstPerson == 0 ? t[0].Text : "I",
                    Math.Max(firstPerson, 1), Inferred: firstPerson == 0));
            }
            if (plural > 0)
            {
                output.Add(new Signal(SignalKind.FirstPersonPlural, s.Part, s.Text, "we", plural));
            }
        }
    }
}
