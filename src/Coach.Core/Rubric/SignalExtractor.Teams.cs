namespace Coach.Core.Rubric;

/// <summary>Teams: which "team" a sentence names is the candidate's own, which one they worked with, and which they lead.</summary>
internal static partial class SignalExtractor
{
    private static readonly HashSet<string> OwnTeamWords =
    [
        "my", "our", "the", "a", "an", "own", "whole", "entire", "same", "this", "that", "new", "his", "her", "their", "your", "one", "small",
        "leadership", "executive", "exec", "management", "senior", "s-team", "core", "engineering", "dev", "development", "product", "scrum",
        "agile", "founding", "great", "strong", "full", "combined", "merged", "single", "virtual", "tiger", "whose", "each", "every", "his", "its",
        // a word before "team" that is no team's name: "into team meetings", "across team boundaries"
        "into", "in", "on", "for", "to", "from", "by", "at", "across", "and", "or", "per", "within", "between", "among",
    ];

    /// <summary>A word that can name a team: not "my", "other", "two" or a preposition.</summary>
    private static bool TeamName(Token[] t, ReadOnlySpan<ulong> masks, int k) =>
        k >= 0 && t[k].Kind == TokenKind.Word && !OwnTeamWords.Contains(t[k].Text) && !Has(masks[k], Tag.OtherModifier) && !Numbers.IsNumberWord(t[k].Text);

    /// <summary>A joint in a list of team names before the plural "teams": "payments and search teams", "payments, search
    /// and fraud teams"; <paramref name="joint"/> is the "and", "or" or comma, with a name before it.</summary>
    private static bool ListJoint(Token[] t, ReadOnlySpan<ulong> masks, int joint) =>
        joint >= 1 && t[joint].Text is "and" or "or" or "," && TeamName(t, masks, joint - 1);

    /// <summary>"I was a senior engineer on the search team", "I joined the payments team", "I'm part of the data team", "we're the
    /// notifications team": a team
    /// the candidate belongs to, named after "the" (which elsewhere names a team worked with). Not "the search team's API".</summary>
    private static bool OwnMembership(Token[] t, int team)
    {
        if (team < 3 || t[team - 2].Text != "the" || team + 1 < t.Length && t[team + 1].Text is "'s" or "’s" or "'" or "’")
        {
            return false;
        }
        string before = t[team - 3].Text;
        string twoBefore = team >= 4 ? t[team - 4].Text : "";
        if (before == "we're" || before is "are" or "were" && twoBefore == "we")
        {
            return true; // "We're the notifications team, five engineers": the team the candidate speaks for
        }
        bool member = before is "joined" or "rejoined" ||
            before is "on" or "in" && twoBefore is "was" or "am" or "were" or "i'm" or "been" or "engineer" or "developer" or "member" or "intern"
                or "designer" or "architect" or "sde" or "scientist" or "analyst" or "contractor" ||
            before == "of" && twoBefore is "member" or "part";
        for (int k = team - 3; member && k >= Math.Max(0, team - 10); k--)
        {
            if (t[k].Text is "," or ";")
            {
                break;
            }
            if (t[k].Text is "i" or "i'm")
            {
                return true; // the candidate's own membership, in the same clause
            }
        }
        return false;
    }

    /// <summary>"As the EM for the 8-person mobile team", "engineering manager of the payments team": the team the candidate's own
    /// title names is the candidate's, not a team worked with. A comma or "with" between them ends the title's reach.</summary>
    private static bool TitleOver(Token[] t, ReadOnlySpan<ulong> starts, int team)
    {
        for (int k = team - 1; k >= Math.Max(0, team - 8); k--)
        {
            if (t[k].Text is "," or ";" or "with" or "and" or "alongside" or "beside")
            {
                return false;
            }
            if (Has(starts[k], Tag.LeadTitle))
            {
                return OwnTitle(t, k);
            }
        }
        return false;
    }

    /// <summary>"As the EM for the 8-person mobile team", "I was the director for search, with four engineering managers and 48
    /// engineers": a headcount that follows the candidate's own title in its sentence is the team or organisation they lead.</summary>
    /// <param name="headsEngineering">The title heads the company's engineering ("Director of Engineering", "VP Engineering", "CTO"):
    /// the engineers counted after the company is named are the candidate's ("Director of Engineering at an online grocer, about 130
    /// engineers in 11 teams"), unless they are a total of the company's people.</param>
    private static void LeadCountsAfterTitle(List<Signal> output, int from, string sentence, int titleEnd, bool headsEngineering)
    {
        List<(int Start, int End)>? led = null;
        for (int k = from; k < output.Count; k++)
        {
            if (output[k] is { Kind: SignalKind.Count, Category: CountCategory.Engineers or CountCategory.DirectReports or CountCategory.Managers,
                    Relation: Relation.Unstated or Relation.Led } count &&
                sentence.IndexOf(count.Match, titleEnd, StringComparison.Ordinal) is var c and >= 0 && c - titleEnd <= 100 &&
                !(CompanyBetween(sentence, titleEnd, c) && !(headsEngineering && !CompanyTotal(sentence, c))))
            {
                output[k] = count with { Relation = Relation.Led };
                (led ??= []).Add((c, c + count.Match.Length));
            }
        }
        // "nine teams and about 110 engineers", "110 engineers across nine teams": the teams joined to a headcount led are led too
        for (int k = from; led is not null && k < output.Count; k++)
        {
            if (output[k] is { Kind: SignalKind.Count, Category: CountCategory.Teams, Relation: Relation.Unstated } teams &&
                sentence.IndexOf(teams.Match, titleEnd, StringComparison.Ordinal) is var c and >= 0 &&
                led.Any(p => Joined(sentence, c + teams.Match.Length, p.Start) || Joined(sentence, p.End, c)))
            {
                output[k] = teams with { Relation = Relation.Led };
            }
        }
    }

    /// <summary>The title at <paramref name="start"/> heads a company's engineering: "Director of Engineering", "VP Engineering", "CTO".</summary>
    private static bool HeadsEngineering(Token[] t, int start, int length)
    {
        bool engineering = false, head = false;
        for (int k = start; k < start + length; k++)
        {
            engineering |= t[k].Text is "engineering" or "technology" or "cto";
            head |= t[k].Text is "director" or "vp" or "head" or "chief" or "svp" or "evp" or "cto";
        }
        return engineering && head;
    }

    /// <summary>"The tech lead of a three-person squad at a startup, about 60 people in total": after the company is named (by
    /// a word for one, or "at a ..." with a headcount of employees or a total), a headcount is the company's, not the team's.</summary>
    private static bool CompanyBetween(string sentence, int from, int to)
    {
        ReadOnlySpan<char> between = sentence.AsSpan(from, to - from);
        if (TextScan.ContainsAny(between, CompanyWords))
        {
            return true;
        }
        // "an EM at a payroll SaaS in Toronto, about 250 engineers total", "at a parcel carrier (about 1,100 employees", but not
        // "the payments team at a fintech (8 engineers)"
        if (!between.Contains(" at a", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return CompanyTotal(sentence, to);
    }

    /// <summary>The headcount at <paramref name="at"/> counts a whole company: "about 1,100 employees", "250 engineers total".</summary>
    private static bool CompanyTotal(string sentence, int at)
    {
        ReadOnlySpan<char> after = sentence.AsSpan(at, Math.Min(40, sentence.Length - at));
        int space = after.IndexOf(' ');
        ReadOnlySpan<char> rest = space < 0 ? [] : after[(space + 1)..];
        return rest.StartsWith("employees", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("people", StringComparison.OrdinalIgnoreCase) ||
               rest.StartsWith("staff", StringComparison.OrdinalIgnoreCase) || rest.Contains("total", StringComparison.OrdinalIgnoreCase) ||
               rest.Contains("overall", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Words that name the candidate's employer rather than a unit of it.</summary>
    private static readonly string[] CompanyWords =
        ["company", "startup", "start-up", "scale-up", "scaleup", "firm", "business", "employer", "agency", "bank", "retailer"];

    /// <summary>A word of <see cref="CompanyWords"/>, or "studio" or "consultancy", standing alone as a word of the sentence.</summary>
    private static bool IsEmployerWord(string word) => Array.IndexOf(CompanyWords, word) >= 0 || word is "studio" or "consultancy";

    /// <summary>The words from <paramref name="from"/> on name an employer the count before them sizes: "a 60-person logistics
    /// software company", "a 200 person studio" (not "a 12-person team at a company").</summary>
    private static bool SizesCompany(Token[] t, int from)
    {
        for (int k = from; k < Math.Min(t.Length, from + 4) && t[k].Kind == TokenKind.Word; k++)
        {
            if (k > from && t[k - 1].Text == "series" && t[k].Text.Length == 1)
            {
                continue; // "a 12-person Series A fintech startup"
            }
            if (IsEmployerWord(t[k].Text))
            {
                // "a 300-person business unit" is a unit
                return !(t[k].Text == "business" && k + 1 < t.Length && t[k + 1].Text is "unit" or "units" or "line" or "lines");
            }
            // only the words that describe the employer stand between: not "80 engineers plus partner company members" or "120
            // engineers across the five business units"
            if ((Lexicon.RoleMarkOf(t[k].Id) & Lexicon.RoleMark.Organisation) != 0 || t[k].Text is "team" or "teams" or "at" or "in" or "of" or "and"
                    or "or" or "plus" or "with" or "including" or "from" or "across" or "for" or "to" or "on" or "under" or "over" or "between"
                    or "the" or "a" or "an" or "my" or "our" or "who" or "that" or "which")
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>A company word just before the count, past "of", a bracket and words of degree: "a game studio of ~1,100 people",
    /// "Company ~12k people", "a streaming company (about 8,500 employees"; or brackets that describe the company
    /// (<see cref="DescribesCompany"/>).</summary>
    private static bool CompanyBefore(Token[] t, int start)
    {
        for (int k = start - 1; k >= Math.Max(0, start - 4); k--)
        {
            if (IsEmployerWord(t[k].Text))
            {
                return true;
            }
            if (t[k].Text is not ("of" or "(" or "~" or "≈" or "about" or "around" or "roughly" or "approximately" or "nearly" or "over" or "some"))
            {
                return DescribesCompany(t, start);
            }
        }
        return DescribesCompany(t, start);
    }

    /// <summary>The count stands in brackets that describe the company named just before them: "a travel-tech scale-up in Amsterdam
    /// (hotels and apartments, ~900 people)".</summary>
    private static bool DescribesCompany(Token[] t, int start)
    {
        for (int k = start - 1; k >= Math.Max(0, start - 10); k--)
        {
            if (t[k].Text == ")")
            {
                return false;
            }
            if (t[k].Text == "(")
            {
                // only the company's own words before the bracket: "a scale-up in Amsterdam (", not "a studio, 4 teams ("
                for (int c = k - 1; c >= Math.Max(0, k - 4) && t[c].Kind == TokenKind.Word && Lexicon.RoleMarkOf(t[c].Id) == 0; c--)
                {
                    if (IsEmployerWord(t[c].Text))
                    {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /// <summary>Words between a lead verb and a team that make it one worked beside, not led (<see cref="WorkedBeside"/>, or an "and"
    /// that starts a new clause).</summary>
    private static bool WorkedBesideBetween(Token[] t, int from, int to) => Between(t, from, to, WorkedBeside) || ClauseAndBetween(t, from, to);

    /// <summary>An "and" that starts a new clause between a lead verb and a team ("I led the rollout and the billing team moved
    /// first"), not one inside the team's name ("managing the PKI and secrets team"). A comma before it is a break of its own.</summary>
    private static bool ClauseAndBetween(Token[] t, int from, int to)
    {
        for (int k = from + 1; k < to; k++)
        {
            if (t[k].Text == "and" && (k + 1 >= to || t[k + 1].Text is "the" or "a" or "an" or "our" or "their" or "his" or "her" or "its" or "we"
                    or "they" or "i" or "he" or "she" or "then" or "other" or "another"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Only joining words lie between two counts: "nine teams and about 110", "110 engineers across nine".</summary>
    private static bool Joined(string sentence, int from, int to)
    {
        if (to < from || to - from > 24)
        {
            return false;
        }
        foreach (string word in sentence[from..to].Split([' ', ',', '*', '_', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word is not ("and" or "across" or "in" or "about" or "around" or "roughly" or "some" or "nearly" or "~" or "of" or "with" or "over"))
            {
                return false;
            }
        }
        return true;
    }
}
