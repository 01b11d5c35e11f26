using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

public class SignalTests
{
    private static List<Signal> Signals(StarPart part, string text)
    {
        var answer = StarAnswer.Empty.With(part, text);
        return SignalExtractor.Extract(answer);
    }

    private static Signal OnlyMoney(StarPart part, string text) => Assert.Single(Signals(part, text), s => s.Kind == SignalKind.Money);

    [Theory]
    [InlineData("We recovered $1.2M in annual revenue.", 1_200_000)]
    [InlineData("It saved $890K a year.", 890_000)]
    [InlineData("That added 2.3 billion dollars of sales.", 2_300_000_000)]
    [InlineData("Savings came to USD 4 million per year.", 4_000_000)]
    [InlineData("Finance booked $1,500,000 of savings.", 1_500_000)]
    [InlineData("We saved two million dollars a year.", 2_000_000)]
    [InlineData("It cut spend by $12.4mm annually.", 12_400_000)]
    [InlineData("It saved half a million dollars.", 500_000)]
    [InlineData("Revenue grew by $3 Million.", 3_000_000)]
    [InlineData("We saved tens of millions of dollars a year.", 20_000_000)]
    [InlineData("It saved hundreds of thousands of dollars.", 200_000)]
    [InlineData("It added a seven-figure sum in annual revenue.", 1_000_000)]
    [InlineData("It was a multi-million dollar saving.", 2_000_000)]
    [InlineData("It saved 1.2 mil a year.", 1_200_000)]
    [InlineData("We saved 30k a month.", 30_000)]
    [InlineData("It brought in millions in new revenue.", 2_000_000)]
    public void Money_is_read_in_every_common_format(string text, double dollars)
    {
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(dollars, money.Value, 0);
        Assert.Equal(MoneyRole.Impact, money.Role);
    }

    [Theory]
    [InlineData("It generated €3M in new revenue annually.", 3_000_000, "EUR")]
    [InlineData("It saved £2.5m a year.", 2_500_000, "GBP")]
    [InlineData("It saved ₹40 crore a year.", 400_000_000, "INR")]
    [InlineData("It saved Rs. 12 lakh a month.", 1_200_000, "INR")]
    [InlineData("It saved INR 12 Cr a year.", 120_000_000, "INR")]
    [InlineData("It saved ₹40L a year.", 4_000_000, "INR")]
    [InlineData("It saved 3 crore rupees a year.", 30_000_000, "INR")]
    [InlineData("We saved 40 lakhs a year in vendor fees.", 4_000_000, "INR")]
    [InlineData("Costs dropped by around R$ 90 milhões a year.", 90_000_000, "BRL")]
    [InlineData("It saved SGD 2.5m a year.", 2_500_000, "SGD")]
    [InlineData("It saved ¥300 million a year.", 300_000_000, "JPY")]
    [InlineData("The additional revenue was about KRW 3.2 billion per year.", 3_200_000_000, "KRW")]
    [InlineData("It saved ₩3.2 billion a year.", 3_200_000_000, "KRW")]
    [InlineData("It saved MXN 40 million a year.", 40_000_000, "MXN")]
    [InlineData("It saved ₺40 million a year.", 40_000_000, "TRY")]
    [InlineData("It saved 16,000,000 RMB per year.", 16_000_000, "CNY")]
    [InlineData("We saved 1.200.000 EUR per year.", 1_200_000, "EUR")]
    [InlineData("It saved $2M a year.", 2_000_000, "USD")]
    public void Money_in_another_currency_is_read_in_it_and_valued_in_dollars(string text, double amount, string code)
    {
        // the bands are in dollars: the amount is converted at a round rate, and its currency kept to restate it as written
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(code, money.Written.Code);
        Assert.Equal(amount * money.Written.Dollars, money.Value, 0);
        Assert.Equal(MoneyRole.Impact, money.Role);
    }

    [Theory]
    [InlineData("Cloud spend went $6.1M -> ~$3.8M a year.", 2_300_000, "$6.1M -> ~$3.8M")]
    [InlineData("Annual revenue from the tier grew from $2M to $5M.", 3_000_000, "from $2M to $5M")]
    [InlineData("Vendor fees fell from £900K to about £400K a year.", 500_000 * 1.3, "from £900K to about £400K")]
    public void Money_before_and_after_in_the_Result_gained_the_change_not_either_end(string text, double dollars, string match)
    {
        // "spend $6.1M -> $3.8M" saved $2.3M: read as $6.1M of impact, a team-scope saving looked like an L7 one
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(dollars, money.Value, 0);
        Assert.Equal(match, money.Match);
        Assert.Equal(MoneyRole.Impact, money.Role);
        Assert.Contains(Signals(StarPart.Result, text), s => s.Kind == SignalKind.BeforeAfter);
    }

    [Theory]
    [InlineData("We got the spend down by, like, two, two and a half million a year.", 2_500_000)]
    [InlineData("The bill was something like five million a year.", 5_000_000)]
    [InlineData("Finance landed on two point two million a year.", 2_200_000)]
    [InlineData("That is about 40 lakh a year.", 4_000_000 / 85.0)]
    public void Money_said_aloud_without_a_sign_is_read_by_its_period(string text, double dollars)
    {
        // transcribed answers say "five million a year" with no "$" or "dollars": a scaled amount by the year is money
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(dollars, money.Value, 0);
    }

    [Theory]
    [InlineData("Two million a year later the rest followed.")]
    [InlineData("Traffic reached five million requests a year.")]
    public void A_scaled_count_or_a_time_after_it_is_not_money(string text) =>
        Assert.DoesNotContain(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Money);

    [Theory]
    [InlineData("Availability went to ninety-nine point nine five percent.", 99.95)]
    [InlineData("It fell to one point eight percent of requests.", 1.8)]
    [InlineData("Errors fell by two and a half percent.", 2.5)]
    public void Decimals_and_halves_said_in_words_are_read(string text, double percent) =>
        Assert.Equal(percent, Assert.Single(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Percent).Value, 3);

    [Theory]
    [InlineData("P99 fell from eight hundred to one fifty milliseconds.", 150)]
    [InlineData("P99 fell from eight hundred to two twenty five milliseconds.", 225)]
    [InlineData("P99 fell from nine hundred to nine five milliseconds.", 95)]
    public void Hundreds_and_digits_said_short_are_read_as_said_not_added(string text, double after)
    {
        Signal change = Assert.Single(Signals(StarPart.Result, text), s => s.Kind == SignalKind.BeforeAfter);
        Assert.Equal(after, change.Value);
    }

    [Theory]
    [InlineData("After two years we were at about a hundred and ten engineers.", 110)]
    [InlineData("We grew to a hundred twenty engineers.", 120)]
    [InlineData("We grew to a hundred engineers.", 100)]
    [InlineData("We grew to two dozen engineers.", 24)]
    public void A_hundred_and_more_said_in_words_is_read_whole(string text, double count) =>
        Assert.Equal(count, Assert.Single(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Count).Value);

    [Theory]
    [InlineData("Sev-2s went from like three a month to maybe one a quarter.", "from like three a month to maybe one")]
    [InlineData("Pages went from about 40 a week to 6.", "from about 40 a week to 6")]
    public void A_before_and_after_said_aloud_or_with_its_period_between_is_read(string text, string match) =>
        Assert.Equal(match, Assert.Single(Signals(StarPart.Result, text), s => s.Kind == SignalKind.BeforeAfter).Match);

    [Fact]
    public void Numbers_said_one_after_another_are_not_added_and_a_noun_past_another_number_is_not_theirs()
    {
        // "nine five" read as 14, and "ninety-nine point nine five within two quarters" as 300 months
        List<Signal> signals = Signals(StarPart.Task, "Get availability to ninety-nine point nine five within two quarters.");
        Signal duration = Assert.Single(signals, s => s.Kind == SignalKind.Duration);
        Assert.Equal("two quarters", duration.Match);
        Assert.Equal(6, duration.Value);
    }

    [Theory]
    [InlineData("The rollout reached 2 crore users.")]
    [InlineData("We handled 40 lakh orders a day.")]
    [InlineData("It cut 12 CRs from the backlog.")]
    [InlineData("The team of 5 won the internal award.")]
    public void Indian_scale_words_count_things_too(string text) =>
        Assert.DoesNotContain(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Money);

    [Theory]
    [InlineData("It cut spend by $400K/quarter.", Period.Quarterly)]
    [InlineData("It cut spend by $400K a qtr.", Period.Quarterly)]
    [InlineData("It cut spend by $20K/week.", Period.Weekly)]
    [InlineData("It saved $1.2M over the year.", Period.Annual)]
    [InlineData("The product line reached $2.6M in its first year.", Period.Annual)]
    public void A_period_written_short_or_as_a_first_year_is_read(string text, Period period) =>
        Assert.Equal(period, OnlyMoney(StarPart.Result, text).Period);

    [Theory]
    [InlineData("We saved $\u0663M a year.", 3_000_000)] // Arabic-Indic three
    [InlineData("We saved $\uFF14M a year.", 4_000_000)] // full-width four
    [InlineData("We saved $\u0967\u0968M a year.", 12_000_000)] // Devanagari twelve
    public void Digits_of_any_script_read_as_their_value(string text, double dollars)
    {
        // a digit that is not ASCII once stopped the tokenizer with a format error, and the whole answer with it
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(dollars, money.Value, 0);
    }

    [Theory]
    [InlineData("It saved $2M annually.", Period.Annual, 2_000_000)]
    [InlineData("It saved $150K per month.", Period.Monthly, 1_800_000)]
    [InlineData("It saved $10K a day.", Period.Daily, 3_650_000)]
    [InlineData("A one-time saving of $3M.", Period.OneOff, 3_000_000)]
    [InlineData("It saved $3M.", Period.Unspecified, 3_000_000)]
    [InlineData("It added $5M ARR.", Period.Annual, 5_000_000)]
    public void Money_carries_its_period_and_annualises(string text, Period period, double annual)
    {
        Signal money = OnlyMoney(StarPart.Result, text);
        Assert.Equal(period, money.Period);
        Assert.Equal(annual, money.Annualized, 0);
    }

    [Theory]
    [InlineData(StarPart.Situation, "The outage was costing us $2M a month in lost orders.", MoneyRole.Stakes)]
    [InlineData(StarPart.Situation, "Scalability limits were threatening a $50M expansion opportunity.", MoneyRole.Stakes)]
    [InlineData(StarPart.Situation, "Our company brings in about $2.3B a year in revenue.", MoneyRole.Context)]
    [InlineData(StarPart.Action, "I secured a $25M infrastructure investment from the CFO.", MoneyRole.Budget)]
    [InlineData(StarPart.Action, "I ran the program on a budget of $4M.", MoneyRole.Budget)]
    [InlineData(StarPart.Result, "Service restored in 47 minutes, limiting loss to $280K.", MoneyRole.Stakes)]
    [InlineData(StarPart.Result, "The change enabled a $78M international expansion.", MoneyRole.Impact)]
    [InlineData(StarPart.Result, "We spent $2M on the new vendor.", MoneyRole.Budget)]
    [InlineData(StarPart.Result, "We still paid penalties of $6M that year.", MoneyRole.Stakes)]
    [InlineData(StarPart.Result, "Penalties dropped by $6M a year, measured by finance.", MoneyRole.Impact)]
    [InlineData(StarPart.Result, "Fraud losses fell $2.5M in the first quarter.", MoneyRole.Impact)]
    public void Money_is_told_apart_as_impact_stakes_budget_or_context(StarPart part, string text, MoneyRole role)
    {
        Assert.Equal(role, OnlyMoney(part, text).Role);
    }

    [Theory]
    [InlineData("I led a team of ~40.", 40)]
    [InlineData("I ran an org of about 120.", 120)]
    [InlineData("I had a headcount of 60.", 60)]
    public void A_team_or_org_of_a_number_is_its_headcount(string text, double people)
    {
        Signal count = Assert.Single(Signals(StarPart.Action, text), s => s.Kind == SignalKind.Count);
        Assert.Equal(CountCategory.Engineers, count.Category);
        Assert.Equal(people, count.Value);
    }

    [Theory]
    [InlineData("I led a dozen engineers.", CountCategory.Engineers, 12)]
    [InlineData("I coordinated three teams.", CountCategory.Teams, 3)]
    [InlineData("I worked with 2 other teams.", CountCategory.Teams, 3)]
    [InlineData("I led 8 engineering teams across 3 business units.", CountCategory.BusinessUnits, 3)]
    [InlineData("I managed between 40 and 60 engineers.", CountCategory.Engineers, 50)]
    [InlineData("I led 40-60 engineers.", CountCategory.Engineers, 50)]
    [InlineData("I led a team of twelve.", CountCategory.Engineers, 12)]
    [InlineData("My twenty-three engineers shipped it.", CountCategory.Engineers, 23)]
    [InlineData("I grew a 40-strong organisation.", CountCategory.Engineers, 40)]
    [InlineData("I ran a five-engineer team.", CountCategory.Engineers, 5)]
    [InlineData("I had eleven managers reporting to me.", CountCategory.Managers, 11)]
    [InlineData("I have 6 direct reports.", CountCategory.DirectReports, 6)]
    [InlineData("I negotiated with 12 vendors.", CountCategory.Partners, 12)]
    [InlineData("It served 18M users.", CountCategory.Users, 18_000_000)]
    [InlineData("We moved 850 services.", CountCategory.Services, 850)]
    [InlineData("Dozens of engineers adopted it.", CountCategory.Engineers, 24)]
    public void Counts_are_read_with_what_they_count(string text, CountCategory category, double value)
    {
        var counts = Signals(StarPart.Action, text).Where(s => s.Kind == SignalKind.Count && s.Category == category).ToList();
        Assert.Contains(counts, s => Math.Abs(s.Value - value) < 0.01);
    }

    [Theory]
    [InlineData("It saved 1.2M requests a day.")]
    [InlineData("We served 30k customers.")]
    [InlineData("We cut 40k lines of code.")]
    public void A_scaled_number_that_counts_something_is_not_money(string text)
    {
        Assert.DoesNotContain(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Money);
    }

    [Fact]
    public void Users_in_millions_are_not_money()
    {
        Assert.DoesNotContain(Signals(StarPart.Situation, "A platform serving 18M users."), s => s.Kind == SignalKind.Money);
    }

    [Fact]
    public void A_year_is_not_a_count()
    {
        Assert.DoesNotContain(Signals(StarPart.Action, "In 2021 I led the migration."), s => s.Kind == SignalKind.Count);
    }

    [Theory]
    [InlineData("I set a three-year roadmap.", 36)]
    [InlineData("The 18-month program had four phases.", 18)]
    [InlineData("It was a multi-year effort.", 24)]
    [InlineData("We delivered it over two quarters.", 6)]
    [InlineData("We delivered it in 6 weeks.", 1.39)]
    public void Horizons_are_read_in_months(string text, double months)
    {
        var horizon = Signals(StarPart.Task, text).Where(s => s.Kind is SignalKind.Horizon or SignalKind.Duration).Max(s => s.Value);
        Assert.Equal(months, horizon, 1);
    }

    [Theory]
    [InlineData("It ran from Q1 2021 to Q3 2023.", 24)]
    [InlineData("We shipped the first market in 2021 and finished the migration in 2023.", 24)]
    public void Years_named_in_the_story_span_its_horizon(string text, double months)
    {
        Assert.Equal(months, SignalExtractor.Extract(StarAnswer.Empty.With(StarPart.Action, text)).Where(s => s.Kind == SignalKind.Duration).Max(s => s.Value));
    }

    [Fact]
    public void A_count_that_looks_like_a_year_and_background_years_are_not_a_horizon()
    {
        Assert.DoesNotContain(SignalExtractor.Extract(StarAnswer.Empty.With(StarPart.Action, "In 2022 I hired 2000 engineers.")), s => s.Kind == SignalKind.Duration);
        var background = new StarAnswer("Founded in 2010, the company had grown tenfold by 2020.", "I owned the fix.", "I led it.", "It worked.");
        Assert.DoesNotContain(SignalExtractor.Extract(background), s => s.Kind == SignalKind.Duration);
    }

    [Fact]
    public void Minutes_and_per_year_rates_are_not_horizons()
    {
        Assert.DoesNotContain(Signals(StarPart.Result, "Service restored in 47 minutes."), s => s.Kind is SignalKind.Duration or SignalKind.Horizon);
        Assert.DoesNotContain(Signals(StarPart.Result, "It saves $2M per year."), s => s.Kind is SignalKind.Duration);
    }

    [Theory]
    [InlineData("I briefed the CEO and the board.", Band.L7)]
    [InlineData("I aligned the senior vice president of retail.", Band.L7)]
    [InlineData("I worked with regulators in five countries.", Band.L7)]
    [InlineData("I aligned the VP of product and two directors.", Band.L6)]
    [InlineData("I agreed the plan with our product manager and peer EMs.", Band.L6)]
    [InlineData("I checked with my manager.", Band.BelowL6)]
    public void Stakeholder_titles_map_to_levels(string text, Band band)
    {
        Assert.Equal(band, Signals(StarPart.Action, text).Where(s => s.Kind == SignalKind.Stakeholder).Max(s => s.Level));
    }

    [Theory]
    [InlineData("I presented the design at KubeCon.", true)]
    [InlineData("We filed two patents.", true)]
    [InlineData("We open-sourced the library.", true)]
    [InlineData("It became an ISO standard.", true)]
    [InlineData("I wrote an internal blog post.", false)]
    [InlineData("A Harvard Business School case study was written about it.", true)]
    [InlineData("I spoke about it at a FinOps Foundation summit.", true)]
    public void External_visibility_is_recognised(string text, bool external)
    {
        var v = Signals(StarPart.Result, text).Where(s => s.Kind == SignalKind.Visibility).ToList();
        Assert.NotEmpty(v);
        Assert.Equal(external, v.Max(s => s.Level) == Band.L7);
    }

    [Theory]
    [InlineData("I manage the mobile platform team.", Band.L6)]
    [InlineData("I owned the payments platform for every business unit.", Band.L7)]
    public void A_platform_team_is_a_team_while_a_platform_is_platform_scope(string text, Band band)
    {
        Assert.Equal(band, Signals(StarPart.Task, text).Where(s => s.Kind == SignalKind.Scope).Max(s => s.Level));
    }

    [Fact]
    public void Percentages_ratios_and_before_after_figures_are_found()
    {
        var s = Signals(StarPart.Result, "Load time went from 4.2 seconds to 0.8 seconds, conversion rose 15% and releases went up 3x.");
        Assert.Contains(s, x => x.Kind == SignalKind.BeforeAfter && x.Value == 0.8);
        Assert.Contains(s, x => x.Kind == SignalKind.Percent && x.Value == 15);
        Assert.Contains(s, x => x.Kind == SignalKind.Ratio && x.Value == 3);
    }

    [Fact]
    public void Attribution_and_lessons_are_found()
    {
        var s = Signals(StarPart.Result, "Measured against a holdout group, finance validated $2M. I learned to baseline first.");
        Assert.Contains(s, x => x.Kind == SignalKind.Attribution);
        Assert.Contains(s, x => x.Kind == SignalKind.Lesson);
    }

    [Fact]
    public void I_and_we_are_counted_in_the_action_with_implicit_I_for_bullets()
    {
        var s = Signals(StarPart.Action, "- Led 8 teams\n- Convened the architects\nWe shipped it and our team celebrated.");
        Assert.Equal(2, s.Where(x => x.Kind == SignalKind.FirstPerson).Sum(x => x.Value));
        Assert.Equal(2, s.Where(x => x.Kind == SignalKind.FirstPersonPlural).Sum(x => x.Value));
    }

    [Fact]
    public void Strategy_and_execution_language_are_told_apart()
    {
        var s = Signals(StarPart.Action, "I set the multi-year strategy and vision, then implemented and deployed the first service.");
        Assert.True(s.Count(x => x.Kind == SignalKind.Strategy) >= 2);
        Assert.True(s.Count(x => x.Kind == SignalKind.Execution) >= 2);
    }

    [Fact]
    public void Each_signal_keeps_the_sentence_it_came_from()
    {
        var s = Signals(StarPart.Result, "First sentence has nothing. Second one saved $3M a year!");
        Signal money = Assert.Single(s, x => x.Kind == SignalKind.Money);
        Assert.Equal("Second one saved $3M a year!", money.Sentence);
        Assert.Equal("$3M", money.Match);
    }

    [Theory]
    [InlineData("I worked with the payments and search teams on their APIs.", "payments team", "search teams")]
    [InlineData("I worked with the payments, search and fraud teams.", "payments team", "search team", "fraud teams")]
    [InlineData("I worked with the payments or search teams.", "payments team", "search teams")]
    [InlineData("I partnered with the Payments team and the Search team.", "Payments team", "Search team")]
    public void Each_team_named_in_a_list_is_a_team(string action, params string[] named)
    {
        var teams = Signals(StarPart.Action, action).Where(s => s.Kind == SignalKind.Coordination && s.Inferred).Select(s => s.Match).Order().ToList();
        Assert.Equal(named.Order(), teams);
    }

    [Theory]
    [InlineData("I gave her feedback drawn from recent team interactions.")]
    [InlineData("She cut into team meetings and across team boundaries.")]
    [InlineData("I worked with my team and our platform teams.")]
    public void Team_as_a_modifier_or_ones_own_names_no_other_team(string action) =>
        Assert.DoesNotContain(Signals(StarPart.Action, action), s => s.Kind == SignalKind.Coordination && s.Inferred);

    [Theory]
    [InlineData("I was a senior engineer on the search team.", "the search team")]
    [InlineData("Last year I joined the payments team as its second engineer.", "the payments team")]
    [InlineData("I'm part of the data team.", "the data team")]
    public void A_team_one_belongs_to_is_ones_own_not_a_team_worked_with(string text, string own)
    {
        List<Signal> signals = Signals(StarPart.Situation, text);
        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Coordination && s.Inferred);
        Assert.Contains(signals, s => s.Kind == SignalKind.Coordination && s.Level == Band.BelowL6 && s.Match == own);
    }

    [Theory]
    [InlineData("I worked with the search team on ranking.", "search team")]
    [InlineData("Engineers in the search team helped us.", "search team")]
    [InlineData("I was on call for the search team during the sale.", "search team")]
    public void A_team_worked_with_stays_one(string text, string named) =>
        Assert.Contains(Signals(StarPart.Action, text), s => s.Kind == SignalKind.Coordination && s.Inferred && s.Match == named);

    [Theory]
    [InlineData("The pipeline drove about $40M a year in sales.", false)]
    [InlineData("Annual sales had stalled.", false)]
    [InlineData("I agreed the launch date with sales and marketing.", true)]
    [InlineData("Sales kept escalating the outages to my director.", true)]
    public void Sales_as_money_is_not_the_sales_department(string text, bool stakeholder) =>
        Assert.Equal(stakeholder, Signals(StarPart.Situation, text).Any(s => s.Kind == SignalKind.Stakeholder && s.Match.Equals("sales", StringComparison.OrdinalIgnoreCase)));

    [Theory]
    [InlineData("I set up a weekly hiring review with recruiting.", true)]
    [InlineData("I agreed the interview loop with our recruiters.", true)]
    [InlineData("The tool covered the whole recruiting cycle.", false)]
    public void Recruiting_as_a_partner_is_a_stakeholder_and_as_an_activity_is_not(string text, bool stakeholder) =>
        Assert.Equal(stakeholder, Signals(StarPart.Action, text).Any(s => s.Kind == SignalKind.Stakeholder && s.Level == Band.L6));

    [Fact]
    public void A_result_valued_by_the_year_is_impact_and_our_named_team_is_ours()
    {
        Signal money = Assert.Single(Signals(StarPart.Result, "The close got 2 days faster, which the controller valued at roughly $300K a year in staff time."),
            s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Impact, money.Role);
        Assert.Equal(MoneyRole.Context, Assert.Single(Signals(StarPart.Result, "The startup we built it for was later valued at $40M."), s => s.Kind == SignalKind.Money).Role);

        Assert.DoesNotContain(Signals(StarPart.Situation, "Our data platform team ran nightly jobs."), s => s.Kind == SignalKind.Coordination && s.Inferred);
        Assert.Contains(Signals(StarPart.Situation, "The data platform team ran nightly jobs for us."), s => s.Kind == SignalKind.Coordination && s.Inferred);
    }

    [Theory]
    [InlineData("Review turnaround dropped from three days to under one.", "from three days to under one")]
    [InlineData("Tickets fell from 40 to about 12 a week.", "from 40 to about 12")]
    public void A_change_from_one_number_to_another_may_carry_a_word_of_degree(string text, string match) =>
        Assert.Contains(Signals(StarPart.Result, text), s => s.Kind == SignalKind.BeforeAfter && s.Match == match);

    [Theory]
    [InlineData("I lead the onboarding squad (7 engineers, 1 designer).", false)]
    [InlineData("I managed the onboarding experience team of seven engineers.", false)]
    [InlineData("I ran the hiring pipeline for 40 engineers' worth of candidates.", false)]
    [InlineData("I hired 7 engineers in two quarters.", true)]
    [InlineData("I onboarded 12 engineers from the acquired company.", true)]
    public void A_word_of_hiring_naming_a_thing_is_no_hire(string text, bool hiring) =>
        Assert.Equal(hiring, Signals(StarPart.Action, text).Any(s => s.Kind == SignalKind.Hiring));

    [Theory]
    [InlineData("The framework was written up on our blog and picked up by InfoQ.", "infoq")]
    [InlineData("The migration got press coverage in two trade magazines.", "press coverage")]
    [InlineData("I was interviewed by a trade podcast about it.", "interviewed by")]
    public void Reach_through_the_press_is_outside_visibility(string text, string match) =>
        Assert.Contains(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Visibility && s.Level == Band.L7 && s.Match.Equals(match, StringComparison.OrdinalIgnoreCase));

    [Theory]
    [InlineData("I created an SLO framework adopted by every service.")]
    [InlineData("The rollout reached all services in two quarters.")]
    [InlineData("I ran the incident programme across engineering.")]
    public void Work_reaching_every_service_or_all_engineering_is_platform_scope(string text) =>
        Assert.Contains(Signals(StarPart.Result, text), s => s.Kind == SignalKind.Scope && s.Level == Band.L7);

    [Theory]
    [InlineData("As a manager I had to settle a design dispute on my team.", true)]
    [InlineData("I was a new manager then, and the team had just lost its lead.", true)]
    [InlineData("I worked with the product manager on the launch plan.", false)]
    [InlineData("I told my manager the launch would slip.", false)]
    [InlineData("I asked the manager of the billing team for two engineers.", false)]
    [InlineData("I asked a manager from the billing team for help.", false)]
    [InlineData("I created a dir for the build cache and cleaned it nightly.", false)]
    [InlineData("As dir of platform I had to settle a design dispute.", true)]
    public void Manager_alone_is_a_title_only_when_it_is_strictly_ones_own(string text, bool lead) =>
        Assert.Equal(lead, Signals(StarPart.Situation, text).Any(s => s.Kind == SignalKind.Leadership));

    [Theory]
    [InlineData("I designed the approach and coordinated with 3 teams (platform, SRE and billing).", false)]
    [InlineData("I ran the cutover across the two payments teams.", false)]
    [InlineData("I led it, and the billing team agreed.", false)]
    [InlineData("I managed the billing team through the cutover.", true)]
    [InlineData("I led the platform team through the migration.", true)]
    public void A_lead_verb_with_a_preposition_before_the_team_is_working_beside_it(string text, bool led) =>
        Assert.Equal(led, Signals(StarPart.Action, text).Any(s => s.Kind == SignalKind.Leadership));

    [Theory]
    [InlineData("When I joined as an engineering manager, I inherited the 7-person identity team.")]
    [InlineData("I took the job and inherited the identity team.")]
    public void An_inherited_team_is_ones_own_not_a_team_worked_with(string text)
    {
        List<Signal> signals = Signals(StarPart.Situation, text);
        Assert.Contains(signals, s => s.Kind == SignalKind.Leadership && s.Match.Contains("identity team", StringComparison.Ordinal));
        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Coordination && s.Level == Band.L6);
    }

    [Theory]
    [InlineData("Both enterprise deals closed.", false)]
    [InlineData("Enterprise customers were churning after onboarding.", false)]
    [InlineData("The rollout was enterprise-wide.", true)]
    public void Enterprise_customers_and_deals_are_business_not_platform_scope(string text, bool l7) =>
        Assert.Equal(l7, Signals(StarPart.Result, text).Any(s => s.Kind == SignalKind.Scope && s.Level == Band.L7));

    [Theory]
    [InlineData("own checkout API team, 5 eng.", 5, false)]
    [InlineData("2 of my engs on fixes; I ran a weekly sync with the invoicing EM.", 2, true)]
    public void Eng_is_short_for_engineers_in_notes(string text, double count, bool share) =>
        Assert.Contains(Signals(StarPart.Situation, text), s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == count && s.Share == share);

    [Theory]
    [InlineData("I was the tech lead for a team of 3 engineers building the widget.", false)]
    [InlineData("As team lead I owned the release.", false)]
    [InlineData("I asked our tech lead to review the design.", true)]
    public void Ones_own_title_is_no_stakeholder_at_any_level(string text, bool stakeholder) =>
        Assert.Equal(stakeholder, Signals(StarPart.Situation, text).Any(s => s.Kind == SignalKind.Stakeholder));
}
