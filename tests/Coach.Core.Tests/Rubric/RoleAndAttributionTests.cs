using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>Scope is earned: the candidate's own role holds the level, and each number counts for what it measures.</summary>
public class RoleAndAttributionTests
{
    private static Assessment Assess(string s, string t, string a, string r, Level target = Level.L6) =>
        Assessor.Default.Assess(new StarAnswer(s, t, a, r), target);

    [Fact]
    public void An_individual_story_with_big_numbers_reads_below_L6_and_says_no_one_led_is_named()
    {
        Assessment a = Assess(
            "Our payments API handles 40 million requests a day for 3 million customers, and the company brings in $2B a year.",
            "I owned the retry logic, so the duplicate-charge bug was mine to fix.",
            "I traced the duplicates to a race in the idempotency check, rewrote it with a conditional write, and added load tests.",
            "Duplicate charges fell from 1,200 a week to zero and p99 latency dropped 30%. Other teams have since used the pattern.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains("no one you led is named", a.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
        Assert.Equal(Fit.ThinkingTooSmall, a.Fit);
    }

    [Fact]
    public void Team_members_are_people_not_teams()
    {
        Assessment a = Assess("Load tests took 3 weeks to set up.", "Make them easy.", "I led the team building a config-driven framework.",
            "Every one of the 12 team members could now run performance tests alone.");
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == 12);
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Teams && s.Value == 12);
        Assert.NotEqual(Band.L7, a[Dimension.Teams].Band);
    }

    [Fact]
    public void People_served_and_teams_that_adopted_the_work_are_reach_not_scope()
    {
        Assessment a = Assess("Deploys were done by hand and took hours.", "I owned the new deploy tool.",
            "I wrote the tool and its documentation.",
            "The tool served 400 engineers, and 9 teams adopted it within a quarter; deploys went from 2 hours to 10 minutes.");
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Count && s.Value == 400 && s.Relation == Relation.Served);
        Assert.NotEqual(Band.L7, a[Dimension.People].Band);
        Assert.NotEqual(Band.L7, a[Dimension.Teams].Band);
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
    }

    [Fact]
    public void People_the_candidate_led_set_the_role_and_its_words()
    {
        Assessment team = Assess("Checkout lost $2.3M a year to slow pages.", "Cut load time under a second.",
            "I led a team of 6 engineers and coordinated with 2 other teams.", "Recovered $1.8M a year, measured against the old baseline.");
        Assert.Equal(RoleScope.SeveralTeams, team.Role.Scope);
        Assert.StartsWith("a team of 6", team.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.L6, team.ReadsAs);

        Assessment org = Assess("Our ads platform risked $40M a year of revenue.", "Rebuild it over two years.",
            "I led 80 engineers across 9 teams through 4 managers, and aligned the CFO.", "Revenue grew $30M a year, measured by finance against a holdout.", Level.L7);
        Assert.Equal(RoleScope.Organisation, org.Role.Scope);
        Assert.Equal("80 engineers across 9 teams", org.Role.Read);
        Assert.Equal(ReadsAs.L7, org.ReadsAs);
    }

    [Fact]
    public void Several_teams_without_L7_money_read_no_higher_than_L6()
    {
        Assessment a = Assess("Releases took a week.", "Make releases daily.",
            "I led 30 engineers across 4 teams and ran a company-wide platform migration.", "Releases went from weekly to daily and incidents fell 40%.");
        Assert.Equal(RoleScope.SeveralTeams, a.Role.Scope);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Fact]
    public void A_deal_price_or_a_market_size_in_the_result_is_context_not_impact()
    {
        Assessment a = Assess("Sales needed a faster quote tool.", "I led a team of 5 engineers to build it.", "We shipped it in a quarter.",
            "Sales closed a deal worth $40M with it, in a market size of $2B; quote time fell from 3 days to 1 hour.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Money && s.Role == MoneyRole.Impact);
        Assert.Equal(Band.NotShown, a[Dimension.Impact].Band);
        Assert.StartsWith("$40M measures the business around the work, not what the work gained", a[Dimension.Impact].Note, StringComparison.Ordinal);

        Assessment claimed = Assess("Sales needed a faster quote tool.", "I led a team of 5 engineers to build it.", "We shipped it in a quarter.",
            "The tool added $2M in revenue a year, measured against last year's baseline.");
        Assert.Contains(claimed.Signals, s => s.Kind == SignalKind.Money && s.Role == MoneyRole.Impact && s.Value == 2e6);
    }

    [Fact]
    public void A_loss_held_down_in_the_Result_is_named_as_such_not_denied()
    {
        // the note quotes the sentence with the figure, so it must say what the figure is, not that there is none
        Assessment a = Assess("Our payment processor failed during peak traffic, affecting $1.2M in daily transactions.",
            "Restore service and build automatic failover this quarter.", "I coordinated 12 engineers across 4 teams and ran the incident bridge.",
            "Service was restored in 47 minutes, limiting loss to $280K, and automatic failover cut MTTR by 73%.");
        DimensionResult impact = a[Dimension.Impact];
        Assert.Equal(Band.NotShown, impact.Band);
        Assert.Contains("$280K", impact.Evidence, StringComparison.Ordinal);
        Assert.Equal("$280K is a loss held down, not value the work gained: say what it brought or saved a year.", impact.Note);

        Assessment cost = Assess("Checkout failed often.", "Make it reliable.", "I led 6 engineers through a rewrite.",
            "We finished within a $300K budget and failures fell 80%.");
        Assert.Equal(Band.NotShown, cost[Dimension.Impact].Band);
        Assert.StartsWith("$300K is what the work cost", cost[Dimension.Impact].Note, StringComparison.Ordinal);

        // a Result with only counts or times in it has figures too
        Assessment days = Assess("Two engineers had stopped talking.", "Rebuild trust.", "I ran a joint session with both.", "The prototypes settled the design in eight days.");
        Assert.Equal("Results in numbers, but no dollar value on them.", days[Dimension.Impact].Note);

        Assessment plain = Assess("Checkout failed often.", "Make it reliable.", "I led 6 engineers through a rewrite.", "Failures fell 80%.");
        Assert.Equal("Results in numbers, but no dollar value on them.", plain[Dimension.Impact].Note);
    }

    [Theory]
    [InlineData(0.0, "a day")]
    [InlineData(5 * 12 / 365.25, "5 days")]
    [InlineData(7 * 12 / 365.25, "a week")]
    [InlineData(21 * 12 / 365.25, "3 weeks")]
    [InlineData(1.0, "4 weeks")]
    [InlineData(42 * 12 / 365.25, "6 weeks")]
    [InlineData(2.0, "2 months")]
    [InlineData(9.0, "9 months")]
    [InlineData(12.0, "1 year")]
    [InlineData(18.0, "1.5 years")]
    [InlineData(36.0, "3 years")]
    public void Time_frames_are_said_in_the_unit_people_use(double months, string said) => Assert.Equal(said, Assessor.Span(months));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(1200.0, "1,200")]
    [InlineData(380_000.0, "380K")]
    [InlineData(2_500_000.0, "2.5M")]
    public void Counts_are_written_as_people_read_them(double value, string written) => Assert.Equal(written, Assessor.Quantity(value));

    [Fact]
    public void Notes_count_one_as_one_and_put_the_period_after_the_impact()
    {
        Assessment a = Assess("Suppliers waited 2 days for support on failed API calls.", "I owned the error reporting.",
            "I built the error catalogue, and paired with one engineer I helped onboard a fourth team.",
            "Suppliers now debug on their own in 30 seconds, and it brought in $2M a year in retained contracts.");
        Assert.Equal("1 person.", a[Dimension.People].Note);
        Assert.Equal("$2M of impact a year.", a[Dimension.Impact].Note);

        // a short time frame in words has no length to state: the note names the words
        Assessment night = Assess("A new pipeline broke during the sale.", "I was on call, so it had to be fixed overnight.",
            "I found the type mismatch and fixed it.", "The rest of the sale went smoothly.");
        Assert.Equal(Band.BelowL6, night[Dimension.Horizon].Band);
        Assert.Equal("Days or weeks (“overnight”).", night[Dimension.Horizon].Note);
    }

    [Fact]
    public void A_lead_of_one_or_two_people_is_under_the_guides_L6_scope_unless_a_team_is_led_elsewhere()
    {
        Assessment pair = Assess("Exports timed out.", "Fix them.", "I led 2 engineers through a rewrite of the export query.", "Exports went from 40 seconds to 2.");
        Assert.Equal(RoleScope.Individual, pair.Role.Scope);
        Assert.Contains("under the 3", pair.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.BelowL6, pair.ReadsAs);

        Assessment manager = Assess("Exports timed out.", "I managed the reporting team, nine engineers.",
            "I profiled the export with two of my engineers and rewrote the query.", "Exports went from 40 seconds to 2 and tickets fell 60%.");
        Assert.Equal(RoleScope.Team, manager.Role.Scope);
        Assert.Equal("a team of 9", manager.Role.Read);
    }

    [Fact]
    public void A_managers_title_names_the_team_they_lead_and_its_size()
    {
        // "As the EM for the 8-person mobile team": the title makes the team the candidate's own, and its size the people led
        Assessment a = Assess("Our app's crash rate had climbed to 2.1% after a rushed release.",
            "As the EM for the 8-person mobile team, I had to bring the crash rate under 0.5% within one quarter.",
            "I negotiated with the product director to reserve 30% of each sprint for stability and brought in the platform team.",
            "Crash rate fell to 0.3% in 10 weeks. I learned that stability work needs a protected budget.");
        Assert.Equal("a team of 8 and other teams you worked with", a.Role.Read);
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Leadership && s.Match == "mobile team");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Coordination && s.Match == "mobile team");
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Coordination && s.Match == "platform team");

        // the title is found where it stands, not at the first "em" in the sentence ("system"): a count before it is not its team
        Assessment before = Assess("Outages were frequent.", "Our billing system had 40 engineers on call from other orgs, and as the EM I owned the fix.",
            "I rewrote the retry logic.", "Outages fell 60%.");
        Assert.DoesNotContain(before.Signals, s => s.Kind == SignalKind.Count && s.Value == 40 && s.Relation == Relation.Led);

        // a comma ends the title's reach: the billing team is one worked with
        Assessment worked = Assess("Invoices were late.", "As the EM, I worked with the billing team on the month-end run.", "I mapped the flow.", "Invoices went out on day one.");
        Assert.Contains(worked.Signals, s => s.Kind == SignalKind.Coordination && s.Match == "billing team");
    }

    [Fact]
    public void A_loss_that_runs_by_the_month_is_at_stake_over_a_year_and_the_nearest_period_counts()
    {
        Assessment monthly = Assess("The crashes were costing us roughly $150K a month in lost subscriptions.", "Fix them this quarter.",
            "I led 6 engineers through the fixes.", "Crashes fell 80%.");
        Assert.Equal(Band.L6, monthly[Dimension.Stakes].Band);
        Assert.Equal("$1.8M a year at stake ($150K monthly).", monthly[Dimension.Stakes].Note);

        // "a week" belongs to the orders, "a year" to the money
        Assessment yearly = Assess("Jams were delaying about 8,000 orders a week and costing roughly $1.2M a year in delivery credits.",
            "Get jams under control.", "I led 9 engineers through the fixes.", "Jams fell 70%.");
        Assert.Equal("$1.2M at stake.", yearly[Dimension.Stakes].Note);
        Assert.Equal(Period.Annual, Assert.Single(yearly.Signals, s => s.Kind == SignalKind.Money).Period);
    }

    [Fact]
    public void A_directors_own_title_is_their_role_not_a_stakeholder()
    {
        Assessment a = Assess("Search relevance was costing about $45M a year in GMV.",
            "I was the director accountable for search across web and mobile, with four engineering managers and 48 engineers.",
            "I set a two-year plan and ran weekly reviews.", "Conversion rose 11%, worth $38M a year by finance's model.", Level.L7);
        Assert.Equal("4 managers and 48 engineers", a.Role.Read);
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Stakeholder && s.Match == "director");

        // someone else's title is still a stakeholder
        Assessment told = Assess("Search was slow.", "Fix it.", "I told the director of product what it would cost.", "Latency fell 40%.");
        Assert.Contains(told.Signals, s => s.Kind == SignalKind.Stakeholder && s.Level == Band.L6);
    }

    [Fact]
    public void Headcounts_joined_to_a_led_one_are_led_too()
    {
        Assessment a = Assess("Payment declines cost $25M a year.", "Cut them in half in two years.",
            "I ran a working group of 6 managers and about 60 engineers across 9 teams.", "Declines fell 52%, recovering $13M a year.", Level.L7);
        Assert.Equal("60 engineers across 9 teams", a.Role.Read);
        Assert.All(a.Signals.Where(s => s.Kind == SignalKind.Count), s => Assert.Equal(Relation.Led, s.Relation));

        // joined to people only worked with, they stay unstated
        Assessment beside = Assess("Payment declines cost $25M a year.", "Cut them.", "I worked with 6 managers and about 60 engineers.", "Declines fell 52%.");
        Assert.DoesNotContain(beside.Signals, s => s.Kind == SignalKind.Count && s.Relation == Relation.Led);
    }

    [Fact]
    public void Stakeholders_only_inside_ones_own_line_are_named_as_they_were_said()
    {
        Assessment a = Assess("Hiring was slow.", "Fix it.", "When one team lead pushed to lower the bar, I said no and showed him the data.", "We hired 10 engineers.");
        Assert.Equal(Band.BelowL6, a[Dimension.Stakeholders].Band);
        Assert.Equal("Only your own manager or team (“team lead”).", a[Dimension.Stakeholders].Note);
    }

    [Fact]
    public void A_share_of_ones_people_names_a_team_larger_than_the_share()
    {
        // "one of my senior engineers" is said by someone with several: not a lead of one person
        Assessment one = Assess("One of my senior engineers, Sarah, brushed off junior engineers' questions and avoided code reviews.",
            "Build her mentoring skills without losing her output.", "I gave her concrete feedback in a one-on-one and coached her weekly.",
            "Within 4 months she was one of our best mentors.");
        Assert.Equal(RoleScope.Team, one.Role.Scope);
        Assert.Equal("a team you lead (its size is not given)", one.Role.Read);

        Assessment four = Assess("Exports timed out.", "Fix them.", "I profiled the export with four of my engineers and rewrote the query.",
            "Exports went from 40 seconds to 2 and tickets fell 60%.");
        Assert.Equal("a team of more than 4", four.Role.Read);
    }

    [Theory]
    [InlineData("spearheaded")]
    [InlineData("orchestrated")]
    [InlineData("supervised")]
    [InlineData("steered")]
    public void Other_writers_words_for_leading_count_as_leading(string verb)
    {
        Assessment a = Assess(
            "Checkout failures put $3M a year of orders at risk.",
            "Reliability was mine to fix this half.",
            $"I {verb} 3 teams and 24 engineers through a rewrite of the payment retries.",
            "Failed checkouts fell 60%, worth $2M a year against last year's baseline; I learned to fund reliability early.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I was the senior manager for the storage org — 4 managers, about 35 engineers.")]
    [InlineData("As group manager for storage I had 4 managers and about 35 engineers.")]
    public void A_senior_managers_own_title_takes_the_headcounts_after_it(string situation)
    {
        Assessment a = Assess(situation, "Own the migration of 2 PB of customer data to the cloud within 18 months.",
            "I hired 8 engineers, promoted one manager to lead the cutover and set up a programme with 6 teams.",
            "We finished in 16 months with zero data loss, saving €9M a year in hosting.", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal("4 managers and 35 engineers", a.Role.Read);
    }

    [Theory]
    [InlineData("the batching library became the default for 5 teams")]
    [InlineData("the design is now the reference for 5 other teams")]
    [InlineData("our runbook became the template for 6 teams")]
    public void Teams_that_took_the_work_as_their_default_are_reach_not_coordination(string reach)
    {
        Assessment a = Assess("Our inference fleet cost $1.2M a year and grew 30% a year.", "As tech lead for 4 engineers I owned cutting its cost.",
            "I proposed quantized models and batching, and aligned with the data science team.", $"We saved $850K a year, and {reach}.");
        Assert.DoesNotContain(a.Signals, s => s.Kind is SignalKind.Count or SignalKind.Coordination && s.Category == CountCategory.Teams && s.Value >= 5 &&
                                              s.Relation != Relation.Served);
        Assert.NotEqual(Band.L7, a[Dimension.Teams].Band);
    }

    [Theory]
    [InlineData("In my first year as a new grad, my team of 10 was migrating our monolith to services and we were behind.", "a new grad")]
    [InlineData("I was a senior software engineer on a team of 10 migrating our monolith to services, and we were behind.", "a senior software engineer")]
    [InlineData("During my summer internship, my team of 10 was migrating our monolith to services and we were behind.", "my summer internship")]
    public void An_individual_contributors_own_title_holds_the_role_whatever_headcount_is_near(string situation, string words)
    {
        Assessment a = Assess(situation, "I was responsible for the user-profile service.",
            "I designed the API, wrote most of the code, coordinated with the mobile team and the web team, and organised a bug bash with 20 engineers from across the org.",
            "The service launched two weeks early, saving $1.2M a year in hosting, and handles 5,000 requests a second.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains($"“{words}”", a.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I started as a software engineer and became the engineering manager of the 8-person search team in 2021.")]
    [InlineData("Sarah, one of my engineers, kept to herself; she thinks as an engineer, not as a teammate, and my team of 8 felt it.")]
    [InlineData("I paired a new grad with our most senior engineer while I managed the team of 8.")]
    public void Someone_elses_title_or_a_title_since_left_does_not_make_a_manager_an_individual(string situation)
    {
        Assessment a = Assess(situation, "I owned getting the team's collaboration back within a quarter.",
            "I ran weekly one-on-ones, set up pairing and negotiated the roadmap with our product manager.",
            "Review time fell from 3 days to 1 and our engagement score rose 20 points.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
    }

    [Theory]
    [InlineData("I was the tech lead for a team of 3 engineers building the recommendations widget.", RoleScope.Individual)]
    [InlineData("As team lead of four engineers I owned the recommendations widget.", RoleScope.Individual)]
    [InlineData("I was the tech lead for a team of 6 engineers building the recommendations widget.", RoleScope.SeveralTeams)]
    [InlineData("I was the engineering manager for a team of 3 engineers building the widget, and I acted as tech lead.", RoleScope.SeveralTeams)]
    public void A_tech_lead_of_a_few_people_is_an_individuals_scope(string situation, RoleScope scope)
    {
        Assessment a = Assess(situation, "Improve click-through on the widget this quarter.",
            "I proposed a new ranking model, split the work between the other engineers, and worked with the data science team on training data.",
            "Click-through rose 35%, adding about $800K a year in revenue.");
        Assert.Equal(scope, a.Role.Scope);
        if (scope == RoleScope.Individual)
        {
            Assert.StartsWith("a tech lead of", a.Role.Read, StringComparison.Ordinal);
            Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
        }
    }

    [Theory]
    [InlineData("As head of the consumer engineering organisation — **nine teams** and about 110 engineers — I owned our $400M mobile revenue.")]
    [InlineData("As head of consumer engineering, with 110 engineers across nine teams, I owned our $400M mobile revenue.")]
    public void Teams_joined_to_the_headcount_after_ones_title_are_led_too(string task)
    {
        Assessment a = Assess("Our CEO wanted the mobile apps rebuilt within twelve months.", task,
            "I made the case to the CEO for a phased plan, explained it to my 11 managers and restructured two teams to staff it.",
            "We shipped over two years with revenue up 12%, about $48M a year.", Level.L7);
        Assert.Equal("110 engineers across 9 teams", a.Role.Read);
    }

    [Fact]
    public void Other_teams_after_ones_title_are_not_led()
    {
        Assessment a = Assess("As the EM of the 7-person payments team, I depended on three other teams for the launch.",
            "Ship the new checkout by November.", "I agreed dates with each team's manager and ran a weekly review.",
            "We launched on time and conversion rose 2%, about $1.5M a year.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Teams && s.Relation == Relation.Led);
    }

    [Theory]
    [InlineData("- SDM for the Seller Reports team (8 engineers)\n- Our largest customer made renewal conditional on SSO", "a team of 8 and other teams you worked with")]
    [InlineData("- Sr. Manager, Ads Measurement: 3 EMs, 7 teams, ~70 engineers\n- Privacy changes cut attributable conversions 40%", "70 engineers across 7 teams")]
    [InlineData("I lead the Developer Platform org at a streaming company: 7 teams, ~80 engineers.", "80 engineers across 7 teams")]
    [InlineData("I'm Director of Engineering for core commerce. My organisation is roughly 140 engineers in 14 teams, under 6 engineering managers.", "140 engineers across 14 teams")]
    public void The_organisation_a_manager_names_as_their_own_is_led(string situation, string read)
    {
        Assessment a = Assess(situation, "Own the response over the next year.",
            "I negotiated scope with product, set the plan and reported to the CTO monthly.",
            "Delivered on time; revenue at risk fell by $20M a year.", Level.L7);
        Assert.Equal(read, a.Role.Read);
    }

    [Theory]
    [InlineData("Director of Engineering Maria, with 40 engineers across 6 teams, asked me to fix the deploy pipeline.")]
    [InlineData("Director of Platform Ana told me that 40 engineers across 6 teams were blocked.")]
    [InlineData("I led a working group with five other managers and our HR partner on onboarding.")]
    [InlineData("I worked closely with the data organisation, about 60 engineers in 5 teams.")]
    public void Someone_elses_title_peers_and_an_organisation_worked_with_are_not_led(string situation)
    {
        Assessment a = Assess(situation, "I owned the fix.", "I rewrote the scripts and added tests.", "Deploys fell from 2 hours to 10 minutes.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Count && s.Relation == Relation.Led && s.Value >= 5);
    }

    [Theory]
    [InlineData("I'm a senior software engineer on data infrastructure. I was the technical lead for the Kafka migration of 11 teams.", "a senior software engineer")]
    [InlineData("I was the technical lead for the Kafka migration of 11 teams. Nobody reported to me, but I owned the plan.", "Nobody reported to me")]
    [InlineData("My manager went on leave and asked me to act as manager of our 6-person team for two weeks. I was a senior engineer then.", "a senior engineer")]
    public void A_tech_leads_or_stand_in_managers_title_does_not_outweigh_an_individuals_own_words(string situation, string words)
    {
        Assessment a = Assess(situation, "Move every producing team to the managed service within the year.",
            "I wrote the design, ran a weekly sync with one contact from each team and negotiated a carve-out with the fraud team's lead.",
            "All clusters migrated with zero data loss, saving about $2.3M a year.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains($"“{words}”", a.Role.Read, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_joined_before_reported_to_me_are_led_too()
    {
        Assessment a = Assess("I was Senior Director of Engineering at a digital health company. Five engineering managers and two principal engineers reported to me.",
            "Fix the alert bias across the platform within two years.", "I took it to the executive team and co-funded device studies with three vendors.",
            "The gap closed to parity, and two health systems signed contracts worth about $16M.", Level.L7);
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Managers && s.Value == 5 && s.Relation == Relation.Led);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
    }

    [Theory]
    [InlineData("I'm a Tier 2 support engineer at a payments API company; our biggest account, doing $2B a year through us, was failing.", "a Tier 2 support engineer")]
    [InlineData("As a staff engineer on checkout, I owned availability for 3 billion requests a day; I didn't manage anyone in this.", "a staff engineer")]
    [InlineData("Our checkout handled 3 billion requests a day and outages cost $2.1M each. I didn't manage anyone in this.", "didn't manage anyone")]
    public void Other_individual_titles_and_saying_one_managed_no_one_hold_an_individuals_role(string situation, string words)
    {
        Assessment a = Assess(situation, "Nobody asked, but I made the case to the CEO and the five teams' leads.",
            "I modelled the failures, built a prototype and wrote the migration plan the teams adopted.",
            "Failures fell 90% and finance estimates about $2M a year in avoided losses.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains($"“{words}”", a.Role.Read, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I was a senior consultant leading a small team (me + 3 devs) building a claims app for an insurer.", RoleScope.Individual)]
    [InlineData("I manage a team of 4 engineers building a claims app for an insurer, and hold their one-on-ones weekly.", RoleScope.Team)]
    [InlineData("As the engineering manager I had three engineers from my team on a claims app for an insurer.", RoleScope.Team)]
    public void A_lead_of_a_few_people_with_no_managers_title_or_duty_is_an_individuals_scope(string situation, RoleScope scope)
    {
        Assessment a = Assess(situation, "Rebuild the client's trust in our estimates.", "I offered twice-weekly demos and shared our own bug list.",
            "The client extended the contract six months, about $270K.");
        Assert.Equal(scope, a.Role.Scope);
    }

    [Fact]
    public void A_headcount_after_the_company_is_named_is_the_companys()
    {
        Assessment a = Assess("I was the tech lead of a three-person backend squad at a delivery startup in Berlin, about 60 people in total.",
            "Fix courier assignment within ten days.", "I split the work between the two engineers and wrote the consumer myself.",
            "Median assignment time went from 3m40s to 12 seconds.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Count && s.Value == 60 && s.Relation == Relation.Led);
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
    }

    [Fact]
    public void Notes_with_an_abbreviated_directors_title_and_direct_reports_read_as_the_organisation()
    {
        Assessment a = Assess("Sr Dir Eng, ads measurement (~220 eng; my 4 directs are EMs-of-EMs). Apple's tracking changes threatened 35% of conversion signal.",
            "Decide: patch existing attribution or rebuild on modelled measurement.",
            "- Took the rebuild case to CEO staff; funded as a 2-yr program across 9 teams\n- Killed 3 roadmap projects to fund it",
            "- Advertiser churn avoided, about $31M ARR (finance est.)", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal(ReadsAs.L7, a.ReadsAs);
    }

    [Theory]
    [InlineData("I was an EM at a B2B payroll SaaS in Toronto, about 250 engineers total. My team (7 engineers) owned the API gateway.", 250, false)]
    [InlineData("I manage the payments team at a fintech (8 engineers), which owns card authorisation.", 8, true)]
    public void A_headcount_after_at_a_company_is_the_companys_when_it_is_a_total_or_its_employees(string situation, double count, bool led)
    {
        Assessment a = Assess(situation, "Patch every service within the weekend.", "I pulled in the leads of two other teams and split the work.",
            "All 41 services were patched in 52 hours.");
        Assert.Equal(led, a.Signals.Any(s => s.Kind == SignalKind.Count && s.Value == count && s.Relation == Relation.Led));
    }

    [Fact]
    public void A_share_of_ones_people_is_not_given_as_the_organisations_size()
    {
        Assessment a = Assess("I'm a senior engineering manager in Observability. Four EMs report to me across 6 teams.",
            "Replace our three tracing SDKs with the open standard over three years.",
            "Two of my staff engineers became maintainers upstream, and I ran the migration with every product team.",
            "Three SDKs retired and $12M a year saved in maintenance.", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.DoesNotContain("2 engineers", a.Role.Read, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Three months into my first manager role, our queue vendor announced the end of the version we ran. We're the messaging team, six engineers.")]
    [InlineData("I was promoted to manager last spring, and three months in our queue vendor announced the end of the version we ran. We're the messaging team, six engineers.")]
    public void A_new_managers_own_team_is_theirs_and_unmeasured_work_done_alone_reads_below_L6(string situation)
    {
        // "we're the messaging team" is the team they speak for, not a team worked with; "one of the engineers" in the Result
        // names who took the next one, it measures nothing
        Assessment a = Assess(situation,
            "I had to move us to the new version before the cutoff without dropping the quarter's roadmap.",
            "I read the upgrade notes over a weekend, wrote the plan and made most of the client changes myself behind a flag.",
            "We switched over a week before the cutoff and nobody noticed. Next time I handed it to one of the engineers to own.");
        Assert.Equal(RoleScope.Team, a.Role.Scope);
        Assert.NotEqual(Band.L6, a[Dimension.Teams].Band);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
        Assert.Equal("No result figure: say what changed, in numbers.", a[Dimension.Impact].Note);
    }

    [Theory]
    [InlineData("I'm the mgr of the release tooling team (7 eng) in our platform group. Our customers are ~400 product engineers.")]
    [InlineData("I'm the engineering manager of the release tooling team, 7 engineers. Our users were about 400 product engineers.")]
    public void A_manager_written_short_leads_their_team_and_the_engineers_they_serve_are_not_led(string situation)
    {
        Assessment a = Assess(situation,
            "Cut the median release time under 20 minutes by the end of Q3 without extra headcount.",
            "I had the team profile the pipeline first, then we moved to cached builds and I agreed the rollout with two product teams' leads.",
            "Median release time fell from 55 to 14 minutes, worth about $1.5M a year in engineer time.");
        Assert.StartsWith("a team of 7", a.Role.Read, StringComparison.Ordinal);
        Assert.Equal("7 people.", a[Dimension.People].Note);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I lead identity and access at a travel company, five managers and about 60 engineers across six teams.", "60 engineers across 6 teams")]
    [InlineData("I run data platform: 4 EMs, 45 engineers, 5 teams.", "45 engineers across 5 teams")]
    [InlineData("Head of developer experience: 6 teams, 52 engineers.", "52 engineers across 6 teams")]
    [InlineData("When payments grew to four products, I formed 7 squads, about 80 engineers, under one platform group.", "80 engineers across 7 teams")]
    public void A_directors_organisation_given_after_leading_words_a_heading_title_or_forming_it_is_led(string situation, string read)
    {
        Assessment a = Assess(situation,
            "Move every product line onto one shared platform over three years.",
            "I wrote the three-year plan, won $15M of funding from the CFO and had my managers migrate one business unit a quarter.",
            "All product lines moved; costs fell $12M a year.", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal(read, a.Role.Read);
        Assert.Equal(ReadsAs.L7, a.ReadsAs);
    }

    [Fact]
    public void Leading_words_before_a_headcount_that_starts_with_engineers_or_users_do_not_make_it_led()
    {
        // only a headcount that opens with managers is read as the organisation: a company is not sized by its managers
        Assessment a = Assess("I lead checkout at a retailer, 900 engineers in total across 70 teams.",
            "Cut checkout latency in half this year.",
            "I had my team of 8 profile the slowest calls and agreed a rollout with the two teams that own the cart.",
            "Median checkout latency fell from 800ms to 350ms, worth $2M a year.");
        Assert.NotEqual(RoleScope.Organisation, a.Role.Scope);
    }

    [Fact]
    public void I_had_three_teams_is_a_lead_of_them()
    {
        Assessment a = Assess("So I had three teams, um, a bit over twenty engineers, on seller onboarding.",
            "Rebuild onboarding by the end of Q3.", "I wrote the plan, agreed the cutover with my director and ran the rollout country by country.",
            "Verification time fell from 9 days to 2, worth about $3M a year in new seller revenue.");
        Assert.Equal(RoleScope.SeveralTeams, a.Role.Scope);
        Assert.StartsWith("20 engineers across 3 teams", a.Role.Read, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Result_measured_in_latency_alone_is_a_measured_result()
    {
        // "p99 was around four hundred milliseconds" measures what changed, though in no dollars
        Assessment a = Assess("I managed the checkout API team, seven engineers, and p99 had crept up to nearly two seconds.",
            "I committed to getting p99 under half a second within two quarters.",
            "I had the team break the tail down, agreed timeouts and a batch endpoint with the pricing team's manager, and we added a cached fallback.",
            "By the end of the second quarter p99 was around four hundred milliseconds.");
        Assert.Contains(a.Signals, s => s.Kind == SignalKind.Measure && s.Match == "four hundred milliseconds");
        Assert.Equal("Results in numbers, but no dollar value on them.", a[Dimension.Impact].Note);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Fact]
    public void I_was_running_the_org_leads_the_headcount_said_after_it()
    {
        Assessment a = Assess("So I was running the payments org at the time, um, a bit over a hundred engineers, eight teams.",
            "Decide whether to rebuild fraud scoring, a two-year programme.",
            "I had two of my managers run a vendor bake-off, then took the build case to the CFO and the head of risk.",
            "After two years fraud losses were down around fifteen million a year.", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal("100 engineers across 8 teams", a.Role.Read);
        Assert.Equal(ReadsAs.L7, a.ReadsAs);
    }

    [Theory]
    [InlineData("I had taken over a struggling platform engineering org of seven teams after a reorg.")]
    [InlineData("I took over the storage org of seven teams after a reorg.")]
    [InlineData("Last year I had been running an infrastructure org of seven teams.")]
    public void An_organisation_taken_over_or_run_is_led(string situation)
    {
        Assessment a = Assess(situation, "Stabilise the org within a year and build a bench of managers.",
            "I covered the teams without managers myself, ran a trial-manager programme and rebuilt hiring with recruiting.",
            "Attrition fell from 31% to 11% over two years.", Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal("7 teams", a.Role.Read);
    }

    [Fact]
    public void Someone_else_taking_over_an_organisation_does_not_make_it_led()
    {
        Assessment a = Assess("When my director took over the storage org of seven teams, I was the engineering manager of one of them, 8 engineers.",
            "Cut storage cost this year.", "I had my team profile the hot paths and agreed a tiering plan with two other teams.",
            "Storage cost fell 30%, about $2M a year.");
        Assert.NotEqual(RoleScope.Organisation, a.Role.Scope);
    }

    [Theory]
    [InlineData("SDE II here, trying to make the jump to SDM, so posting my story. I'm on a 7-person team that owns returns.", "SDE II")]
    [InlineData("Senior engineer here. I'm on a 7-person team that owns returns.", "Senior engineer")]
    [InlineData("I'm on a 7-person team that owns returns; I'm still an SDE II.", "an SDE II")]
    public void An_individual_who_introduces_themselves_by_title_holds_an_individuals_role(string situation, string words)
    {
        Assessment a = Assess(situation, "Nobody asked me to, but I wanted to fix our on-call while my manager was on leave.",
            "I tagged six weeks of pages, changed the noisy thresholds myself, set up a weekly handoff and started 1:1s with the two newest engineers.",
            "Pages fell from about 45 a week to 12 over two months.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains($"“{words}”", a.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I was R&D Manager in an online education company, responsible for a team which had 8 members.", "a team of 8")]
    [InlineData("I was Department Manager of the search department; my department consisted of 2 teams, total 14 developers.", "14 engineers across 2 teams")]
    [InlineData("I was Section Chief of the search section. My section consisted of 2 teams, total 14 developers.", "14 engineers across 2 teams")]
    public void Titles_and_teams_written_in_a_formal_style_are_led(string situation, string read)
    {
        Assessment a = Assess(situation, "Reduce the zero-result rate under 5% within two quarters.",
            "I gave clear ownership to each team, negotiated capacity with the product director and reviewed the results every week.",
            "The zero-result rate went down from 11% to 3.5%, about $2.4M a year in additional revenue.");
        Assert.StartsWith(read, a.Role.Read, StringComparison.Ordinal);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I manage the research computing group at a university: 8 people, sysadmins and research software engineers.", RoleScope.Team)]
    [InlineData("I run the payments group, 9 engineers.", RoleScope.Team)]
    public void A_group_one_manages_is_led_and_a_working_group_is_not(string situation, RoleScope scope)
    {
        Assessment a = Assess(situation, "Bring GPU queue times down before the capital bid.",
            "I had the data pulled, changed the scheduling policy and took the results to the deans.",
            "Median queue wait fell from 4.5 days to 7 hours, and about $1.5M of capital was avoided.");
        Assert.Equal(scope, a.Role.Scope == RoleScope.SeveralTeams ? RoleScope.Team : a.Role.Scope);
    }
}
