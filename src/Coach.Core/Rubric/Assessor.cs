using System.Globalization;

namespace Coach.Core.Rubric;

/// <summary>The rubric: pure, synchronous, no I/O. Text in, <see cref="Assessment"/> out.</summary>
public sealed class Assessor
{
    private readonly RubricData _rubric;

    public Assessor(RubricData? rubric = null) => _rubric = rubric ?? RubricData.Default;

    public static Assessor Default { get; } = new();

    public RubricData Rubric => _rubric;

    public Assessment Assess(StarAnswer answer, Level target, string? principle = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        List<Signal> signals = SignalExtractor.Extract(answer);
        var view = new Evidence(signals);

        var dims = new DimensionResult[Enum.GetValues<Dimension>().Length];
        dims[(int)Dimension.Impact] = Impact(view);
        dims[(int)Dimension.Stakes] = Stakes(view);
        dims[(int)Dimension.People] = People(view);
        dims[(int)Dimension.Teams] = Teams(view);
        dims[(int)Dimension.Horizon] = Horizon(view);
        dims[(int)Dimension.Ownership] = Ownership(view);
        dims[(int)Dimension.Stakeholders] = Stakeholders(view);
        dims[(int)Dimension.Visibility] = Visibility(view);
        dims[(int)Dimension.Hiring] = Hiring(view);

        bool resultQuantified = view.Any(s => s.Part == StarPart.Result && s.Kind is SignalKind.Money or SignalKind.Percent or SignalKind.Ratio
            or SignalKind.BeforeAfter or SignalKind.Count or SignalKind.Duration);
        double score = Score(dims, resultQuantified, answer);
        ReadsAs readsAs = score switch
        {
            < 0.55 => ReadsAs.BelowL6,
            < 1.2 => ReadsAs.L6, // a fifth of the weighted evidence above L6 already reads as reaching for L7
            < 1.7 => ReadsAs.BetweenL6L7,
            _ => ReadsAs.L7,
        };
        if (readsAs == ReadsAs.L7 && dims[(int)Dimension.Impact].Band != Band.L7 && dims[(int)Dimension.Stakes].Band != Band.L7)
        {
            readsAs = ReadsAs.BetweenL6L7; // L7 scope without L7 money is not yet an L7 answer
        }

        double iCount = view.Sum(SignalKind.FirstPerson), weCount = view.Sum(SignalKind.FirstPersonPlural);
        double firstPersonShare = iCount + weCount == 0 ? 0 : iCount / (iCount + weCount);
        double strategy = view.Count(SignalKind.Strategy), execution = view.Count(SignalKind.Execution);
        double strategyShare = strategy + execution == 0 ? 0 : strategy / (strategy + execution);

        List<RedFlag> flags = RedFlags(view, dims, target, readsAs);
        Fit fit = FitOf(target, readsAs, flags);
        TimingResult timing = Timing(answer, target);
        List<StructureCheck> structure = Structure(answer, view, target, resultQuantified, iCount, weCount);
        double impactDollars = view.Money(MoneyRole.Impact).Select(s => s.Annualized).DefaultIfEmpty(0).Max();

        var partial = new Assessment(target, principle, readsAs, Math.Round(score, 3), fit, dims, signals, flags, timing, structure, [], [],
            Math.Round(firstPersonShare, 2), Math.Round(strategyShare, 2))
        { ImpactDollars = impactDollars };
        return partial with { Probes = ProbeWriter.Probes(partial, view), Changes = Changes(partial) };
    }

    // ---------------------------------------------------------------- dimensions

    private DimensionResult Result(Dimension d, Band band, Signal? evidence, string note) =>
        new(d, _rubric.Dimensions[d].Name, band, evidence is null ? null : Quote.Of(evidence), note);

    private DimensionResult Impact(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Impact];
        Signal? best = e.Money(MoneyRole.Impact).MaxBy(s => s.Annualized);
        if (best is null)
        {
            Signal? metric = e.First(s => s.Part == StarPart.Result && s.Kind is SignalKind.Percent or SignalKind.Ratio or SignalKind.BeforeAfter);
            return Result(Dimension.Impact, Band.NotShown, metric, metric is null
                ? "No result figure: say what changed, in numbers."
                : "Engineering results, but no dollar value on them.");
        }
        double value = best.Annualized;
        Band band = value >= info.Threshold("L7", 5e6) ? Band.L7 : value >= info.Threshold("L6", 5e5) ? Band.L6 : Band.BelowL6;
        string per = best.Period switch
        {
            Period.Unspecified => " (no period given)",
            Period.OneOff => " one-off",
            Period.Annual => " a year",
            _ => $" a year ({Money.Format(best.Value)} {best.Period.ToString().ToLowerInvariant()})",
        };
        string note = $"{Money.Format(value)}{per} of impact";
        if (band == Band.L7 && value < 10e6)
        {
            note += "; the L7 norm is $10M+";
        }
        return Result(Dimension.Impact, band, best, note + ".");
    }

    private DimensionResult Stakes(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Stakes];
        Signal? best = e.Money(MoneyRole.Stakes).Where(s => s.Part is StarPart.Situation or StarPart.Task).MaxBy(s => s.Value);
        if (best is not null)
        {
            Band band = best.Value >= info.Threshold("L7", 5e6) ? Band.L7 : best.Value >= info.Threshold("L6", 5e5) ? Band.L6 : Band.BelowL6;
            return Result(Dimension.Stakes, band, best, $"{Money.Format(best.Value)} at stake.");
        }
        Signal? users = e.Counts(CountCategory.Users).Where(s => s.Part is StarPart.Situation or StarPart.Task).MaxBy(s => s.Value);
        if (users is not null)
        {
            Band band = users.Value >= 1e7 ? Band.L7 : users.Value >= 1e5 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.Stakes, band, users, $"{Quantity(users.Value)} {users.Match.Split(' ').Last()} affected, no dollar figure.");
        }
        return Result(Dimension.Stakes, Band.NotShown, null, "What was at risk is not said.");
    }

    private DimensionResult People(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.People];
        Signal? engineers = e.Counts(CountCategory.Engineers).MaxBy(s => s.Value);
        Signal? managers = e.Counts(CountCategory.Managers).MaxBy(s => s.Value);
        Signal? reports = e.Counts(CountCategory.DirectReports).MaxBy(s => s.Value);
        double l7 = info.Threshold("L7", 50), l6 = info.Threshold("L6", 3), l7Managers = info.Threshold("L7Managers", 8);
        if (managers is not null && managers.Value >= l7Managers && (engineers is null || engineers.Value < l7))
        {
            return Result(Dimension.People, Band.L7, managers, $"{Quantity(managers.Value)} managers.");
        }
        if (engineers is not null)
        {
            Band band = engineers.Value >= l7 ? Band.L7 : engineers.Value >= l6 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.People, band, engineers, $"{Quantity(engineers.Value)} people.");
        }
        if (reports is not null)
        {
            Band band = reports.Value >= 12 ? Band.L7 : reports.Value >= 3 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.People, band, reports, $"{Quantity(reports.Value)} direct reports.");
        }
        Signal? teams = e.Counts(CountCategory.Teams).Where(s => s.Part is StarPart.Action or StarPart.Task).MaxBy(s => s.Value);
        if (managers is not null && managers.Value >= 2)
        {
            // "two directors" beside "eleven teams": the teams say more about the size of the organisation than the managers named
            if (teams is not null && teams.Value * 7 >= l7)
            {
                return Result(Dimension.People, Band.L7, teams, $"No headcount given; {Quantity(teams.Value)} teams is about {Quantity(teams.Value * 7)} engineers.");
            }
            return Result(Dimension.People, Band.L6, managers, $"{Quantity(managers.Value)} managers.");
        }
        if (teams is not null && teams.Value >= 2)
        {
            double inferred = teams.Value * 7;
            Band band = inferred >= l7 ? Band.L7 : Band.L6;
            return Result(Dimension.People, band, teams, $"No headcount given; {Quantity(teams.Value)} teams is about {Quantity(inferred)} engineers.");
        }
        Signal? own = e.First(SignalKind.Coordination, s => s.Level == Band.BelowL6);
        if (own is not null)
        {
            return Result(Dimension.People, Band.BelowL6, own, "One team, no numbers.");
        }
        return Result(Dimension.People, Band.NotShown, null, "How many people you led or influenced is not said.");
    }

    private DimensionResult Teams(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Teams];
        double l7 = info.Threshold("L7", 5), l6 = info.Threshold("L6", 2);
        Signal? bus = e.Counts(CountCategory.BusinessUnits).MaxBy(s => s.Value);
        Signal? partners = e.Counts(CountCategory.Partners).MaxBy(s => s.Value);
        Signal? teams = e.Counts(CountCategory.Teams).MaxBy(s => s.Value);
        Signal? orgWide = e.First(SignalKind.Coordination, s => s.Level == Band.L7);
        if (bus is not null && bus.Value >= 2)
        {
            return Result(Dimension.Teams, Band.L7, bus, $"{Quantity(bus.Value)} business units or divisions.");
        }
        if (teams is not null && teams.Value >= l7)
        {
            return Result(Dimension.Teams, Band.L7, teams, $"{Quantity(teams.Value)} teams.");
        }
        if (partners is not null && partners.Value >= 2)
        {
            return Result(Dimension.Teams, Band.L7, partners, $"{Quantity(partners.Value)} outside partners.");
        }
        if (orgWide is not null)
        {
            return Result(Dimension.Teams, Band.L7, orgWide, "Organisation-wide coordination.");
        }
        if (teams is not null && teams.Value >= l6)
        {
            return Result(Dimension.Teams, Band.L6, teams, $"{Quantity(teams.Value)} teams.");
        }
        var named = e.Of(SignalKind.Coordination).Where(s => s.Inferred).ToList();
        int distinctNamed = named.Select(s => s.Match.ToLowerInvariant()).Distinct().Count();
        if (distinctNamed >= l7 - 1)
        {
            return Result(Dimension.Teams, Band.L7, named[0], $"{distinctNamed} other teams named.");
        }
        Signal? cross = e.Of(SignalKind.Coordination).Where(s => s.Level == Band.L6).MaxBy(s => s.Value)
            ?? (bus ?? partners);
        if (cross is not null)
        {
            return Result(Dimension.Teams, Band.L6, cross, cross.Category == CountCategory.Partners ? "An outside partner." : "Cross-team work.");
        }
        Signal? own = (teams is not null && teams.Value < l6 ? teams : null) ?? e.First(SignalKind.Coordination, s => s.Level == Band.BelowL6);
        if (own is not null)
        {
            return Result(Dimension.Teams, Band.BelowL6, own, "Your own team only.");
        }
        return Result(Dimension.Teams, Band.NotShown, null, "No other teams are named.");
    }

    private DimensionResult Horizon(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Horizon];
        Signal? best = e.Signals.Where(s => s.Kind is SignalKind.Horizon or SignalKind.Duration).MaxBy(s => s.Value);
        if (best is null)
        {
            return Result(Dimension.Horizon, Band.NotShown, null, "No time frame is given.");
        }
        double months = best.Value;
        Band band = months >= info.Threshold("L7Months", 18) ? Band.L7 : months >= info.Threshold("L6Months", 3) ? Band.L6 : Band.BelowL6;
        string span = months >= 12 ? $"{Math.Round(months / 12, 1).ToString(CultureInfo.InvariantCulture)} year{(months >= 24 ? "s" : "")}"
            : months >= 1 ? $"{Math.Round(months)} month{(Math.Round(months) == 1 ? "" : "s")}" : "weeks";
        return Result(Dimension.Horizon, band, best, $"About {span}.");
    }

    private DimensionResult Ownership(Evidence e)
    {
        var scope = e.Of(SignalKind.Scope);
        Signal? services = e.Counts(CountCategory.Services).MaxBy(s => s.Value);
        var l7 = scope.Where(s => s.Level == Band.L7).ToList();
        if (services is not null && services.Value >= 50)
        {
            return Result(Dimension.Ownership, Band.L7, services, $"{Quantity(services.Value)} services.");
        }
        if (l7.Count >= 2 || l7.Any(s => s.Part != StarPart.Situation))
        {
            Signal pick = l7.FirstOrDefault(s => s.Part != StarPart.Situation) ?? l7[0];
            return Result(Dimension.Ownership, Band.L7, pick, "Platform or organisation scope.");
        }
        Signal? l6 = scope.FirstOrDefault(s => s.Level == Band.L6) ?? services ?? l7.FirstOrDefault();
        if (l6 is not null)
        {
            return Result(Dimension.Ownership, Band.L6, l6, "A component or service.");
        }
        Signal? below = scope.FirstOrDefault(s => s.Level == Band.BelowL6);
        if (below is not null)
        {
            return Result(Dimension.Ownership, Band.BelowL6, below, "A task or a feature.");
        }
        return Result(Dimension.Ownership, Band.NotShown, null, "What you owned technically is not named.");
    }

    private DimensionResult Stakeholders(Evidence e)
    {
        Signal? best = e.Of(SignalKind.Stakeholder).MaxBy(s => (int)s.Level);
        if (best is null)
        {
            return Result(Dimension.Stakeholders, Band.NotShown, null, "No stakeholders are named.");
        }
        string note = best.Level switch
        {
            Band.L7 => "Executive or external stakeholders.",
            Band.L6 => "Department heads, product and peer managers.",
            _ => "Your own manager.",
        };
        return Result(Dimension.Stakeholders, best.Level, best, note);
    }

    private DimensionResult Visibility(Evidence e)
    {
        Signal? best = e.Of(SignalKind.Visibility).MaxBy(s => (int)s.Level);
        if (best is null)
        {
            return Result(Dimension.Visibility, Band.NotShown, null, "Nothing reached outside the company.");
        }
        return Result(Dimension.Visibility, best.Level, best, best.Level == Band.L7 ? "Reach outside the company." : "Internal reach.");
    }

    private DimensionResult Hiring(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Hiring];
        Signal? best = e.Of(SignalKind.Hiring).MaxBy(s => s.Value);
        if (best is null)
        {
            return Result(Dimension.Hiring, Band.NotShown, null, "No hiring in this story.");
        }
        Band band = best.Value >= info.Threshold("L7", 20) ? Band.L7 : best.Value >= info.Threshold("L6", 5) ? Band.L6 : Band.BelowL6;
        return Result(Dimension.Hiring, band, best, $"{Quantity(best.Value)} hires.");
    }

    // ---------------------------------------------------------------- verdict

    private double Score(DimensionResult[] dims, bool resultQuantified, StarAnswer answer)
    {
        double sum = 0, weights = 0;
        foreach (DimensionResult d in dims)
        {
            if (d.Band == Band.NotShown)
            {
                continue;
            }
            double w = _rubric.Dimensions[d.Dimension].Weight;
            sum += w * (d.Band switch { Band.L7 => 2, Band.L6 => 1, _ => 0 });
            weights += w;
        }
        if (weights == 0)
        {
            return 0;
        }
        double score = sum / weights;
        // thin evidence: one or two light dimensions are not enough to read at a level
        if (weights < 3)
        {
            score = Math.Min(score, 0.9) * (weights / 3);
        }
        if (!resultQuantified)
        {
            score -= 0.25;
        }
        if (answer.MissingParts().Any())
        {
            score -= 0.1 * answer.MissingParts().Count();
        }
        return Math.Clamp(score, 0, 2);
    }

    private static Fit FitOf(Level target, ReadsAs readsAs, List<RedFlag> flags)
    {
        bool tooHighFlags = flags.Any(f => f.Direction == "too-high");
        return target switch
        {
            Level.L6 => readsAs switch
            {
                ReadsAs.BelowL6 => Fit.ThinkingTooSmall,
                ReadsAs.L6 => tooHighFlags ? Fit.ReachingTooHigh : Fit.OnTarget,
                ReadsAs.BetweenL6L7 => tooHighFlags ? Fit.ReachingTooHigh : Fit.OnTarget,
                _ => Fit.ReachingTooHigh,
            },
            _ => readsAs == ReadsAs.L7 ? Fit.OnTarget : Fit.ThinkingTooSmall,
        };
    }

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
                Add("impact-under-5m", dims[(int)Dimension.Impact].Evidence);
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
            : weCount > 0 ? $"The Action says \"we\" {weCount} time{(weCount == 1 ? "" : "s")} and \"I\" {iCount}: say what you did."
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

    private List<string> Changes(Assessment a)
    {
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
            foreach (DimensionResult d in a.Dimensions)
            {
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
                if (d.Band == Band.NotShown && d.Dimension == Dimension.Hiring)
                {
                    continue; // not every story is about hiring
                }
                double gap = (targetScore - Math.Max(score, 0)) * info.Weight;
                candidates.Add((gap, info.AdviceFor(key)));
            }
        }
        foreach (StructureCheck c in a.Structure.Where(c => !c.Passed))
        {
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

    internal static string Quantity(double value) => value switch
    {
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => value.ToString("0.#", CultureInfo.InvariantCulture),
    };
}

/// <summary>Index over the signals of one answer: each kind's signals in one list, so each question scans only its own.</summary>
internal sealed class Evidence
{
    private static readonly List<Signal> None = [];
    private readonly List<Signal>?[] _byKind = new List<Signal>?[Enum.GetValues<SignalKind>().Length];

    public Evidence(List<Signal> signals)
    {
        Signals = signals;
        foreach (Signal s in signals)
        {
            (_byKind[(int)s.Kind] ??= []).Add(s);
        }
    }

    public List<Signal> Signals { get; }

    public List<Signal> Of(SignalKind kind) => _byKind[(int)kind] ?? None;

    /// <summary>True when the Action or Result says how a figure was measured (baseline, A/B, finance...).</summary>
    public bool Attributed => Any(SignalKind.Attribution, s => s.Part is StarPart.Result or StarPart.Action);

    public IEnumerable<Signal> Money(MoneyRole role) => Of(SignalKind.Money).Where(s => s.Role == role);

    public IEnumerable<Signal> Counts(CountCategory category) => Of(SignalKind.Count).Where(s => s.Category == category);

    public bool Any(Func<Signal, bool> predicate) => Signals.Any(predicate);

    public bool Any(SignalKind kind, Func<Signal, bool> predicate) => Of(kind).Any(predicate);

    public Signal? First(Func<Signal, bool> predicate) => Signals.FirstOrDefault(predicate);

    public Signal? First(SignalKind kind, Func<Signal, bool> predicate) => Of(kind).FirstOrDefault(predicate);

    public int Count(SignalKind kind) => Of(kind).Count;

    public double Sum(SignalKind kind)
    {
        double total = 0;
        foreach (Signal s in Of(kind))
        {
            total += s.Value;
        }
        return total;
    }
}

/// <summary>Money as people write it: $890K, $1.8M, $2.3B.</summary>
public static class Money
{
    public static string Format(double dollars) => dollars switch
    {
        >= 1e9 => "$" + (dollars / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => "$" + (dollars / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => "$" + (dollars / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => "$" + dollars.ToString("0", CultureInfo.InvariantCulture),
    };
}

/// <summary>Short quotes of the person's own words.</summary>
internal static class Quote
{
    private const int MaxLength = 160;

    public static string Of(Signal s)
    {
        string sentence = s.Sentence.Trim().TrimEnd('.', ';');
        if (sentence.Length <= MaxLength)
        {
            return sentence;
        }
        int at = sentence.IndexOf(s.Match, StringComparison.Ordinal);
        if (at < 0)
        {
            return sentence[..(MaxLength - 1)].TrimEnd() + "…";
        }
        int start = Math.Max(0, at - (MaxLength - s.Match.Length) / 2);
        int end = Math.Min(sentence.Length, start + MaxLength);
        start = Math.Max(0, end - MaxLength);
        // widen to word boundaries
        while (start > 0 && !char.IsWhiteSpace(sentence[start - 1]))
        {
            start--;
        }
        while (end < sentence.Length && !char.IsWhiteSpace(sentence[end]))
        {
            end++;
        }
        return (start > 0 ? "…" : "") + sentence[start..end].Trim() + (end < sentence.Length ? "…" : "");
    }
}
