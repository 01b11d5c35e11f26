namespace Coach.Core.Rubric;

/// <summary>Money: whether an amount is an impact, a stake, a budget or context, and over which period.</summary>
internal static partial class SignalExtractor
{
    private static Signal Money(Sentence s, Token[] t, ReadOnlySpan<ulong> masks, Quantity q)
    {
        // the nearest role word decides; the part gives the default
        int bestDistance = int.MaxValue, bestAt = -1;
        Tag? best = null;
        bool gainNear = false;
        int lo = Math.Max(0, q.Start - RoleWindow), hi = Math.Min(t.Length - 1, q.End + RoleWindow);
        for (int k = lo; k <= hi; k++)
        {
            if (k >= q.Start && k < q.End)
            {
                continue;
            }
            int distance = k < q.Start ? q.Start - k : k - q.End + 1;
            gainNear |= Has(masks[k], Tag.RoleImpact);
            foreach (Tag tag in (ReadOnlySpan<Tag>)[Tag.RoleLossInResult, Tag.RoleBudget, Tag.RoleStakes, Tag.RoleSize, Tag.RoleContext, Tag.RoleImpact])
            {
                if (tag == Tag.RoleBudget && BudgetPeople(t, k))
                {
                    continue;
                }
                if (Has(masks[k], tag) && (distance < bestDistance || (distance == bestDistance && best is { } b && Priority(tag) < Priority(b))))
                {
                    bestDistance = distance;
                    best = tag;
                    bestAt = k;
                }
            }
        }
        // the period word nearest the amount, after it on a tie: "8,000 orders a week and costing $1.2M a year" is a year
        Period period = Period.Unspecified;
        int periodDistance = int.MaxValue;
        int plo = Math.Max(0, q.Start - 4), phi = Math.Min(t.Length - 1, q.End + 5);
        for (int k = plo; k <= phi; k++)
        {
            ulong m = masks[k];
            Period here = Has(m, Tag.PeriodAnnual) ? Period.Annual
                : Has(m, Tag.PeriodMonthly) ? Period.Monthly
                : Has(m, Tag.PeriodQuarterly) ? Period.Quarterly
                : Has(m, Tag.PeriodWeekly) ? Period.Weekly
                : Has(m, Tag.PeriodDaily) ? Period.Daily
                : Has(m, Tag.PeriodOneOff) ? Period.OneOff
                : Period.Unspecified;
            int distance = k < q.Start ? q.Start - k : Math.Max(0, k - q.End); // inside the amount ("$4M/yr"): 0
            if (here != Period.Unspecified && distance < periodDistance)
            {
                period = here;
                periodDistance = distance;
            }
        }
        MoneyRole role = s.Part switch
        {
            StarPart.Situation => best switch
            {
                Tag.RoleBudget => MoneyRole.Budget,
                Tag.RoleContext or Tag.RoleSize => MoneyRole.Context,
                _ => MoneyRole.Stakes,
            },
            StarPart.Task => best switch
            {
                Tag.RoleBudget => MoneyRole.Budget,
                Tag.RoleContext or Tag.RoleSize => MoneyRole.Context,
                _ => MoneyRole.Stakes,
            },
            StarPart.Action => best switch
            {
                Tag.RoleImpact => MoneyRole.Impact,
                Tag.RoleStakes or Tag.RoleLossInResult => MoneyRole.Stakes,
                _ => MoneyRole.Budget,
            },
            _ => best switch
            {
                Tag.RoleBudget => MoneyRole.Budget,
                Tag.RoleLossInResult => MoneyRole.Stakes,
                Tag.RoleStakes when IsLossWord(t, masks, q) => MoneyRole.Stakes,
                // the company's size, a deal's price, a market's size: context, not the candidate's result, unless a verb of gain claims it
                // or the result is valued by the year or month ("which the controller valued at $300K a year")
                Tag.RoleSize when !gainNear && !(ValuedAt(t, bestAt) && period is Period.Annual or Period.Monthly or Period.Quarterly or Period.Weekly)
                    => MoneyRole.Context,
                _ => MoneyRole.Impact,
            },
        };
        if (PerUnit(t, q.End))
        {
            role = MoneyRole.Context; // "EUR 0.004 per transaction", "$60-110 per vehicle": a price, not what was at stake or gained
        }
        // a range is quoted whole but counted at its midpoint
        string written = s.Slice(q.Start, q.End);
        Currency currency = Currency.Of(written, q.Start > 0 && t[q.Start].Attached ? t[q.Start - 1].Text : "");
        return new Signal(SignalKind.Money, s.Part, s.Text, written, q.Value * currency.Dollars, role, period, Currency: currency);
    }

    /// <summary>"The city's budget office put that at $1.3M a year", "finance's budget team": people who keep a budget, not one.</summary>
    private static bool BudgetPeople(Token[] t, int k) =>
        t[k].Text == "budget" && k + 1 < t.Length && t[k + 1].Text is "office" or "department" or "committee" or "team" or "owner" or "owners"
            or "holder" or "holders" or "analyst" or "analysts";

    /// <summary>The amount ending before <paramref name="end"/> is the price of one thing: "per transaction", "/ seat" (not a rate
    /// over time, "per year", "per hour of downtime", which the period reads).</summary>
    private static bool PerUnit(Token[] t, int end) =>
        end + 1 < t.Length && t[end].Text is "per" or "/" && t[end + 1].Kind == TokenKind.Word &&
        t[end + 1].Text is not ("year" or "years" or "yr" or "annum" or "month" or "months" or "mo" or "quarter" or "qtr" or "week" or "wk"
            or "day" or "night" or "hour" or "hr" or "minute" or "min" or "second" or "sec");

    /// <summary>The role word at <paramref name="k"/> is (part of) "valued at".</summary>
    private static bool ValuedAt(Token[] t, int k) =>
        k >= 0 && (t[k].Text == "valued" || t[k].Text == "at" && k > 0 && t[k - 1].Text == "valued");

    /// <summary>At equal distance the more specific role word wins: a budget over a verb of gain.</summary>
    private static int Priority(Tag tag) => tag switch
    {
        Tag.RoleBudget => 0,
        Tag.RoleLossInResult => 1,
        Tag.RoleStakes => 2,
        Tag.RoleSize => -1, // "deal worth", "market size": the phrase says what the amount measures
        Tag.RoleContext => 3,
        _ => 4,
    };

    /// <summary>In a Result, "lost", "loss" or "risk" next to the money makes it a loss, not a gain.</summary>
    private static bool IsLossWord(Token[] t, ReadOnlySpan<ulong> masks, Quantity q)
    {
        int lo = Math.Max(0, q.Start - 3), hi = Math.Min(t.Length - 1, q.End + 3);
        for (int k = lo; k <= hi; k++)
        {
            if (Has(masks[k], Tag.RoleStakes) && t[k].Text is "loss" or "losses" or "lost" or "losing" or "risk" or "penalty" or "penalties" or "fines" or "exposure" &&
                !FallsBetween(t, k, q.Start) && !Averted(t, k))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Nothing after the amount names what it counts: "saved 30k a month", "1.2 mil.", not "30k requests".</summary>
    private static bool BareAmount(Token[] t, Quantity q) =>
        q.End >= t.Length || t[q.End].Kind != TokenKind.Word ||
        t[q.End].Text is "a" or "an" or "per" or "in" or "of" or "annually" or "yearly" or "monthly" or "each" or "every" or "this" or "last"
            or "over" or "from" or "to" or "and" or "or" or "by" or "for" or "on" or "at" or "within" or "after" or "before" or "which" or "that"
            or "measured" or "according" or "as" or "with" or "year" or "month";

    private static bool HasScaleWord(Token[] t, Quantity q)
    {
        for (int k = q.Start; k < q.End; k++)
        {
            if (t[k].Kind == TokenKind.Word && Numbers.IsScaleWord(t[k].Text))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"penalties dropped by $6M", "losses fell $2M": a loss that went down is money saved, not money lost.</summary>
    private static bool FallsBetween(Token[] t, int lossWord, int quantityStart)
    {
        for (int k = lossWord + 1; k < quantityStart; k++)
        {
            if (t[k].Text is "dropped" or "fell" or "decreased" or "declined" or "shrank" or "down" or "reduced" or "lowered" or "cut" or "halved"
                or "eliminated" or "avoided" or "prevented" or "went")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"the avoided losses at about $2-3M a year", "prevented fraud losses of $4M": a loss kept from happening is money the
    /// result is worth, not money at stake.</summary>
    private static bool Averted(Token[] t, int lossWord)
    {
        for (int k = Math.Max(0, lossWord - 2); k < lossWord; k++)
        {
            if (t[k].Text is "avoided" or "avoiding" or "prevented" or "preventing" or "averted" or "averting")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"$40M a year in sales", "annual sales", "sales of $2M": the word counts money, not a department.</summary>
    private static bool SalesAsMoney(Token[] t, List<Quantity> quantities, int at) =>
        at > 0 && t[at - 1].Text is "annual" or "yearly" or "monthly" or "daily" or "net" or "gross" or "online" or "total" or "new" ||
        quantities.Any(q => q.Currency && (q.End <= at && at - q.End <= 4 || q.Start > at && q.Start - at <= 2));
}
