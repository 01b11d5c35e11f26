using System.Globalization;

namespace Coach.Core.Rubric;

/// <summary>The nine dimensions, each read from the evidence the way the guide bands it.</summary>
public sealed partial class Assessor
{
    private DimensionResult Result(Dimension d, Band band, Signal? evidence, string note) =>
        new(d, _rubric.Dimensions[d].Name, band, evidence is null ? null : Quote.Of(evidence), note);

    private DimensionResult Impact(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Impact];
        Signal? best = e.Money(MoneyRole.Impact).MaxBy(s => s.Annualized);
        if (best is null)
        {
            // money in the Result that is not a gain: say what it is, so the note does not deny the figure it quotes
            if (e.First(SignalKind.Money, s => s.Part == StarPart.Result) is { } money)
            {
                string amount = money.Written.Restate(money.Value);
                return Result(Dimension.Impact, Band.NotShown, money, money.Role switch
                {
                    MoneyRole.Stakes => $"{amount} is a loss held down, not value the work gained: say what it brought or saved a year.",
                    MoneyRole.Budget => $"{amount} is what the work cost, not what it gained: say what it brought or saved a year.",
                    MoneyRole.Disowned => $"{amount} is, in your words, not what the work did: say what your part brought or saved a year.",
                    _ => $"{amount} measures the business around the work, not what the work gained: say what it brought or saved a year.",
                });
            }
            Signal? metric = e.First(s => s.Part == StarPart.Result && s.Kind is SignalKind.Percent or SignalKind.Ratio or SignalKind.BeforeAfter)
                ?? e.First(s => IsResultFigure(s) && s.Kind is SignalKind.Count or SignalKind.Duration or SignalKind.Measure); // "settled in eight days"
            return Result(Dimension.Impact, Band.NotShown, metric, metric is null
                ? "No result figure: say what changed, in numbers."
                : "Results in numbers, but no dollar value on them.");
        }
        double value = best.Annualized;
        Band band = value >= info.Threshold("L7", 5e6) ? Band.L7 : value >= info.Threshold("L6", 5e5) ? Band.L6 : Band.BelowL6;
        string per = best.Period switch
        {
            Period.Unspecified => " (no period given)",
            Period.OneOff => ", one-off",
            Period.Annual => " a year",
            _ => $" a year ({best.Written.Format(best.Value)} {best.Period.ToString().ToLowerInvariant()})",
        };
        string note = $"{best.Written.Restate(value)} of impact{per}";
        if (band == Band.L7 && value < 10e6)
        {
            note += "; the L7 norm is $10M+";
        }
        return Result(Dimension.Impact, band, best, note + ".");
    }

    private DimensionResult Stakes(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.Stakes];
        Signal? best = e.Money(MoneyRole.Stakes).Where(s => s.Part is StarPart.Situation or StarPart.Task).MaxBy(AtStake);
        if (best is not null)
        {
            double value = AtStake(best);
            Band band = value >= info.Threshold("L7", 5e6) ? Band.L7 : value >= info.Threshold("L6", 5e5) ? Band.L6 : Band.BelowL6;
            return Result(Dimension.Stakes, band, best, value == best.Value
                ? $"{best.Written.Restate(value)} at stake."
                : $"{best.Written.Restate(value)} a year at stake ({best.Written.Format(best.Value)} {best.Period.ToString().ToLowerInvariant()}).");
        }
        Signal? users = e.Counts(CountCategory.Users).Where(s => s.Part is StarPart.Situation or StarPart.Task).MaxBy(s => s.Value);
        if (users is not null)
        {
            Band band = users.Value >= 1e7 ? Band.L7 : users.Value >= 1e5 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.Stakes, band, users, $"{Quantity(users.Value)} {users.Match.Split(' ').Last()} affected, no dollar figure.");
        }
        return Result(Dimension.Stakes, Band.NotShown, null, "What was at risk is not said.");
    }

    /// <summary>What a stake comes to: a loss that runs by the week, month or quarter ("costing $150K a month") over a year; a
    /// daily figure as written, since it is most often the flow an incident touched ("$1.2M in daily transactions"), not a loss.</summary>
    private static double AtStake(Signal s) => s.Period is Period.Weekly or Period.Monthly or Period.Quarterly ? s.Annualized : s.Value;

    private DimensionResult People(Evidence e)
    {
        DimensionInfo info = _rubric.Dimensions[Dimension.People];
        // people who used or were served by the work are not people led or influenced
        Signal? engineers = e.Counts(CountCategory.Engineers).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        Signal? managers = e.Counts(CountCategory.Managers).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        Signal? reports = e.Counts(CountCategory.DirectReports).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        double l7 = info.Threshold("L7", 50), l6 = info.Threshold("L6", 3), l7Managers = info.Threshold("L7Managers", 8);
        if (managers is not null && managers.Value >= l7Managers && (engineers is null || engineers.Value < l7))
        {
            return Result(Dimension.People, Band.L7, managers, $"{Counted(managers.Value, "manager", "managers")}.");
        }
        if (engineers is not null)
        {
            Band band = engineers.Value >= l7 ? Band.L7 : engineers.Value >= l6 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.People, band, engineers, $"{Counted(engineers.Value, "person", "people")}.");
        }
        if (reports is not null)
        {
            Band band = reports.Value >= 12 ? Band.L7 : reports.Value >= 3 ? Band.L6 : Band.BelowL6;
            return Result(Dimension.People, band, reports, $"{Counted(reports.Value, "direct report", "direct reports")}.");
        }
        // a headcount is inferred only from teams the candidate led, not from teams consulted
        Signal? teams = e.Counts(CountCategory.Teams).Where(s => s.Relation == Relation.Led).MaxBy(s => s.Value);
        if (managers is not null && managers.Value >= 2)
        {
            // "two directors" beside "eleven teams": the teams say more about the size of the organisation than the managers named
            if (teams is not null && teams.Value * 7 >= l7)
            {
                return Result(Dimension.People, Band.L7, teams, $"No headcount given; {Quantity(teams.Value)} teams is about {Quantity(teams.Value * 7)} engineers.");
            }
            return Result(Dimension.People, Band.L6, managers, $"{Counted(managers.Value, "manager", "managers")}.");
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
        // teams, units and companies that used or adopted the work are its reach, not teams coordinated
        Signal? bus = e.Counts(CountCategory.BusinessUnits).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        Signal? partners = e.Counts(CountCategory.Partners).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        Signal? teams = e.Counts(CountCategory.Teams).Where(s => s.Relation != Relation.Served).MaxBy(s => s.Value);
        Signal? orgWide = e.First(SignalKind.Coordination, s => s.Level == Band.L7 && s.Relation != Relation.Served);
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
        var named = e.Of(SignalKind.Coordination).Where(s => s.Inferred && s.Relation != Relation.Served).ToList();
        int distinctNamed = named.Select(s => s.Match.ToLowerInvariant()).Distinct().Count();
        if (distinctNamed >= l7 - 1)
        {
            return Result(Dimension.Teams, Band.L7, named[0], $"{distinctNamed} other teams named.");
        }
        Signal? cross = e.Of(SignalKind.Coordination).Where(s => s.Level == Band.L6 && s.Relation != Relation.Served).MaxBy(s => s.Value)
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
        if (band == Band.L7 && best.Kind == SignalKind.Horizon && !e.Of(SignalKind.Duration).Any(s => s.Value >= info.Threshold("L7Months", 18)))
        {
            // "long-term", "north star": multi-year words without a time frame beside them are a plan's wish, not its horizon
            return Result(Dimension.Horizon, Band.L6, best, "Long-term words, but no multi-year time frame.");
        }
        if (best.Kind == SignalKind.Horizon && band == Band.BelowL6)
        {
            // "overnight", "a few days", "sprint": a short time frame in words, with no length to state
            return Result(Dimension.Horizon, band, best, $"Days or weeks (“{best.Match}”).");
        }
        return Result(Dimension.Horizon, band, best, $"About {Span(months)}.");
    }

    private DimensionResult Ownership(Evidence e)
    {
        var scope = e.Of(SignalKind.Scope);
        Signal? services = e.Counts(CountCategory.Services).MaxBy(s => s.Value);
        var l7 = scope.Where(s => s.Level == Band.L7).ToList();
        if (services is not null && services.Value >= 50)
        {
            return Result(Dimension.Ownership, Band.L7, services, $"{Counted(services.Value, "service", "services")}.");
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
            _ => $"Only your own manager or team (“{best.Match}”).",
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
        return Result(Dimension.Hiring, band, best, $"{Counted(best.Value, "hire", "hires")}.");
    }

    /// <summary>A time frame in months, in the unit people say it in: "a day", "5 days", "3 weeks", "6 weeks", "4 months", "1.5 years".</summary>
    internal static string Span(double months)
    {
        double days = months * 365.25 / 12;
        if (months >= 12)
        {
            double years = Math.Round(months / 12, 1);
            return Counted(years, "year", "years");
        }
        if (months >= 2)
        {
            return $"{Math.Round(months).ToString(CultureInfo.InvariantCulture)} months";
        }
        if (days >= 7)
        {
            double weeks = Math.Round(days / 7);
            return weeks == 1 ? "a week" : $"{weeks.ToString(CultureInfo.InvariantCulture)} weeks";
        }
        double d = Math.Max(1, Math.Round(days));
        return d == 1 ? "a day" : $"{d.ToString(CultureInfo.InvariantCulture)} days";
    }
}
