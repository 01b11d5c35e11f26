namespace Coach.Core.Rubric;

/// <summary>Counts and durations: what a number counts, read from the noun after it.</summary>
internal static partial class SignalExtractor
{
    private static void ReadQuantity(Sentence s, Token[] t, ReadOnlySpan<ulong> masks, ReadOnlySpan<ulong> starts, Quantity q, List<Signal> output)
    {
        string text() => s.Slice(q.Start, q.End);
        if (q.Percent)
        {
            output.Add(new Signal(SignalKind.Percent, s.Part, s.Text, text(), q.Value));
            return;
        }
        if (q.Ratio)
        {
            output.Add(new Signal(SignalKind.Ratio, s.Part, s.Text, text(), q.Value));
            return;
        }
        if (q.Currency)
        {
            output.Add(Money(s, t, masks, q));
            return;
        }

        (CountCategory category, Tag unit, int noun, bool other) = FindNoun(t, masks, starts, q.End);
        if (unit != default && noun >= 0)
        {
            bool periodic = q.Start > 0 && t[q.Start - 1].Text is "per" or "every" or "each";
            bool experience = noun + 1 < t.Length && t[noun + 1].Text is "ago" or "old" or "later" ||
                              noun + 2 < t.Length && t[noun + 1].Text == "of" && t[noun + 2].Text == "experience" ||
                              RecordsSpan(t, noun) || AboutOthers(t, q.Start);
            if (!periodic && !experience && unit is not Tag.UnitMinute and not Tag.UnitHour && s.Part != StarPart.Situation)
            {
                output.Add(new Signal(SignalKind.Duration, s.Part, s.Text, s.Slice(q.Start, noun + 1), ToMonths(q.Value, UnitName(unit)), Inferred: q.Vague));
            }
            else if (unit is Tag.UnitMinute or Tag.UnitHour && s.Part == StarPart.Result && !q.Vague)
            {
                // "p99 was around four hundred milliseconds", "recovery now takes 20 minutes": a measure of the result, not a plan's length
                output.Add(new Signal(SignalKind.Measure, s.Part, s.Text, s.Slice(q.Start, noun + 1), q.Value));
            }
            return;
        }
        int of = q.Start - 1;
        while (of > 0 && t[of].Text is "~" or "≈" or "about" or "around" or "roughly" or "approximately" or "nearly" or "almost" or "over" or "some" or "just")
        {
            of--; // "a team of ~40", "an org of about 120"
        }
        if (category == CountCategory.None && q.End + 2 < t.Length && t[q.End].Text == "of" && t[q.End + 1].Text is "my" or "our" or "the" &&
            (starts[q.End + 2] & PeopleMask) != 0 || category == CountCategory.None && q.End + 3 < t.Length && t[q.End].Text == "of" &&
            t[q.End + 1].Text is "my" or "our" or "the" && t[q.End + 2].Kind == TokenKind.Word && (starts[q.End + 3] & PeopleMask) != 0)
        {
            // "four of my engineers", "two of our senior engineers": a share of the candidate's people
            noun = (starts[q.End + 2] & PeopleMask) != 0 ? q.End + 2 : q.End + 3;
            Relation share = t[q.End + 1].Text == "my" ? Relation.Led : Relation.Unstated;
            CountCategory whom = Has(starts[noun], Tag.CatManagers) ? CountCategory.Managers : CountCategory.Engineers;
            output.Add(new Signal(SignalKind.Count, s.Part, s.Text, s.Slice(q.Start, noun + 1), q.Value, Category: whom, Relation: share, Share: true));
            return;
        }
        if (category == CountCategory.None && of >= 1 && t[of].Text == "of" &&
            (Has(masks[of - 1], Tag.CatTeams) || t[of - 1].Text is "org" or "organization" or "organisation" or "staff" or "headcount" or "department"))
        {
            category = CountCategory.Engineers; // "a team of twelve", "an org of 120", "a headcount of 60"
            noun = q.End - 1;
        }
        else if (category == CountCategory.None && of >= 2 && t[of].Text is "was" or "is" or "were" && Has(masks[of - 1], Tag.CatTeams) &&
                 t[of - 2].Text is "my" or "our" && !q.Scaled)
        {
            category = CountCategory.Engineers; // "my team was 7: four engineers, two designers, one QA", "our team is 12"
            noun = q.End - 1;
        }
        else if (category == CountCategory.None && q.End + 1 < t.Length && t[q.End].Kind == TokenKind.Word && ReportsToMe(t, q.End + 1) >= 0)
        {
            category = CountCategory.DirectReports; // "8 Abteilungsleiter report to me": whoever reports to the candidate is led
            noun = q.End;
        }
        if (category == CountCategory.None)
        {
            if (BareAmount(t, q) && (q.Scaled || HasScaleWord(t, q)) &&
                (AnyNear(masks, q.Start, q.End, 4, Tag.MoneyContext) || AnyBefore(masks, q.Start, 3, Tag.RoleImpact) ||
                 AnyBefore(masks, q.Start, 3, Tag.RoleStakes) || AnyBefore(masks, q.Start, 3, Tag.RoleBudget) || PeriodAfter(t, masks, q.End)))
            {
                // "saved 30k a month", "cut 1.2 mil a year", "millions in revenue": an amount with no noun after it, by a money word;
                // "something like five million a year", as people say money aloud: a scaled amount by the year or month
                output.Add(Money(s, t, masks, q));
            }
            return;
        }
        if (q.Value is >= 1900 and <= 2100 && q.Value == Math.Floor(q.Value) && !q.Scaled)
        {
            return; // a year, not a count
        }
        if (category == CountCategory.Engineers && (SizesCompany(t, noun + 1) ||
                                                    (t[noun].Text is "employees" or "people" or "staff" or "persons" && CompanyBefore(t, q.Start) ||
                                                     t[noun].Text == "employees") && RelationOf(s.Text, t, masks, q.Start, noun, -1) != Relation.Led))
        {
            // "a 60 person company", "a game studio of ~1,100 people", "Company ~12k people", "(about 8,500 employees, $9B revenue)": the
            // employer's size, not people led or reached (but "a startup (eight engineers reported to me)", "the payments team at a food
            // delivery company (9 engineers)")
            return;
        }
        double count = q.Value;
        if (category == CountCategory.Teams && other)
        {
            count += 1; // "2 other teams" means three teams with mine
        }
        string match = s.Slice(q.Start, noun + 1);
        Relation relation = RelationOf(s.Text, t, masks, q.Start, noun, of >= 1 && t[of].Text == "of" ? of - 1 : -1);
        if (relation == Relation.Unstated && category is CountCategory.Engineers or CountCategory.Managers or CountCategory.DirectReports or CountCategory.Teams &&
            JoinedToLedCount(t, starts, q.Start, output, s.Text) >= 0)
        {
            relation = Relation.Led; // "a working group of 6 managers and about 60 engineers across 9 teams": one led group, counted three ways
        }
        if (relation == Relation.Led && category is CountCategory.Engineers or CountCategory.Managers or CountCategory.DirectReports &&
            JoinedToLedCount(t, starts, q.Start, output, s.Text, unstated: true) is var earlier and >= 0)
        {
            output[earlier] = output[earlier] with { Relation = Relation.Led }; // "five managers and two principal engineers reported to me"
        }
        // "three engineers from my team", "two people on my team": a share of the candidate's team, which is larger; and people the
        // candidate moves between pieces of work ("I pulled two engineers off a lower-priority project") are theirs to move
        bool fromMyTeam = category is CountCategory.Engineers && (noun + 3 < t.Length && t[noun + 1].Text is "from" or "on" or "in" &&
                     t[noun + 2].Text == "my" && Has(masks[noun + 3], Tag.CatTeams) || Redeployed(t, q.Start));
        output.Add(new Signal(SignalKind.Count, s.Part, s.Text, match, count, Category: category, Inferred: q.Vague, Relation: fromMyTeam ? Relation.Led : relation,
            Share: fromMyTeam));
        if (category == CountCategory.Hires ||
            (category is CountCategory.Engineers or CountCategory.Managers && HireBefore(t, masks, q.Start, 5)))
        {
            output.Add(new Signal(SignalKind.Hiring, s.Part, s.Text, s.Slice(Math.Max(0, q.Start - 2), noun + 1), q.Value));
        }
    }

    private static (CountCategory Category, Tag Unit, int Noun, bool Other) FindNoun(Token[] t, ReadOnlySpan<ulong> masks, ReadOnlySpan<ulong> starts, int from)
    {
        bool other = false;
        int k = from;
        // "18-month": the dash sits between the number and the unit
        if (k < t.Length && t[k].Kind == TokenKind.Symbol && t[k].Text == "-" && k + 1 < t.Length && (starts[k + 1] & (UnitMask | CategoryMask | PersonMask)) != 0)
        {
            k++;
        }
        for (int steps = 0; k < t.Length && steps < 4; k++, steps++)
        {
            ulong m = starts[k];
            if ((m & CategoryMask) != 0)
            {
                foreach (CountCategory c in CategoryOrder)
                {
                    if (Has(m, CategoryTag(c)))
                    {
                        int end = k + PhraseTail(t, masks, k, CategoryTag(c));
                        // the last noun of a compound names what is counted: "12 team members" are people, not teams
                        if (end + 1 < t.Length && (starts[end + 1] & PeopleMask) != 0 && c is CountCategory.Teams or CountCategory.Services or CountCategory.Users)
                        {
                            return (Has(starts[end + 1], Tag.CatManagers) ? CountCategory.Managers : CountCategory.Engineers, default, end + 1, other);
                        }
                        return (c, default, end, other);
                    }
                }
            }
            if ((m & UnitMask) != 0)
            {
                foreach (Tag unit in (ReadOnlySpan<Tag>)[Tag.UnitYear, Tag.UnitMonth, Tag.UnitQuarter, Tag.UnitWeek, Tag.UnitSprint, Tag.UnitDay, Tag.UnitHour, Tag.UnitMinute])
                {
                    if (Has(m, unit))
                    {
                        return (CountCategory.None, unit, k, other);
                    }
                }
            }
            if (t[k].Kind != TokenKind.Word || t[k].Text is "of" or "the" or "in" or "to" or "and" or "for" or "with" or "from" or "by" or "at"
                or "on" or "per" or "a" or "an" or "that" or "who" or "which" or "across" or "over" or "into" or "than" or "was" or "were" or "is" or "are"
                or "within" || k > from && Numbers.IsNumberWord(t[k].Text))
            {
                break; // another number starts its own quantity: "ninety-nine point nine five within two quarters"
            }
            if (Has(m, Tag.OtherModifier))
            {
                other = true;
            }
        }
        return (CountCategory.None, default, -1, other);
    }

    /// <summary>How many more tokens a multi-word category phrase ("business units", "direct reports") covers.</summary>
    private static int PhraseTail(Token[] t, ReadOnlySpan<ulong> masks, int k, Tag tag)
    {
        int tail = 0;
        while (k + tail + 1 < t.Length && Has(masks[k + tail + 1], tag) && tail < 3)
        {
            tail++;
        }
        return tail;
    }

    /// <summary>
    /// Whose a count is. Led: a lead or hire verb before it ("led 45 engineers", "hired 13"), "my" before it, a team the
    /// candidate leads ("led a team of 6"), or "reporting to me" after it. Served: a verb of use around it ("served 350+
    /// engineers", "40 engineers across the organisation use it", "three teams adopted it"), or the customers named as them.
    /// </summary>
    private static Relation RelationOf(string sentence, Token[] t, ReadOnlySpan<ulong> masks, int start, int noun, int teamOf)
    {
        int lead = LeadBefore(t, start, 6);
        if (lead < 0 && teamOf >= 0)
        {
            lead = LeadBefore(t, teamOf, 4); // "led a team of 6 engineers"
        }
        if (lead < 0 && IntoBefore(t, start, 6) is var into and >= 0 && LeadBefore(t, into, 8) is var reshaped and >= 0 && IsReshapeVerb(t[reshaped].Text))
        {
            lead = reshaped; // "restructured three loose project teams into a platform group of 11 teams": what the candidate made of them
        }
        if (lead >= 0 && CompanyBetween(sentence, t[lead].End, t[start].Start))
        {
            lead = -1; // "I lead checkout at a retailer, 900 engineers in total": the company's headcount
        }
        if (lead >= 0 && !Between(t, lead, start, "for", "by", "to", "with") || HireBefore(t, masks, start, 5) ||
            start > 0 && IsInfluenceVerb(t[start - 1].Text) ||
            start > 0 && t[start - 1].Text is "my" || start > 1 && t[start - 2].Text is "my" && t[start - 1].Kind == TokenKind.Word ||
            HadBefore(t, start) || // "I had three teams", "I have about 160 engineers"
            ScaledTo(t, start) || // "2021-2022: scaled to 12 teams, about 130 engineers"
            start > 2 && t[start - 1].Text is "was" or "is" && t[start - 3].Text == "my" && OwnUnit(t, masks, start - 2) || // "my org was 6 teams"
            // "it's me and two other engineers", "four of us, me plus three engineers": the team
            start > 2 && t[start - 1].Text is "and" or "+" or "plus" && t[start - 2].Text == "me" &&
                t[start - 3].Text is "it's" or "it’s" or "is" or "was" or "(" or ":" or "just" or "," or "so" ||
            After(t, noun, 4, "me") && Near(t, noun + 1, 4, "reporting", "reported", "report", "under") && !NoneOf(t, start))
        {
            return Relation.Led;
        }
        return AnyBefore(masks, start, 4, Tag.Adoption) || AnyNear(masks, noun + 1, noun + 1, 5, Tag.Adoption) && !AnyBefore(masks, start, 2, Tag.FirstPerson) ||
               CustomersAre(t, masks, start)
            ? Relation.Served : Relation.Unstated;
    }

    /// <summary>"I went through 18 months of invoices", "six weeks of sequence-gap logs": the span of the records read, not how long
    /// the work ran.</summary>
    private static bool RecordsSpan(Token[] t, int noun)
    {
        int k = noun + 2;
        if (k >= t.Length || t[noun + 1].Text != "of")
        {
            return false;
        }
        if (k + 1 < t.Length && (t[k].Hyphenated || t[k].Text is "raw" or "captured" or "historical" or "old" or "production" or "past"))
        {
            k++; // one word that says which records
        }
        return t[k].Text is "invoices" or "logs" or "history" or "records" or "transactions" or "tickets" or "incidents" or "alerts" or "pages"
            or "metrics" or "traces" or "bills" or "statements" or "claims" or "orders" or "commits" or "postmortems" or "emails" or "recordings";
    }

    /// <summary>"I pulled two engineers off", "I moved three engineers onto": the candidate moves people between pieces of work.</summary>
    private static bool Redeployed(Token[] t, int start) =>
        start > 1 && t[start - 1].Text is "pulled" or "moved" or "reassigned" or "redeployed" or "shifted" && SubjectI(t, start - 1);

    /// <summary>"I had three teams", "now I have about 160 engineers": "I" with "had" or "have" just before the count, past words of degree.</summary>
    private static bool HadBefore(Token[] t, int start)
    {
        int k = start - 1;
        while (k > 1 && t[k].Text is "about" or "around" or "roughly" or "nearly" or "almost" or "over" or "some" or "~" or "≈")
        {
            k--;
        }
        return k > 0 && t[k].Text is "had" or "have" && t[k - 1].Text == "i";
    }

    /// <summary>"Team", "org", "department": a unit one leads, named after "my" ("my org was 6 teams"; not "my company was 500 people").</summary>
    private static bool OwnUnit(Token[] t, ReadOnlySpan<ulong> masks, int k) =>
        Has(masks[k], Tag.CatTeams) || (Lexicon.RoleMarkOf(t[k].Id) & Lexicon.RoleMark.Organisation) != 0;

    /// <summary>"Into" within the clause before <paramref name="start"/>.</summary>
    private static int IntoBefore(Token[] t, int start, int window)
    {
        for (int k = start - 1; k >= Math.Max(0, start - window) && t[k].Kind == TokenKind.Word; k--)
        {
            if (t[k].Text == "into")
            {
                return k;
            }
        }
        return -1;
    }

    /// <summary>Lead verbs of reshaping units the candidate leads: "restructured", "reorganised", "split", "merged".</summary>
    private static bool IsReshapeVerb(string word) => word is "restructured" or "reorganized" or "reorganised" or "split" or "merged";

    /// <summary>"A year", "per month", "annually" right after an amount, and not "a year later" or "a year ago".</summary>
    private static bool PeriodAfter(Token[] t, ReadOnlySpan<ulong> masks, int at)
    {
        const ulong periods = 1UL << (int)Tag.PeriodAnnual | 1UL << (int)Tag.PeriodMonthly | 1UL << (int)Tag.PeriodQuarterly;
        if (at >= t.Length || (masks[at] & periods) == 0)
        {
            return false;
        }
        int k = at;
        while (k < t.Length && (masks[k] & periods) != 0)
        {
            k++;
        }
        return !(k < t.Length && t[k].Text is "later" or "ago" or "after" or "earlier" or "before" or "old" or "into");
    }

    /// <summary>"Our customers are ~300 product engineers", "users: 40 engineers": the count names who the work serves.</summary>
    private static bool CustomersAre(Token[] t, ReadOnlySpan<ulong> masks, int start)
    {
        for (int k = start - 1; k >= Math.Max(1, start - 3); k--)
        {
            if (t[k].Text is "are" or "were" or "include" or "included" or ":")
            {
                return Has(masks[k - 1], Tag.CatUsers);
            }
            if (t[k].Kind == TokenKind.Word && t[k].Text is not ("about" or "around" or "roughly" or "some" or "nearly" or "over"))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The count at <paramref name="start"/> follows a led headcount of this sentence, joined to its noun by "and", a
    /// comma, a bracket, "in" or "across": "6 managers and about 60 engineers", "60 engineers across 9 teams", "160 engineers in 12
    /// teams", "6 teams (~70 engineers)".</summary>
    /// <returns>The index in <paramref name="output"/> of the count joined before this one, when it is led (or, with
    /// <paramref name="unstated"/>, when its relation is not yet known and it counts people); otherwise -1.</returns>
    private static int JoinedToLedCount(Token[] t, ReadOnlySpan<ulong> starts, int start, List<Signal> output, string sentence, bool unstated = false)
    {
        int j = start - 1;
        // words of degree, and the fillers of a spoken answer: "three teams, um, a bit over twenty engineers"
        while (j >= 0 && (t[j].Text is "about" or "around" or "roughly" or "nearly" or "some" or "~" or "≈" or "over" or "almost" or "just"
                   or "bit" or "little" or "a" or "um" or "uh" or "er" or "like" ||
               t[j].Text == "," && j > 0 && t[j - 1].Text is "um" or "uh" or "er" or "like"))
        {
            j--;
        }
        const ulong Nouns = PeopleMask | 1UL << (int)Tag.CatDirectReports | 1UL << (int)Tag.CatTeams;
        // the joint follows a noun, or "report to me": "8 Abteilungsleiter report to me and around 230 engineers"
        if (j < 1 || t[j].Text is not ("and" or "," or "across" or "(" or "in") ||
            (starts[j - 1] & Nouns) == 0 && !(j >= 3 && ReportsToMe(t, j - 3, directly: false) == j - 1))
        {
            return -1;
        }
        for (int k = output.Count - 1; k >= 0 && output[k].Sentence == sentence; k--)
        {
            if (output[k].Kind == SignalKind.Count)
            {
                bool match = unstated
                    ? output[k] is { Relation: Relation.Unstated, Category: CountCategory.Engineers or CountCategory.Managers or CountCategory.DirectReports }
                    : output[k].Relation == Relation.Led;
                return match ? k : -1;
            }
        }
        return -1;
    }

    /// <summary>A time inside a clause about other people ("managers who had run mobile teams for 2-3 years") is theirs, not the plan's.</summary>
    private static bool AboutOthers(Token[] t, int start)
    {
        for (int k = start - 1; k >= 0 && t[k].Text is not ("," or ";" or ":" or "(" or "—" or "–"); k--)
        {
            if (t[k].Text is "who" or "whose")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The nearest verb that makes the candidate the leader ("led", "managed", "ran", "coordinating") within the window before;
    /// not someone else's ("who also managed") or a wish ("I want to lead a team").</summary>
    internal static int LeadBefore(Token[] t, int start, int window)
    {
        for (int k = start - 1; k >= Math.Max(0, start - window); k--)
        {
            if (IsLeadVerb(t[k].Text) && !(k > 0 && t[k - 1].Text is "he" or "she" or "they" or "who" or "which" or "team" or "tech" or "the" or "a") &&
                !(k > 1 && t[k - 1].Text is "also" or "then" or "still" or "already" or "previously" && t[k - 2].Text is "he" or "she" or "they" or "who") &&
                !(k > 1 && t[k - 1].Text == "to" && t[k - 2].Text is "want" or "wanted" or "like" or "hope" or "hoping" or "aspire" or "ready" or "keen"
                    or "eager" or "plan" or "planning"))
            {
                return NegatedBefore(t, k) ? -1 : k; // "I don't manage any of those teams"
            }
            if (t[k].Text == "together" && k > 0 && t[k - 1].Text is "pulled" or "brought" or "put")
            {
                return k; // "I pulled together 9 teams, roughly 85 engineers": assembled for the candidate's programme, like "assembled"
            }
            if (t[k].Text == "over" && k > 0 && t[k - 1].Text is "took" or "taken" or "taking" or "take" && SubjectI(t, k))
            {
                return k; // "I had taken over a struggling platform org of seven teams": inherited, like "inherited" (not "my director took over")
            }
        }
        return -1;
    }

    /// <summary>Verbs of leading people, not of working beside them: "led", "managed", "ran", "headed", "coordinated", and the
    /// words other writers use for the same thing ("spearheaded", "orchestrated", "supervised", "steered", "chaired").</summary>
    internal static bool IsLeadVerb(string word) => word is "led" or "lead" or "leading" or "leads" or "managed" or "manage" or "managing" or "manages"
        or "ran" or "run" or "running" or "runs" or "headed" or "heading" or "directed" or "directing" or "oversaw" or "oversee" or "overseeing"
        or "coordinated" or "coordinating" or "mobilized" or "mobilised" or "rallied" or "reorganized" or "reorganised" or "restructured"
        or "split" or "merged" or "spearheaded" or "spearheading" or "orchestrated" or "orchestrating" or "supervised" or "supervising"
        or "steered" or "steering" or "chaired" or "chairing" or "organized" or "organised" or "organizing" or "organising" or "assembled"
        or "inherited" or "inheriting" or "formed" or "forming" or "responsible";

    /// <summary>Verbs of developing people, which the guide counts as people influenced: "trained 12 engineers".</summary>
    private static bool IsInfluenceVerb(string word) => word is "trained" or "training" or "mentored" or "mentoring" or "coached" or "coaching"
        or "upskilled" or "onboarded" or "grew";

    private static bool Between(Token[] t, int from, int to, params string[] words)
    {
        // the "for" of "responsible for a team which had 8 members" belongs to the verb
        for (int k = from + 1 + (t[from].Text == "responsible" && from + 1 < to && t[from + 1].Text == "for" ? 1 : 0); k < to; k++)
        {
            if (words.Contains(t[k].Text))
            {
                return true;
            }
        }
        return false;
    }

    private static bool After(Token[] t, int from, int window, string word)
    {
        for (int k = from + 1; k < Math.Min(t.Length, from + 1 + window); k++)
        {
            if (t[k].Text == word)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Near(Token[] t, int from, int window, params string[] words)
    {
        for (int k = from; k < Math.Min(t.Length, from + window); k++)
        {
            if (words.Contains(t[k].Text))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyNear(ReadOnlySpan<ulong> masks, int start, int end, int window, Tag tag)
    {
        for (int k = Math.Max(0, start - window); k < Math.Min(masks.Length, end + window); k++)
        {
            if (Has(masks[k], tag))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A word of hiring in the window before, used as a verb ("hired 12 engineers", "onboarded 7"), not naming a thing
    /// ("the onboarding squad (7 engineers)", "the hiring pipeline", "a hiring manager").</summary>
    private static bool HireBefore(Token[] t, ReadOnlySpan<ulong> masks, int start, int window)
    {
        for (int k = Math.Max(0, start - window); k < start; k++)
        {
            if (Has(masks[k], Tag.HireVerb) &&
                !(k + 1 < t.Length && (Has(masks[k + 1], Tag.CatTeams) || t[k + 1].Text is "process" or "flow" or "funnel" or "pipeline" or "plan" or "manager"
                    or "managers" or "committee" or "bar" or "loop" or "loops" or "experience" or "journey" or "docs" or "guide" or "program" or "programme")))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyBefore(ReadOnlySpan<ulong> masks, int start, int window, Tag tag)
    {
        for (int k = Math.Max(0, start - window); k < start; k++)
        {
            if (Has(masks[k], tag))
            {
                return true;
            }
        }
        return false;
    }

    private static string UnitName(Tag unit) => unit switch
    {
        Tag.UnitYear => "year",
        Tag.UnitMonth => "month",
        Tag.UnitQuarter => "quarter",
        Tag.UnitWeek => "week",
        Tag.UnitSprint => "sprint",
        _ => "day",
    };

    private static double ToMonths(double n, string unit) => unit.TrimEnd('s') switch
    {
        "year" or "yr" => n * 12,
        "quarter" => n * 3,
        "month" or "mo" => n,
        "week" or "wk" => n / 4.33,
        "sprint" => n * 0.5,
        _ => n / 30,
    };
}
