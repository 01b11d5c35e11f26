namespace Coach.Core.Rubric;

/// <summary>The follow-up questions a bar raiser would ask next, each tied to what is missing or doubtful.</summary>
internal static class ProbeWriter
{
    public const int MaxProbes = 3;

    public static IReadOnlyList<Probe> Probes(Assessment a, Evidence e)
    {
        var probes = new List<Probe>();
        void Add(Probe? p)
        {
            if (p is not null && probes.Count < MaxProbes && probes.All(x => x.Question != p.Question))
            {
                probes.Add(p);
            }
        }

        bool attributed = e.Attributed;
        Signal? money = e.Money(MoneyRole.Impact).MaxBy(s => s.Annualized);
        Probe? attribution = money is not null && money.Annualized >= 1e6 && !attributed
            ? new Probe($"How did you attribute the {money.Match.Trim()} to your work, and what was the baseline?",
                "A dollar figure with no method behind it is the first thing a bar raiser tests.")
            : null;
        Probe? quantify = a.Structure.Any(c => c.Id == "result-quantified" && !c.Passed)
            ? new Probe("What number tells you it worked? What was it before, and what was it after?", "The Result has no figure.")
            : null;
        double we = e.Sum(SignalKind.FirstPersonPlural);
        Probe? voice = a.Structure.Any(c => c.Id == "action-first-person" && !c.Passed)
            ? new Probe(we > 0
                ? $"You said \"we\" {Assessor.Counted(we, "time", "times")} in the Action. What did you personally decide, and what did you delegate?"
                : "Walk me through what you personally did, step by step.", "The Action does not separate your part from the team's.")
            : null;
        Probe? stakes = a[Dimension.Stakes].Band == Band.NotShown
            ? new Probe("What would it have cost the business if nobody had acted?", "The Situation does not say what was at stake.")
            : null;
        Probe? stakeholders = a[Dimension.Stakeholders].Band == Band.NotShown
            ? a.Target == Level.L7
                ? new Probe("Which executives did you need on side, and what did you have to convince them of?", "No senior stakeholders are named.")
                : new Probe("Who disagreed with your approach, and how did you bring them round?", "No stakeholders are named.")
            : null;

        if (a.Target == Level.L6)
        {
            Add(attribution);
            Signal? authority = e.First(SignalKind.Authority, _ => true);
            if (authority is not null)
            {
                Add(new Probe($"Who made the final call on \"{authority.Match}\", and what exactly was your part?", "The answer claims authority beyond an L6 role."));
            }
            Signal? big = e.Counts(CountCategory.Engineers).Where(s => s.Value >= 50).MaxBy(s => s.Value);
            if (big is not null)
            {
                Add(new Probe($"Of the {big.Match.Trim()}, how many did you direct yourself, and how did you influence the rest?", "50+ engineers is an L7 claim."));
            }
            Signal? claim = e.First(SignalKind.IndustryClaim, _ => true);
            if (claim is not null && a[Dimension.Visibility].Band != Band.L7)
            {
                Add(new Probe("What shows the industry-level effect: who outside the company adopted it, and where was it published?", "Industry influence is claimed without evidence."));
            }
            Add(quantify);
            Add(voice);
            Add(stakes);
            Add(stakeholders);
            if (a.Structure.Any(c => c.Id == "result-lesson" && !c.Passed))
            {
                Add(new Probe("What would you do differently if you did it again?", "The answer ends without a lesson."));
            }
            if (a[Dimension.Teams].Band < Band.L6)
            {
                Add(new Probe("Which other teams did you depend on, and how did you get their time?", "No other teams are named."));
            }
        }
        else
        {
            Add(attribution);
            Add(quantify);
            if (a[Dimension.Teams].Band < Band.L7)
            {
                Add(new Probe("Which other teams, business units or partners did this need, and how did you get them to commit?", "The scope reads as one or a few teams."));
            }
            if (a[Dimension.Visibility].Band != Band.L7)
            {
                Add(new Probe("Did any of this reach outside the company: a talk, a paper, a patent, a standard, open source?", "No external visibility."));
            }
            Add(voice);
            Add(stakeholders);
            if (a[Dimension.Horizon].Band < Band.L7)
            {
                Add(new Probe("Where does this sit in your multi-year plan, and what came after it?", "No multi-year horizon."));
            }
            Add(stakes);
        }
        if (probes.Count == 0)
        {
            Add(new Probe("What was the hardest trade-off you made, and what did you give up for it?", "A strong answer still gets a depth probe."));
        }
        return probes;
    }
}
