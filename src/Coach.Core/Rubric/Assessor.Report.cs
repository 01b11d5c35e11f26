namespace Coach.Core.Rubric;

/// <summary>What the feedback reports beside the verdict: red flags, timing, structure, and the changes that would move it most.</summary>
public sealed partial class Assessor
{
    private List<RedFlag> RedFlags(Evidence e, DimensionResult[] dims, Level target, ReadsAs readsAs)
    {
        var flags = new List<RedFlag>();
        void Add(string id, string? evidence) => flags.Add(new RedFlag(id, _rubric.RedFlags[id].Direction, _rubric.RedFlags[id].Text, evidence));

        bool attributed = e.Attributed;
        Signal? bigImpact = e.Money(MoneyRole.Impact).Where(s => s.Annualized >= 10e6).MaxBy(s => s.Annualized);
        if (target == Level.L6)
        {
            if (bigImpact is not null && !attributed)
            {
                Add("unattributed-big-impact", Quote.Of(bigImpact));
            }
            Signal? claim = e.First(SignalKind.IndustryClaim, _ => true);
            if (claim is not null && dims[(int)Dimension.Visibility].Band != Band.L7)
            {
                Add("unsupported-industry-claim", Quote.Of(claim));
            }
            Signal? engineers = e.Counts(CountCategory.Engineers).Where(s => s.Value >= 50).MaxBy(s => s.Value);
            if (engineers is not null)
            {
                Add("overstated-org-scope", Quote.Of(engineers));
            }
            Signal? authority = e.First(SignalKind.Authority, _ => true);
            if (authority is not null)
            {
                Add("authority-beyond-role", Quote.Of(authority));
            }
        }
        else
        {
            if (dims[(int)Dimension.Ownership].Band < Band.L7 && readsAs != ReadsAs.L7)
            {
                Add("component-level", dims[(int)Dimension.Ownership].Evidence);
            }
            if (e.Money(MoneyRole.Impact).All(s => s.Annualized < 5e6))
            {
                // the quote shows an impact under $5M; money in the Result that is not impact (a loss held down) is not one
                bool otherMoney = dims[(int)Dimension.Impact].Band == Band.NotShown && e.Any(SignalKind.Money, s => s.Part == StarPart.Result);
                Add("impact-under-5m", otherMoney ? null : dims[(int)Dimension.Impact].Evidence);
            }
            if (dims[(int)Dimension.Teams].Band < Band.L6)
            {
                Add("single-team", dims[(int)Dimension.Teams].Evidence);
            }
            if (dims[(int)Dimension.Visibility].Band != Band.L7)
            {
                Add("no-external-visibility", null);
            }
            Signal? claim = e.First(SignalKind.IndustryClaim, _ => true);
            if (claim is not null && dims[(int)Dimension.Visibility].Band != Band.L7)
            {
                Add("unsupported-industry-claim", Quote.Of(claim));
            }
        }
        return flags;
    }

    private TimingResult Timing(StarAnswer answer, Level target)
    {
        var parts = new List<PartTiming>(4);
        int total = 0;
        foreach (StarPart part in StarParts.All)
        {
            int words = TextScan.CountWords(answer[part]);
            int seconds = (int)Math.Round(words * 60.0 / _rubric.WordsPerMinute);
            total += seconds;
            TimeWindow w = _rubric.Window(target, part);
            parts.Add(new PartTiming(part, words, seconds, w, Status(words, seconds, w)));
        }
        TimeWindow tw = _rubric.TotalWindow(target);
        return new TimingResult(parts, total, tw, Status(total, total, tw));
    }

    private static TimingStatus Status(int words, int seconds, TimeWindow w) =>
        words == 0 ? TimingStatus.Missing : seconds < w.MinSeconds ? TimingStatus.TooShort : seconds > w.MaxSeconds ? TimingStatus.TooLong : TimingStatus.InWindow;

    private static List<StructureCheck> Structure(StarAnswer answer, Evidence e, Level target, bool resultQuantified, double iCount, double weCount)
    {
        var checks = new List<StructureCheck>();
        var missing = answer.MissingParts().ToList();
        checks.Add(new StructureCheck("all-parts", missing.Count == 0, missing.Count == 0
            ? "All four parts are there."
            : $"Missing: {string.Join(", ", missing.Select(p => p.ToString()))}."));
        checks.Add(new StructureCheck("result-quantified", resultQuantified, resultQuantified
            ? "The Result has numbers."
            : "The Result has no number: add the before and after, a percentage or a dollar figure."));
        bool ownVoice = iCount > 0 && iCount >= weCount * 0.67;
        checks.Add(new StructureCheck("action-first-person", ownVoice, ownVoice
            ? "The Action says what you did."
            : weCount > 0 ? $"The Action says \"we\" {Counted(weCount, "time", "times")} and \"I\" {iCount}: say what you did."
            : "The Action does not say who did what: say \"I\"."));
        if (target == Level.L6)
        {
            bool lesson = e.Any(SignalKind.Lesson, s => s.Part is StarPart.Result or StarPart.Action);
            checks.Add(new StructureCheck("result-lesson", lesson, lesson
                ? "The Result ends with a lesson."
                : "L6 answers end with the lesson you learned."));
        }
        else
        {
            bool context = e.Any(s => s.Part == StarPart.Situation && (s.Kind == SignalKind.BusinessContext || (s.Kind == SignalKind.Money && s.Role == MoneyRole.Stakes)));
            checks.Add(new StructureCheck("situation-context", context, context
                ? "The Situation opens with business context."
                : "L7 answers open with the business and competitive context."));
        }
        return checks;
    }

    /// <summary>Where the role holds the level below the target, the change that asks for the scope it needs, and the
    /// dimensions whose own advice it already gives (so the same ask is not made twice).</summary>
    private static (string Text, Dimension[] Covers)? RoleChange(Assessment a)
    {
        if (!a.HeldByRole && !(a.Target == Level.L7 && a.Fit == Fit.ThinkingTooSmall && a.Role.Scope < RoleScope.Organisation))
        {
            return null;
        }
        if (a.Target == Level.L6 && a.ReadsAs >= ReadsAs.L6)
        {
            return null; // held from above the target, not below it: nothing to ask of an L6 answer
        }
        Dimension[] scope = [Dimension.People, Dimension.Teams];
        return a.Role.Scope switch
        {
            RoleScope.Individual =>
                ($"Say whom you led or answered for: name the team, its size and what you decided for it. I read {a.Role.Read}.", [Dimension.People]),
            RoleScope.Team when a.Target == Level.L7 =>
                ($"Show scope beyond one team: the 5+ teams, 50+ engineers or managers you led. I read {a.Role.Read}.", scope),
            RoleScope.Team =>
                ($"Say how many people you led and which other teams you brought along. I read {a.Role.Read}.", scope),
            RoleScope.SeveralTeams when a.Target == Level.L7 && a.ReadsAs >= ReadsAs.BetweenL6L7 =>
                ($"Show the organisation you led: 5+ teams, 50+ engineers or the managers reporting to you. I read {a.Role.Read}.", scope),
            RoleScope.SeveralTeams when a.Target == Level.L7 =>
                ($"Show the organisation you led (5+ teams, 50+ engineers, managers reporting to you) and the $10M+ a year it moved. I read {a.Role.Read}.",
                    [Dimension.People, Dimension.Teams, Dimension.Impact]),
            _ => ($"Put organisation-scale money beside the scope: the $10M+ a year the work moved, or the $5M+ at stake. I read {a.Role.Read}.",
                [Dimension.Impact, Dimension.Stakes]),
        };
    }

    private List<string> Changes(Assessment a)
    {
        var role = RoleChange(a);
        var candidates = new List<(double Weight, string Text)>();
        int targetScore = a.Target == Level.L7 ? 2 : 1;
        string key = a.Target == Level.L7 ? "L7" : "L6";
        if (a.Fit == Fit.ReachingTooHigh)
        {
            foreach (RedFlag flag in a.RedFlags.Where(f => f.Direction == "too-high"))
            {
                Dimension d = flag.Id switch
                {
                    "unattributed-big-impact" => Dimension.Impact,
                    "overstated-org-scope" => Dimension.People,
                    "unsupported-industry-claim" => Dimension.Visibility,
                    _ => Dimension.Teams,
                };
                candidates.Add((10, _rubric.Dimensions[d].AdviceFor("down")));
            }
            foreach (DimensionResult d in a.Dimensions.Where(d => d.Band == Band.L7))
            {
                candidates.Add((_rubric.Dimensions[d.Dimension].Weight, _rubric.Dimensions[d.Dimension].AdviceFor("down")));
            }
        }
        else
        {
            Dimension[] covered = role?.Covers ?? [];
            foreach (DimensionResult d in a.Dimensions)
            {
                if (covered.Contains(d.Dimension))
                {
                    continue; // the role's change asks for it
                }
                int score = d.Band switch { Band.L7 => 2, Band.L6 => 1, Band.BelowL6 => 0, _ => -1 };
                if (score >= targetScore)
                {
                    continue;
                }
                DimensionInfo info = _rubric.Dimensions[d.Dimension];
                if (d.Band == Band.NotShown && a.Target == Level.L6 && d.Dimension is Dimension.Visibility or Dimension.Hiring or Dimension.Horizon)
                {
                    continue; // optional at L6
                }
                if (d.Dimension == Dimension.Hiring && (d.Band == Band.NotShown ||
                    d.Band == Band.BelowL6 && !(a.Principle ?? "").Contains("hire", StringComparison.OrdinalIgnoreCase)))
                {
                    continue; // not every story is about hiring: a few hires in passing ask for no hiring engine unless the question is about hiring
                }
                double gap = (targetScore - Math.Max(score, 0)) * info.Weight;
                candidates.Add((gap, info.AdviceFor(key)));
            }
        }
        if (role is { } r)
        {
            candidates.Add((20, r.Text)); // the scope the candidate earned comes first: no other change lifts the level past it
        }
        bool resultMissing = a.Timing.Parts[(int)StarPart.Result].Status == TimingStatus.Missing;
        bool stakesAsked = candidates.Any(c => c.Text == _rubric.Dimensions[Dimension.Stakes].AdviceFor(key));
        foreach (StructureCheck c in a.Structure.Where(c => !c.Passed))
        {
            if (c.Id == "result-quantified" && resultMissing || c.Id == "situation-context" && stakesAsked)
            {
                continue; // asked already: a missing Result is asked for whole; the stakes' advice opens with the context
            }
            double weight = c.Id switch
            {
                "result-quantified" => 5,
                "all-parts" => 8,
                "action-first-person" => 2.5,
                _ => 1.6,
            };
            string text = c.Id switch
            {
                "result-lesson" => "End the Result with the lesson you took away and what you now do differently.",
                "situation-context" => "Open the Situation with the business and competitive context: the market, the customers, what the company stood to lose or win.",
                "action-first-person" => "Say what you did: swap \"we\" for \"I\" wherever the decision or the work was yours.",
                _ => c.Message,
            };
            candidates.Add((weight, text));
        }
        if (a.Timing.TotalStatus is TimingStatus.TooLong or TimingStatus.TooShort)
        {
            TimeWindow w = a.Timing.TotalWindow;
            PartTiming worst = a.Timing.Parts.Where(p => p.Status is TimingStatus.TooLong or TimingStatus.TooShort)
                .OrderByDescending(p => Math.Abs(p.Seconds - (p.Window.MinSeconds + p.Window.MaxSeconds) / 2.0)).FirstOrDefault()
                ?? a.Timing.Parts[(int)StarPart.Action];
            string direction = a.Timing.TotalStatus == TimingStatus.TooLong ? "Tighten" : "Expand";
            candidates.Add((1.2, $"{direction} the answer to {w.MinSeconds / 60.0:0.#}-{w.MaxSeconds / 60.0:0.#} minutes spoken; start with the {worst.Part} ({worst.Seconds} s against {worst.Window.MinSeconds}-{worst.Window.MaxSeconds} s)."));
        }
        return candidates.OrderByDescending(c => c.Weight).Select(c => c.Text).Where(t => t.Length > 0).Distinct().Take(3).ToList();
    }
}
