using System.Collections.Frozen;

namespace Coach.Core.Rubric;

/// <summary>Whose role the words name: the candidate's own title (a manager's, a tech lead's, an individual contributor's),
/// someone else's, and the team or organisation the candidate leads.</summary>
internal static partial class SignalExtractor
{
    /// <summary>An individual's own words for their role: a title a few words after "as", "was", "am", "I'm" or "became", "my
    /// internship", "nobody reported to me" (the lexicon marks these words by id, so a token costs one array read).</summary>
    private static void ReadIndividualRole(Sentence s, Token[] t, List<Signal> output)
    {
        // "anager": a vectorised search of the sentence first, so the words are walked only where "manager" is written
        if (s.Text.Contains("anager", StringComparison.Ordinal) && NotAManager(t) is var not and >= 0)
        {
            output.Add(new Signal(SignalKind.IndividualRole, s.Part, s.Text, s.Slice(not, Math.Min(t.Length, not + 4))));
        }
        for (int i = 0, checkedTo = -1; i < t.Length; i++)
        {
            Lexicon.RoleMark mark = Lexicon.RoleMarkOf(t[i].Id);
            if (mark == Lexicon.RoleMark.None)
            {
                continue;
            }
            if ((mark & Lexicon.RoleMark.NoReports) != 0 && NoReports(t, i) is var none and >= 0)
            {
                output.Add(new Signal(SignalKind.IndividualRole, s.Part, s.Text, s.Slice(none, i + 1)));
            }
            if ((mark & Lexicon.RoleMark.Internship) != 0 && IndividualTitle(t, i) is var intern and >= 0)
            {
                output.Add(new Signal(SignalKind.IndividualRole, s.Part, s.Text, s.Slice(intern, i + 1)));
            }
            if ((mark & Lexicon.RoleMark.IndividualTitle) != 0 && i <= 3 && IndividualTitle(t, i, opening: s.Index == 0) == 0)
            {
                // "SDE II here, trying to make the jump to SDM", "Senior data scientist at a home goods retailer.": no "as" or "I was"
                // before it
                output.Add(new Signal(SignalKind.IndividualRole, s.Part, s.Text,
                    s.Slice(0, i + 1 + (i + 1 < t.Length && t[i + 1].Text is "ii" or "iii" or "i" or "1" or "2" or "3" ? 1 : 0))));
                checkedTo = i;
            }
            if ((mark & Lexicon.RoleMark.Anchor) == 0)
            {
                continue;
            }
            for (int j = Math.Max(i + 1, checkedTo + 1); j < Math.Min(t.Length, i + 6); j++, checkedTo = j - 1)
            {
                if ((Lexicon.RoleMarkOf(t[j].Id) & Lexicon.RoleMark.IndividualTitle) != 0 && IndividualTitle(t, j) is var from and >= 0)
                {
                    output.Add(new Signal(SignalKind.IndividualRole, s.Part, s.Text,
                        s.Slice(from, j + 1 + (j + 1 < t.Length && t[j + 1].Text is "ii" or "iii" or "i" or "1" or "2" or "3" ? 1 : 0))));
                }
            }
        }
    }

    /// <summary>"My organisation is roughly 140 engineers in 14 teams": beside a manager's title of one's own (in this sentence or
    /// before it), "my organisation" is the one led; beside an executive's title, so is "Engineering was 14 people".</summary>
    private static void ReadMyOrganisation(Token[] t, List<Signal> output, int sentenceStart)
    {
        // "I was CTO at a 45-person company. Engineering was 14 people in three squads.": the engineering an executive heads
        if (t.Length > 2 && t[0].Text == "engineering" && t[1].Text is "was" or "is" &&
            output.Exists(o => o.Kind == SignalKind.Leadership && RoleReader.IsExecutiveTitle(o.Match)))
        {
            LeadCountsSince(output, sentenceStart, organisation: true);
            return;
        }
        for (int i = 1; i < t.Length; i++)
        {
            if ((Lexicon.RoleMarkOf(t[i].Id) & Lexicon.RoleMark.Organisation) != 0 && t[i - 1].Text == "my")
            {
                if (output.Exists(o => o.Kind == SignalKind.Leadership && NamesManager(o.Match)))
                {
                    LeadCountsSince(output, sentenceStart, organisation: true);
                }
                break;
            }
        }
    }

    /// <summary>"I lead ledger and settlements at a payments company, six managers and about 65 engineers across seven teams", "I run
    /// data: 4 EMs, 40 engineers": a sentence that opens with the candidate leading something, then gives a headcount that starts
    /// with managers, names the organisation led. (A company is not sized by its managers, so the company named between does not
    /// make the counts its own.)</summary>
    private static void ReadLedHeadcount(Sentence s, Token[] t, List<Signal> output, int sentenceStart)
    {
        int verb = t.Length > 2 && t[0].Text == "i" ? 1 : OpeningThenI(t);
        if (verb < 0 || !(RunsAUnit(t[verb].Text) || t[verb].Text is "lead" or "led" or "own" or "owned"))
        {
            return;
        }
        int joint = Array.FindIndex(t, verb + 1, w => w.Text is "," or ":" or "(" or "-");
        if (joint < 0)
        {
            return;
        }
        int after = t[joint].End;
        (Signal? first, int firstAt) = FirstCountAfter(s, output, sentenceStart, after);
        if (first is { Category: CountCategory.Managers or CountCategory.DirectReports, Relation: Relation.Unstated } && firstAt - after <= 12)
        {
            LeadCountsSince(output, sentenceStart, organisation: true);
        }
        else if (RunsAUnit(t[verb].Text) || t[verb].Text is "lead" or "led" && LeadsAUnit(t, verb, joint))
        {
            ReadManagedAtCompany(s, t, output, sentenceStart, verb);
        }
        else if (t[verb].Text is "own" or "owned" && t[joint].Text == "(" &&
                 first is { Category: CountCategory.Engineers, Relation: Relation.Unstated } && firstAt - after <= 6)
        {
            LeadCountsSince(output, sentenceStart); // "i own the inventory svc (6 engs)": the service's team, sized in brackets
        }
    }

    /// <summary>The count of this sentence (signals from <paramref name="sentenceStart"/> on) written first at or after the character
    /// <paramref name="after"/>, and where it stands; none and <see cref="int.MaxValue"/> when there is none.</summary>
    private static (Signal? First, int At) FirstCountAfter(Sentence s, List<Signal> output, int sentenceStart, int after)
    {
        Signal? first = null;
        int firstAt = int.MaxValue;
        for (int k = sentenceStart; k < output.Count; k++)
        {
            if (output[k] is { Kind: SignalKind.Count } count && s.Text.IndexOf(count.Match, after, StringComparison.Ordinal) is var at and >= 0 && at < firstAt)
            {
                first = count;
                firstAt = at;
            }
        }
        return (first, firstAt);
    }

    /// <summary>"I manage the shipping label service at a parcel logistics company, a team of 9 engineers", "I manage firmware and OTA
    /// engineering at a telematics company: two squads, 13 engineers": what one manages, runs or heads at a workplace is sized right
    /// after it, unless the size counts the company ("900 employees", "in total"). Not "I ran a weekly sync across the three teams".</summary>
    private static void ReadManagedAtCompany(Sentence s, Token[] t, List<Signal> output, int sentenceStart, int verb)
    {
        int joint = Array.FindIndex(t, verb + 1, w => w.Text is "," or ":");
        // the workplace: "at a parcel logistics company", or "for a nonprofit health system" after the unit ("I lead product
        // engineering for a nonprofit health system with 23 hospitals: about 160 engineers in 14 teams")
        int workplace = joint < 0 ? -1 : Array.FindIndex(t, verb + 1, joint - verb - 1, w => w.Text == "at");
        for (int k = verb + 2; workplace < 0 && k + 1 < joint; k++)
        {
            if (t[k].Text == "for" && t[k + 1].Text is "a" or "an")
            {
                workplace = k;
            }
        }
        // no workplace: a unit of people one manages, runs or heads ("I run what my director calls a 'team of teams', really
        // three pods, 19 people"), not a piece of work ("I ran the incident, 40 engineers on the bridge"); what one leads "for"
        // a division may be the teams one serves ("I led reliability engineering for the division: 9 product teams")
        if (workplace < 0 && !(joint > 0 && RunsAUnit(t[verb].Text) && (RunsAUnitNamed(t, verb, joint) || TeamOfAfter(t, joint))))
        {
            return;
        }
        if (workplace < 0)
        {
            workplace = joint;
        }
        int after = t[joint].End;
        (Signal? first, int firstAt) = FirstCountAfter(s, output, sentenceStart, after);
        // a team has no teams: "the checkout team at a large retailer, 900 engineers in 60 teams" counts the company
        bool aTeam = Array.FindIndex(t, verb + 1, workplace - verb - 1, w => w.Text == "team") >= 0;
        if (first is { Category: CountCategory.Engineers or CountCategory.Teams, Relation: Relation.Unstated } && firstAt - after <= 12 &&
            !CompanyTotal(s.Text, firstAt) && !(aTeam && TeamsAfter(s.Text, firstAt + first.Match.Length)))
        {
            LeadCountsSince(output, sentenceStart, organisation: first.Category == CountCategory.Teams);
        }
    }

    /// <summary>"So, at a challenger bank, I manage …", "At Zalando, I run …": the word after an "I" that follows an opening phrase
    /// and its comma, or -1.</summary>
    private static int OpeningThenI(Token[] t)
    {
        for (int k = 2; k + 1 < t.Length && k <= 12; k++)
        {
            if (t[k].Text == "i" && t[k - 1].Text == ",")
            {
                return k + 1;
            }
        }
        return -1;
    }

    /// <summary>"I manage the sanctions screening service, team of eight", "…: a team of 6": the joint is followed by the team it
    /// names and sizes.</summary>
    private static bool TeamOfAfter(Token[] t, int joint)
    {
        int k = joint + 1 < t.Length && t[joint + 1].Text is "a" ? joint + 2 : joint + 1;
        return k + 2 < t.Length && t[k].Text is "team" or "squad" && t[k + 1].Text == "of"; // the count after it is read as the first after the joint
    }

    /// <summary>The words of a lead signal name a manager's title: "engineering manager", "EM", "SDM", "director", "VP", "head of".</summary>
    internal static bool NamesManager(string match)
    {
        if (match.Contains("manager", StringComparison.OrdinalIgnoreCase) || match.Contains("director", StringComparison.OrdinalIgnoreCase) ||
            match.Contains("mgr", StringComparison.OrdinalIgnoreCase) || match.Contains("chief", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (Range word in match.AsSpan().Split(' '))
        {
            if (match.AsSpan(word) is var w && (w.Equals("em", StringComparison.OrdinalIgnoreCase) || w.Equals("sdm", StringComparison.OrdinalIgnoreCase) ||
                                               w.Equals("vp", StringComparison.OrdinalIgnoreCase) || w.Equals("head", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The headcounts of the sentence since <paramref name="from"/> are of the team the candidate leads, save one that
    /// follows a company named after <paramref name="teamEnd"/> and counts the company ("a three-person squad at a startup, about 60
    /// people in total") or teams, which a team does not have ("the checkout team at a retailer, 900 engineers in 60 teams"; but
    /// "the payments team at a travel company, seven engineers" is the team);
    /// for an <paramref name="organisation"/> led, its managers, direct reports and teams as well.</summary>
    private static void LeadCountsSince(List<Signal> output, int from, int teamEnd = -1, bool organisation = false, int until = int.MaxValue)
    {
        for (int k = from; k < output.Count; k++)
        {
            if (output[k] is { Kind: SignalKind.Count, Relation: Relation.Unstated } count &&
                !(until < int.MaxValue && count.Sentence.IndexOf(count.Match, StringComparison.Ordinal) >= until) &&
                (count.Category == CountCategory.Engineers ||
                 organisation && count.Category is CountCategory.Managers or CountCategory.DirectReports or CountCategory.Teams) &&
                !(teamEnd >= 0 && count.Sentence.IndexOf(count.Match, teamEnd, StringComparison.Ordinal) is var c and >= 0 &&
                  CompanyBetween(count.Sentence, teamEnd, c) && (CompanyTotal(count.Sentence, c) || TeamsAfter(count.Sentence, c + count.Match.Length))))
            {
                output[k] = count with { Relation = Relation.Led };
            }
        }
    }

    /// <summary>Where a clause of the candidate's own starts after the unit at <paramref name="unit"/>: "I ran a division of 38 sailors,
    /// and I came into tech as an SRE at a company with about 1,200 engineers" (the second clause's headcount is not the division's;
    /// a semicolon ends the sentence already); <see cref="int.MaxValue"/> when none does.</summary>
    private static int NextClauseOfMine(Token[] t, int unit)
    {
        for (int k = unit + 2; k < t.Length; k++)
        {
            if (t[k].Text == "i" && (t[k - 1].Text is "and" or "but" or "then" or "so" && t[k - 2].Text == "," ||
                t[k - 1].Text == "then" && t[k - 2].Text == "and" && k > 2 && t[k - 3].Text == ","))
            {
                return t[k].Start;
            }
        }
        return int.MaxValue;
    }

    /// <summary>Teams are counted within a few words after <paramref name="at"/>: "in 11 teams", "across nine squads".</summary>
    private static bool TeamsAfter(string sentence, int at)
    {
        ReadOnlySpan<char> after = sentence.AsSpan(at, Math.Min(30, sentence.Length - at));
        return after.Contains("teams", StringComparison.OrdinalIgnoreCase) || after.Contains("squads", StringComparison.OrdinalIgnoreCase) ||
               after.Contains("groups", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A title the candidate held before the story: "after 4 years as an engineering manager I moved back to IC", "formerly a
    /// director", "as a former EM".</summary>
    private static bool PastTitle(Token[] t, int start)
    {
        for (int k = start - 1; k >= Math.Max(0, start - 6); k--)
        {
            if (t[k].Text is "former" or "formerly" or "previously" or "ex")
            {
                return true;
            }
            if (t[k].Text == "as" && k >= 2 && t[k - 1].Text is "years" or "year" or "months" or "decade" &&
                Array.FindIndex(t, Math.Max(0, k - 5), k - Math.Max(0, k - 5), w => w.Text == "after") >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Strictly the candidate's own title: "as director of …", "I was the VP", "I became a director" (not "I told the VP").</summary>
    private static bool TitleIsMine(Token[] t, int start)
    {
        int k = start - 1;
        if (k >= 0 && t[k].Text is "acting" or "interim")
        {
            k--; // "the acting manager", "asked me to be interim manager": a stand-in's title is held all the same
        }
        if (k >= 0 && t[k].Text is "the" or "a" or "an")
        {
            k--;
        }
        // "the director asked me to be acting manager", "they made me manager": a title given to the candidate
        if (k >= 2 && t[k].Text is "be" or "become" && t[k - 1].Text == "to" && t[k - 2].Text == "me" || MadeMe(t, k))
        {
            return true;
        }
        // "still an SDE II", "I'm still a senior engineer": "still" passed over
        if (k >= 0 && t[k].Text == "still")
        {
            if (k == 0)
            {
                return true;
            }
            k--;
        }
        // "im a staff engineer", typed on a phone, is "I'm"
        return k >= 0 && (t[k].Text is "as" or "i'm" or "im" || t[k].Text is "was" or "am" or "became" && k >= 1 && t[k - 1].Text == "i" ||
            // "I was promoted to manager", "I got promoted to engineering manager" (not "she was promoted to ...")
            t[k].Text == "to" && k >= 2 && t[k - 1].Text == "promoted" && t[k - 2].Text is "was" or "got" or "been" && k >= 3 && t[k - 3].Text is "i" or "had" or "i've");
    }

    /// <summary>"Made me", "named me", "appointed me" at <paramref name="k"/>: the title after it is given to the candidate.</summary>
    private static bool MadeMe(Token[] t, int k) => k >= 1 && t[k].Text == "me" && t[k - 1].Text is "made" or "named" or "appointed";

    /// <summary>"My first manager role", "in my new manager job": the title is the candidate's own.</summary>
    private static bool MyTitleRole(Token[] t, int start, int length) =>
        start + length < t.Length && t[start + length].Text is "role" or "job" or "position" &&
        start > 0 && (t[start - 1].Text == "my" || t[start - 1].Text is "first" or "new" or "current" && start > 1 && t[start - 2].Text == "my");

    private static readonly FrozenSet<string> TitleModifiers = new[]
    {
        "new", "recent", "senior", "junior", "software", "backend", "back-end", "frontend", "front-end", "full-stack", "fullstack", "mobile",
        "data", "only", "summer", "college", "university", "ios", "android", "web", "platform", "infrastructure", "engineering",
    }.ToFrozenSet();

    /// <summary>
    /// An individual contributor's title the candidate names as strictly their own ("as a new grad", "I was a senior software
    /// engineer", "I'm an SDE II"), or "my internship": the index where the words start, or -1. "A lead engineer", "with a new
    /// grad" and "I asked an engineer" are not.
    /// </summary>
    private static int IndividualTitle(Token[] t, int i, bool opening = false)
    {
        if (t[i].Text == "internship" && i > 0 && t[i - 1].Text is "my" or "summer")
        {
            return t[i - 1].Text == "summer" && i > 1 && t[i - 2].Text == "my" ? i - 2 : i - 1;
        }
        if ((Lexicon.RoleMarkOf(t[i].Id) & Lexicon.RoleMark.IndividualTitle) == 0 || i + 1 < t.Length && t[i + 1].Text is "manager" or "lead" or "leader" or "managers")
        {
            return -1;
        }
        if (t[i].Text == "sre" && i + 1 < t.Length && t[i + 1].Kind == TokenKind.Word &&
            t[i + 1].Text is not ("on" or "at" or "in" or "for" or "with" or "and" or "here" or "who" or "working" or "i"))
        {
            return -1; // "an SRE initiative", "SRE teams": the practice, not a title
        }
        // up to three words of its own before the title: "a senior software engineer", "a Tier 2 support engineer", "a staff engineer"
        int start = i;
        while (start > 0 && i - start < 3 && (TitleModifiers.Contains(t[start - 1].Text) ||
               t[start - 1].Kind is TokenKind.Word or TokenKind.Number && t[start - 1].Text is not ("a" or "an" or "the" or "as" or "was" or "am" or "i'm"
                   or "became" or "i" or "we" or "my" or "our" or "and" or "or" or "with" or "to" or "of" or "for" or "by" or "lead" or "principal"
                   or "chief" or "head")))
        {
            start--;
        }
        if (t[i].Text is "grad" or "graduate" && start == i)
        {
            return -1; // "grad" alone is a school, "a graduate of"
        }
        int article = start > 0 && t[start - 1].Text is "a" or "an" or "the" ? start - 1 : start;
        return TitleIsMine(t, start) && !SomeoneElsesAs(t, article - 1) || OpensAsOwn(t, article, i, opening) ? article : -1;
    }

    /// <summary>As people introduce themselves on a forum: "SDE II here, trying to make the jump to SDM", "Senior engineer here"; and, as
    /// the <paramref name="opening"/> words of the answer, as on a résumé: "Senior data scientist at a home goods retailer."</summary>
    private static bool OpensAsOwn(Token[] t, int article, int title, bool opening)
    {
        int next = title + 1 < t.Length && t[title + 1].Text is "ii" or "iii" or "i" or "1" or "2" or "3" ? title + 2 : title + 1;
        return article == 0 && next < t.Length && (t[next].Text == "here" || opening && t[next].Text is "at" or "on" or "in" or "for" or ",");
    }

    /// <summary>"I'm not a manager", "I wasn't a people manager": where the words start, or -1 ("not a manager of managers yet" is one).</summary>
    private static int NotAManager(Token[] t)
    {
        for (int i = 1; i + 2 < t.Length; i++)
        {
            if (t[i].Text is "not" or "wasn't" or "isn't" or "wasn’t" or "isn’t" && t[i - 1].Text is "i'm" or "im" or "am" or "was" or "i’m" or "i" &&
                t[i + 1].Text == "a" && (t[i + 2].Text == "manager" || t[i + 2].Text == "people" && i + 3 < t.Length && t[i + 3].Text == "manager"))
            {
                int end = t[i + 2].Text == "people" ? i + 4 : i + 3;
                return end < t.Length && t[end].Text == "of" ? -1 : i - 1;
            }
        }
        return -1;
    }

    /// <summary>"Nobody reported to me", "no one reports to me", "I had no direct reports": where the words start, or -1.</summary>
    private static int NoReports(Token[] t, int i)
    {
        // "I didn't manage anyone", "I did not manage anybody", "I managed no one"
        if (t[i].Text is "anyone" or "anybody" && i >= 2 && t[i - 1].Text == "manage" && t[i - 2].Text is "didn't" or "not" or "don't" or "never")
        {
            return t[i - 2].Text == "not" && i >= 3 && t[i - 3].Text is "did" or "do" ? i - 3 : i - 2;
        }
        if (t[i].Text == "one" && i >= 2 && t[i - 1].Text == "no" && t[i - 2].Text == "managed")
        {
            return i - 2;
        }
        if (t[i].Text == "me" && i >= 3 && t[i - 1].Text == "to" && t[i - 2].Text is "reported" or "reports" or "report" &&
            (t[i - 3].Text is "nobody" or "none" || t[i - 3].Text == "one" && i >= 4 && t[i - 4].Text == "no"))
        {
            return t[i - 3].Text == "one" ? i - 4 : i - 3;
        }
        if (t[i].Text == "reports" && i >= 1 && t[i - 1].Text == "no" && (i + 1 == t.Length || t[i + 1].Text is "," or ")" or "." or ";" or "and"))
        {
            return i - 1; // "a principal engineer (IC, no reports)", not "no reports of failures"
        }
        return t[i].Text == "reports" && i >= 2 && t[i - 1].Text == "direct" && t[i - 2].Text is "no" or "zero" && i >= 3 && t[i - 3].Text is "had" or "have" or "with"
            ? i - 2 : -1;
    }

    /// <summary>"She thinks as an engineer", "he joined as a new grad": the "as" at <paramref name="at"/> follows someone else.</summary>
    private static bool SomeoneElsesAs(Token[] t, int at)
    {
        if (at < 0 || t[at].Text != "as")
        {
            return false;
        }
        for (int k = at - 1; k >= Math.Max(0, at - 6); k--)
        {
            if (t[k].Text is "i" or "my" or "me" or "," or ";" or ":")
            {
                return false;
            }
            if (t[k].Text is "he" or "she" or "they" or "his" or "her" or "their" or "him" or "them" or "who" or "whom")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The candidate's own title ("as tech lead", "I was the engineering manager"), not someone else's ("my tech lead").
    /// "Manager" alone must be strictly one's own ("as a manager", "I was a new manager"): "I asked a manager from billing" is not.</summary>
    private static bool OwnTitle(Token[] t, int start, int length = 1)
    {
        if (PastTitle(t, start))
        {
            return false;
        }
        // résumé style, a title opening its line: "SDM for the Seller Reports team (8 engineers)", "Director, Platform: 4 managers"
        // ("Director of Engineering asked me to ..." is someone else)
        if (start == 0 || start == 1 && t[0].Text is "sr" or "snr" or "senior")
        {
            int next = start + length;
            // "Director of Platform, 40 engineers" and "Head of developer platform: 5 teams" (the title's own "of"), not "Director of X asked me"
            return next >= t.Length || t[next].Text is "for" or "on" or "at" or "," or "(" or ":" or "-" or "|" or "/" ||
                   (t[next].Text == "of" || t[next - 1].Text == "of") && !Array.Exists(t, w => w.Text == "me");
        }
        // bare or common words ("manager", "head of", "engineering leader") must be strictly one's own: "I escalated to head of sales" is not
        if (t[start].Text is "manager" or "mgr" or "dir" && !(start + 1 < t.Length && t[start + 1].Text is "of" or "eng") ||
            // "VP of Network Software", "SVP" ("VP Engineering" is a title wherever it stands, as before): "I told the VP" is not mine
            t[start].Text is "vp" or "vice" or "svp" or "evp" && !HeadsEngineering(t, start, length) ||
            t[start].Text is "teamleiter" or "gruppenleiter" or "abteilungsleiter" or "bereichsleiter" ||
            t[start].Text == "head" && !(start + 2 < t.Length && t[start + 2].Text == "engineering") ||
            t[start].Text == "engineering" && start + 1 < t.Length && t[start + 1].Text == "leader")
        {
            return TitleIsMine(t, start > 0 && t[start - 1].Text is "new" or "first-time" or "line" ? start - 1 : start) || MyTitleRole(t, start, length);
        }
        if (start > 0 && t[start - 1].Text is "my" or "our" or "his" or "her" or "their" or "the" && !(start > 1 && t[start - 2].Text is "as" or "was" or "am" or "i'm"))
        {
            return false;
        }
        for (int k = start - 1; k >= Math.Max(0, start - 4); k--)
        {
            if (t[k].Text is "as" or "i" or "i'm" or "acting" or "became" or "role" || MadeMe(t, k)) // "they made me manager of the team"
            {
                return true;
            }
        }
        return false;
    }
}
