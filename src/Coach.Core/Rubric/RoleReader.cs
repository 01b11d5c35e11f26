namespace Coach.Core.Rubric;

/// <summary>Whom the candidate led or answered for, the first thing an interviewer reads.</summary>
public enum RoleScope
{
    /// <summary>No one the candidate led is named: an individual contributor's story.</summary>
    Individual,
    /// <summary>One team the candidate leads or answers for.</summary>
    Team,
    /// <summary>Several teams, 15-50 engineers, or a lead of leads: the guide's L6 scope at its fullest.</summary>
    SeveralTeams,
    /// <summary>Managers of managers, 5+ teams, 50+ engineers, business units, or an organisation-level programme.</summary>
    Organisation,
}

/// <summary>The candidate's own scope as the rubric read it, in words the feedback can say aloud.</summary>
/// <param name="Read">"an individual contributor's story: no one you led is named", "a team of 12 and other teams".</param>
/// <param name="Evidence">The person's own words that showed it (null when nothing did).</param>
public sealed record Role(RoleScope Scope, string Read, string? Evidence)
{
    /// <summary>
    /// The highest level this scope can carry with or without L7 money or stakes beside it: an answer reads no higher than
    /// the scope the candidate earned, and a step towards L7 needs L7 scope or L7 money.
    /// </summary>
    public ReadsAs Ceiling(bool l7Money) => Scope switch
    {
        RoleScope.Individual => ReadsAs.BelowL6,
        RoleScope.Team => ReadsAs.L6,
        RoleScope.SeveralTeams => l7Money ? ReadsAs.BetweenL6L7 : ReadsAs.L6,
        _ => l7Money ? ReadsAs.L7 : ReadsAs.BetweenL6L7,
    };

    /// <summary>The band the scope shows for people and teams when the answer gives no count of its own.</summary>
    public Band Band => Scope switch
    {
        RoleScope.Individual => Band.BelowL6,
        RoleScope.Organisation => Band.L7,
        _ => Band.L6,
    };

    public string Id => Scope switch
    {
        RoleScope.Individual => "individual",
        RoleScope.Team => "team",
        RoleScope.SeveralTeams => "several-teams",
        _ => "organisation",
    };
}

/// <summary>
/// Reads the candidate's role from the guide's framing: L6 is team and component scope (3-8 direct reports, 15-50 engineers,
/// 2-3 teams), L7 organisation and platform scope (managers of managers, 5+ teams, 50+ engineers, business units). Only people
/// and teams the candidate led count; people served by the work and teams that adopted it do not.
/// </summary>
internal static class RoleReader
{
    public static Role Read(Evidence e, DimensionResult[] dims, RubricData rubric)
    {
        DimensionInfo people = rubric.Dimensions[Dimension.People], teamsInfo = rubric.Dimensions[Dimension.Teams];
        // "I have 5 direct reports" beside "one engineer" I kept on a task: the larger is the team
        Signal? reports = Led(e, CountCategory.DirectReports);
        Signal? engineers = Led(e, CountCategory.Engineers) is { } led && !(reports is { Share: false } && reports.Value > led.Value) ? led : reports;
        Signal? managers = Led(e, CountCategory.Managers);
        Signal? teams = Led(e, CountCategory.Teams);
        Signal? units = Led(e, CountCategory.BusinessUnits);
        Signal? lead = e.First(SignalKind.Leadership, _ => true) ?? e.Of(SignalKind.Hiring).MaxBy(s => s.Value);
        double n = engineers?.Value ?? 0, m = managers?.Value ?? 0, t = teams?.Value ?? 0;

        if (m >= 3 || t >= teamsInfo.Threshold("L7", 5) || n >= people.Threshold("L7", 50) || units is { Value: >= 2 })
        {
            Signal shown = units ?? (t >= teamsInfo.Threshold("L7", 5) ? teams : null) ?? (n >= people.Threshold("L7", 50) ? engineers : null) ?? managers!;
            // "two of my staff engineers" is a share of the organisation, not its size
            return new Role(RoleScope.Organisation, Organisation(engineers is { Share: true } ? 0 : n, m, t, units?.Value ?? 0), Quote.Of(shown));
        }
        // "as a new grad", "I was a senior software engineer", "nobody reported to me": an individual contributor's own words for their
        // role hold it, whatever headcount sits near it ("my team of 10" is the team they are on), unless a manager's title or a team
        // they lead is named too; a tech lead's title is an individual's, and so is a manager's title held for a fortnight ("act as manager")
        // (an individual contributor has no direct reports: "I'm a staff engineer and also the TLM of the team. I have 5 direct reports.")
        if (e.First(SignalKind.IndividualRole, _ => true) is { } individual && m == 0 && reports is not { Share: false, Value: >= 2 } &&
            !e.Of(SignalKind.Leadership).Any(s => !IsTechLeadTitle(s.Match) && !IsActing(s.Match) && (SignalExtractor.NamesManager(s.Match) ||
                s.Match.Split(' ').Any(w => w.ToLowerInvariant() is "lead" or "leader" or "led" or "leading" or "managed" or "managing" or "manage"))))
        {
            return new Role(RoleScope.Individual, $"an individual contributor's story, in your words “{individual.Match}”", Quote.Of(individual));
        }
        // no one led is named, yet the candidate answered for an organisation-level outcome: L7 money with executives (heard by an
        // executive), teams across the organisation or reach beyond the company beside it. What was at stake is read where the stakes
        // dimension reads it, in the Situation and the Task: "I estimate it avoided more than $10M in outage risk" in the Result is
        // the candidate's own claim of a loss that did not happen
        bool l7Money = dims[(int)Dimension.Impact].Band == Band.L7 ||
                       e.Money(MoneyRole.Stakes).Any(s => s.Value >= 10e6 && s.Part is StarPart.Situation or StarPart.Task) ||
                       e.Money(MoneyRole.Budget).Any(s => s.Value >= 10e6);
        // executives heard the story of an executive's own outcome; anyone can take an analysis to the CMO, so without a title of
        // one's own at director level or above it takes teams across the organisation or reach outside the company
        bool executive = e.Of(SignalKind.Leadership).Any(s => IsExecutiveTitle(s.Match));
        DimensionResult beside = dims[(int)Dimension.Stakeholders].Band == Band.L7 && executive ? dims[(int)Dimension.Stakeholders]
            : dims[(int)Dimension.Teams].Band == Band.L7 ? dims[(int)Dimension.Teams]
            : dims[(int)Dimension.Visibility];
        if (l7Money && beside.Band == Band.L7 && n + m + t == 0)
        {
            return new Role(RoleScope.Organisation, "an organisation-level programme you answered for, though no one you led is named", beside.Evidence);
        }
        bool otherTeams = dims[(int)Dimension.Teams].Band >= Band.L6;
        if (t >= teamsInfo.Threshold("L6", 2) || n >= 15 || m >= 1)
        {
            Signal shown = (t >= 2 ? teams : null) ?? (n >= 15 ? engineers : null) ?? managers!;
            return new Role(RoleScope.SeveralTeams, Several(engineers is { Share: true } ? 0 : n, m, t), Quote.Of(shown));
        }
        if (engineers is not null && !engineers.Share && n < people.Threshold("L6", 3) && t < 2 && m == 0 &&
            !e.Of(SignalKind.Leadership).Any(s => !ReferenceEquals(s.Sentence, engineers.Sentence)) &&
            !e.Of(SignalKind.Hiring).Any(s => n + s.Value >= people.Threshold("L6", 3)))
        {
            // the guide's L6 scope starts at 3-8 direct reports: a lead of one or two people is still an individual's scope (but
            // not a new team's manager who hires it past that: "I had 1 engineer plus me ... 11 hires by December")
            return new Role(RoleScope.Individual, $"a lead of {Assessor.Counted(n, "person", "people")}, under the 3 the guide's L6 scope starts at", Quote.Of(engineers));
        }
        if (engineers is not null && !engineers.Share && n < 5 && t < 2 && m == 0 &&
            (TechLeadOnly(e) is var techLead && techLead || engineers.Category != CountCategory.DirectReports && LeadWithoutManaging(e)))
        {
            // "the tech lead for a team of 3 engineers", "leading a small team (me + 3 devs)": leading a few peers' work, with no one
            // managed, is an individual's scope
            string who = techLead ? $"a tech lead of {Assessor.Counted(n, "person", "people")}"
                : $"a lead of {Assessor.Counted(n, "person", "people")} with no manager's title or duties named";
            return new Role(RoleScope.Individual, $"{who}: leading a few peers' work is an individual contributor's scope, where L6 manages the team",
                Quote.Of(engineers));
        }
        if (engineers is null or { Share: true } && t < 2 && m == 0 && lead is { Kind: SignalKind.Leadership } && NoneManaged(e) &&
            dims[(int)Dimension.Horizon].Band < Band.L6 &&
            (TechLeadOnly(e) is var titledTechLead && titledTechLead ||
             ManagerTitled(e) && !NamesOwnTeam(e, lead) && e.Of(SignalKind.Leadership).All(s => ReferenceEquals(s.Sentence, lead.Sentence))))
        {
            // "I'm group tech lead for the playback area", "I'm a Senior Engineering Manager in the Hotels division", then the
            // candidate's own fix, the same day: a lead's title with no team sized ("me and two other engineers on my team" is a
            // share of it), no one directed or managed and nothing over months shows no team led (a tech lead's "my team" is the
            // team they are on; a tech lead who carries a team's work over months still reads as a team's lead)
            string span = dims[(int)Dimension.Horizon].Band == Band.BelowL6 ? "the story spans days or weeks" : "no time frame is given";
            string title = titledTechLead ? "tech lead's" : "manager's";
            return new Role(RoleScope.Individual,
                $"a {title} title, but no team you lead is sized or directed, and {span}: L6 shows a team led over quarters", Quote.Of(lead));
        }
        if (engineers is not null || lead is not null)
        {
            // "one of my engineers", "four of my engineers": a share of a team, which is larger than the share
            string size = engineers is { Share: true } ? n >= 2 ? $"a team of more than {Assessor.Quantity(n)}" : "a team you lead (its size is not given)"
                : n >= 1 ? $"a team of {Assessor.Quantity(n)}" : "a team you lead (its size is not given)";
            return otherTeams
                ? new Role(RoleScope.SeveralTeams, size + " and other teams you worked with", Quote.Of(engineers ?? lead!))
                : new Role(RoleScope.Team, size, Quote.Of(engineers ?? lead!));
        }
        // a manager's voice without a team named: priorities, timelines or morale answered for to product or department heads
        Signal? duty = e.First(SignalKind.ManagerDuty, _ => true);
        if (e.Of(SignalKind.ManagerDuty).Select(s => s.Match.ToLowerInvariant()).Distinct().Count() >= 2 &&
            (dims[(int)Dimension.Stakeholders].Band >= Band.L6 || otherTeams))
        {
            return new Role(RoleScope.Team, "a team's commitments you answered for to other departments, though no one you led is named", Quote.Of(duty!));
        }
        return new Role(RoleScope.Individual, "an individual contributor's story: no one you led is named", null);
    }

    /// <summary>The candidate's title is a tech or team lead's ("as tech lead", "I was the team lead") and no manager's title is theirs too.</summary>
    private static bool TechLeadOnly(Evidence e) => !ManagerTitled(e) && e.Any(SignalKind.Leadership, s => IsTechLeadTitle(s.Match));

    /// <summary>A manager's title is the candidate's own: "engineering manager", "EM", "SDM", "director", "VP", "head of".</summary>
    private static bool ManagerTitled(Evidence e) => e.Any(SignalKind.Leadership, s => SignalExtractor.NamesManager(s.Match));

    /// <summary>No manager's title, no hire and no people-manager's duty (one-on-ones, reviews, promotions, careers): "a senior
    /// consultant leading a small team (me + 3 devs)" leads the work, not the people.</summary>
    private static bool LeadWithoutManaging(Evidence e) => !ManagerTitled(e) && NoneManaged(e);

    private static readonly string[] OwnTeamPhrases = ["my team", "our team", "we're the", "we’re the", "we are the"];

    /// <summary>A team of one's own is named, though not sized: the title's own ("the engineering manager for the routing team"),
    /// or "my team", "our team", "we're the messaging team" anywhere in the answer.</summary>
    private static bool NamesOwnTeam(Evidence e, Signal lead)
    {
        if (TeamWord(lead.Sentence))
        {
            return true;
        }
        string? read = null;
        foreach (Signal s in e.Signals)
        {
            // a sentence's signals come together: each sentence is read once
            if (!ReferenceEquals(s.Sentence, read) && TextScan.ContainsAny(read = s.Sentence, OwnTeamPhrases))
            {
                return true;
            }
        }
        return false;

        static bool TeamWord(string sentence) =>
            sentence.Contains(" team", StringComparison.OrdinalIgnoreCase) || sentence.Contains(" squad", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>No hire and no people-manager's duty named (one-on-ones, reviews, promotions, careers, morale).</summary>
    private static bool NoneManaged(Evidence e) =>
        !e.Any(s => s.Kind == SignalKind.Hiring) &&
        !e.Of(SignalKind.ManagerDuty).Any(s => s.Match.ToLowerInvariant() is "one-on-one" or "one-on-ones" or "1:1" or "1:1s" or "check-ins" or "career growth"
            or "promotion" or "promoted" or "performance review" or "performance reviews" or "development plan" or "underperformance" or "headcount" or "morale" or "burnout");

    private static bool IsTechLeadTitle(string match) =>
        match.ToLowerInvariant() is "tech lead" or "team lead" or "technical lead" or "team leader" or "engineering lead";

    /// <summary>A title of one's own at director level or above: "Director of Engineering", "VP Eng", "Head of Platform", "CTO".</summary>
    internal static bool IsExecutiveTitle(string match)
    {
        foreach (Range word in match.AsSpan().Split(' '))
        {
            if (match.AsSpan(word) is var w && (w.Equals("director", StringComparison.OrdinalIgnoreCase) || w.Equals("vp", StringComparison.OrdinalIgnoreCase) ||
                w.Equals("head", StringComparison.OrdinalIgnoreCase) || w.Equals("chief", StringComparison.OrdinalIgnoreCase) ||
                w.Equals("cto", StringComparison.OrdinalIgnoreCase) || w.Equals("svp", StringComparison.OrdinalIgnoreCase) ||
                w.Equals("president", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A title held for someone else, for a while: "acting manager", "act as manager of", "interim lead".</summary>
    private static bool IsActing(string match) =>
        match.StartsWith("act", StringComparison.OrdinalIgnoreCase) || match.StartsWith("interim", StringComparison.OrdinalIgnoreCase);

    /// <summary>The largest count of one kind the candidate led.</summary>
    private static Signal? Led(Evidence e, CountCategory category) =>
        e.Counts(category).Where(s => s.Relation == Relation.Led).MaxBy(s => s.Value);

    private static string Organisation(double engineers, double managers, double teams, double units) =>
        units >= 2 ? $"{Assessor.Quantity(units)} business units" + (engineers > 0 ? $" and {Assessor.Quantity(engineers)} engineers" : "")
        : engineers > 0 && teams >= 2 ? $"{Assessor.Quantity(engineers)} engineers across {Assessor.Quantity(teams)} teams"
        : teams >= 2 ? $"{Assessor.Quantity(teams)} teams"
        : engineers > 0 && managers > 0 ? $"{Assessor.Counted(managers, "manager", "managers")} and {Assessor.Quantity(engineers)} engineers"
        : engineers > 0 ? $"an organisation of {Assessor.Quantity(engineers)} engineers"
        : $"{Assessor.Counted(managers, "manager", "managers")} reporting to you";

    private static string Several(double engineers, double managers, double teams) =>
        engineers > 0 && teams >= 2 ? $"{Assessor.Quantity(engineers)} engineers across {Assessor.Quantity(teams)} teams"
        : teams >= 2 ? $"{Assessor.Quantity(teams)} teams"
        : engineers > 0 ? $"{Assessor.Quantity(engineers)} engineers"
        : $"{Assessor.Counted(managers, "lead", "leads")} reporting to you";
}
