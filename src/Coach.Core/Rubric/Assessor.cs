using System.Globalization;

namespace Coach.Core.Rubric;

/// <summary>The rubric: pure, synchronous, no I/O. Text in, <see cref="Assessment"/> out.</summary>
public sealed partial class Assessor
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
        Role role = RoleReader.Read(view, dims, _rubric);
        DimensionResult ownership = dims[(int)Dimension.Ownership];
        if (ownership.Band == Band.L7 && role.Scope != RoleScope.Organisation && dims[(int)Dimension.People].Band != Band.L7 && dims[(int)Dimension.Teams].Band != Band.L7)
        {
            // "platform", "global", "company's": the words alone do not make organisation scope
            dims[(int)Dimension.Ownership] = ownership with { Band = Band.L6, Note = "Platform or organisation words, but no organisation-scale teams or people beside them." };
        }

        bool resultQuantified = view.Any(IsResultFigure);
        double iCount = view.Sum(SignalKind.FirstPerson), weCount = view.Sum(SignalKind.FirstPersonPlural);
        bool weThroughout = weCount > 0 && iCount == 0;
        double score = Score(dims, resultQuantified, answer, role, weThroughout);
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
        bool l7Money = dims[(int)Dimension.Impact].Band == Band.L7 || dims[(int)Dimension.Stakes].Band == Band.L7;
        bool heldByRole = readsAs > role.Ceiling(l7Money) || role.Scope == RoleScope.Individual;
        if (readsAs > role.Ceiling(l7Money))
        {
            readsAs = role.Ceiling(l7Money); // the scope the candidate earned holds the level, however big the numbers around it
        }
        // the teams or partners who did the work ("the two teams work more closely now") measure nothing that changed
        bool resultMeasured = view.Any(s => IsResultFigure(s) && s.Kind != SignalKind.Duration &&
            !(s.Kind == SignalKind.Count && s.Category is CountCategory.Teams or CountCategory.Partners or CountCategory.BusinessUnits));
        // nor any other figure in the whole answer but the size of the candidate's own team: a story told in general terms
        // ("when I disagree with my VP I try to bring data ... I think it mostly worked out")
        bool noFigureAnywhere = !view.Any(s => s.Kind is SignalKind.Money or SignalKind.Percent or SignalKind.Ratio or SignalKind.BeforeAfter
            or SignalKind.Measure or SignalKind.Duration || s.Kind == SignalKind.Count && s.Relation != Relation.Led);
        if (!resultMeasured && (weThroughout || noFigureAnywhere))
        {
            // no number in the Result and only "we" in the Action, or no number anywhere but the team's size: neither what
            // changed nor what the candidate did is shown, which the calibration set reads below L6 whatever the title
            readsAs = ReadsAs.BelowL6;
        }

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
        { ImpactDollars = impactDollars, Role = role, HeldByRole = heldByRole };
        return partial with { Probes = ProbeWriter.Probes(partial, view), Changes = Changes(partial) };
    }

    // ---------------------------------------------------------------- verdict

    /// <summary>
    /// Weighted mean of the bands (below L6 0, L6 1, L7 2). The dimensions that define a level (impact, people, teams,
    /// ownership) hold the answer down when not shown (people and teams stand at the role's own scope); the others count
    /// only when shown. Impact is left out when the
    /// Result has engineering figures but no dollars: the guide's L6 methods count productivity and quality gains. A Result
    /// with no number costs a quarter of a band, half when the Action never says "I" but does say "we".
    /// </summary>
    private double Score(DimensionResult[] dims, bool resultQuantified, StarAnswer answer, Role role, bool weThroughout)
    {
        double sum = 0, weights = 0;
        foreach (DimensionResult d in dims)
        {
            bool defining = d.Dimension is Dimension.People or Dimension.Teams or Dimension.Ownership ||
                            d.Dimension == Dimension.Impact && !resultQuantified;
            if (d.Band == Band.NotShown && !defining)
            {
                continue;
            }
            // people and teams with no count of their own stand at the scope the role shows: none for an individual's story
            Band band = d.Band == Band.NotShown && d.Dimension is Dimension.People or Dimension.Teams ? role.Band : d.Band;
            double w = _rubric.Dimensions[d.Dimension].Weight;
            sum += w * (band switch { Band.L7 => 2, Band.L6 => 1, _ => 0 });
            weights += w;
        }
        if (weights == 0)
        {
            return 0;
        }
        double score = sum / weights;
        if (!resultQuantified)
        {
            // a Result with no number; told only in "we" as well, the answer shows neither what changed nor what the candidate did
            score -= weThroughout ? 0.5 : 0.25;
        }
        score -= 0.1 * answer.MissingParts().Count();
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


    /// <summary>A figure in the Result: money, a percentage, a ratio, a before-and-after, a count, or a time said exactly ("over
    /// the next few months", "from 2021 to 2023": a time only roughly said, or read from the years, measures no result). A share
    /// of one's people names who did something, not what changed ("I gave it to one of the engineers to own").</summary>
    private static bool IsResultFigure(Signal s) => s.Part == StarPart.Result &&
        (s.Kind is SignalKind.Money or SignalKind.Percent or SignalKind.Ratio or SignalKind.BeforeAfter or SignalKind.Measure || s.Kind == SignalKind.Count && !s.Share ||
         s.Kind == SignalKind.Duration && !s.Inferred);

    /// <summary>A count with its noun, singular for one: "1 person", "12 people", "1.2K people".</summary>
    internal static string Counted(double value, string one, string many) => $"{Quantity(value)} {(value == 1 ? one : many)}";

    internal static string Quantity(double value) => value switch
    {
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => value.ToString("#,0.#", CultureInfo.InvariantCulture),
    };
}
