using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>Whose unit a headcount sizes, read from the title, the unit led and the sentence around it; prices that are not stakes;
/// part labels typed into the part; and a lead's title with nothing led behind it.</summary>
public class TitlesAndUnitsTests
{
    private static Assessment Assess(string s, string t, string a, string r, Level target = Level.L6) =>
        Assessor.Default.Assess(new StarAnswer(s, t, a, r), target);

    private static List<Signal> Signals(StarPart part, string text) => SignalExtractor.Extract(StarAnswer.Empty.With(part, text));

    private static Signal Count(IEnumerable<Signal> signals, double value) =>
        Assert.Single(signals, s => s.Kind == SignalKind.Count && s.Value == value);

    [Fact]
    public void A_part_label_typed_into_the_part_is_not_part_of_the_sentence()
    {
        int index = 0;
        string[] sentences = TextScan.Sentences(StarPart.Situation,
                "**S:** I joined the EV division.\nSituation - we had 9 teams.\n**Task:**\nA:B testing showed it.\nT:10 was the deadline.\nA - B testing next.", ref index)
            .Select(s => s.Text).ToArray();
        Assert.Equal(["I joined the EV division.", "we had 9 teams.", "A:B testing showed it.", "T:10 was the deadline.", "A - B testing next."], sentences);
    }

    [Fact]
    public void A_title_after_a_part_label_opens_the_answer_as_on_a_resume()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "**Situation:** Director, Connected Vehicle Platform at a mid-size automotive OEM (8 teams, ~130 engineers: telematics, OTA backend, gateway).");
        Assert.Equal(Relation.Led, Count(signals, 130).Relation);
        Assert.Equal(Relation.Led, Count(signals, 8).Relation);
    }

    [Fact]
    public void A_vice_president_of_anything_leads_the_organisation_sized_after_the_title()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "I was VP of Network Software at a national mobile carrier, with about 180 engineers across 9 teams plus three vendor integrators.");
        Assert.Equal(Relation.Led, Count(signals, 180).Relation);
        Assert.Equal(Relation.Led, Count(signals, 9).Relation);
    }

    [Theory]
    [InlineData("The VP of Network Software, with about 180 engineers across 9 teams, asked me to help.")]
    [InlineData("I briefed the VP of Network Software, who has about 180 engineers across 9 teams.")]
    [InlineData("I told VP of Network Software Sarah Chen that about 180 engineers across 9 teams were blocked.")]
    public void Someone_elses_vice_president_leads_nothing_of_mine(string situation)
    {
        Assert.NotEqual(Relation.Led, Count(Signals(StarPart.Situation, situation), 180).Relation);
    }

    [Theory]
    [InlineData("I lead engineering for the merchant acquiring platform at a European payments company: 6 teams, about 70 engineers.", 70)]
    [InlineData("I lead product engineering for a nonprofit health system with 23 hospitals: about 160 engineers in 14 teams covering clinical apps.", 160)]
    public void A_unit_led_at_a_workplace_is_sized_right_after_it(string situation, double engineers)
    {
        Assert.Equal(Relation.Led, Count(Signals(StarPart.Situation, situation), engineers).Relation);
    }

    [Fact]
    public void A_piece_of_work_led_at_a_workplace_does_not_make_its_headcount_mine()
    {
        List<Signal> signals = Signals(StarPart.Situation, "I led the checkout migration at a large retailer: 900 engineers in 60 teams.");
        Assert.NotEqual(Relation.Led, Count(signals, 900).Relation);
    }

    [Theory]
    [InlineData("My team was 7: four engineers, two designers, one QA.", 7)]
    [InlineData("My team is 12, split across two time zones.", 12)]
    public void My_team_was_N_sizes_my_team(string situation, double size)
    {
        Signal count = Count(Signals(StarPart.Situation, situation), size);
        Assert.Equal((CountCategory.Engineers, Relation.Led), (count.Category, count.Relation));
    }

    [Fact]
    public void My_team_was_N_weeks_late_is_a_time_not_a_team()
    {
        Assert.DoesNotContain(Signals(StarPart.Situation, "My team was 2 weeks behind."), s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers);
    }

    [Fact]
    public void A_headcount_that_opens_the_sentence_after_the_team_I_lead_sizes_it()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "I lead the Search Availability team at a travel-tech company in Amsterdam. 8 engineers, two of them in Lisbon. Our supplier cut our calls.");
        Assert.Equal(Relation.Led, Count(signals, 8).Relation);
    }

    [Theory]
    [InlineData("The platform team owns the cluster. 40 engineers depend on it.")]
    [InlineData("I lead the search team, 6 engineers. 40 engineers, most of them contractors, joined the company that year.")]
    [InlineData("I lead the search team. 40 engineers joined the company that year.")]
    public void A_headcount_after_a_sentence_that_leads_no_team_of_mine_or_one_sized_already_stays_unstated(string situation)
    {
        Assert.NotEqual(Relation.Led, Count(Signals(StarPart.Situation, situation), 40).Relation);
    }

    [Fact]
    public void People_in_brackets_that_describe_the_company_are_the_companys()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "I lead the Search Availability team at a travel-tech scale-up in Amsterdam (hotels and apartments, ~900 people).");
        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Count && s.Value == 900);
        // brackets that size the teams named before them stay people: "a games studio, 4 teams (~30 people)"
        Assert.Contains(Signals(StarPart.Situation, "I'm a senior EM at a mobile games studio, 4 teams (~30 people) owning the store."),
            s => s.Kind == SignalKind.Count && s.Value == 30);
    }

    [Theory]
    [InlineData("They charged us roughly EUR 0.004 per transaction on ~5B transactions a year.")]
    [InlineData("Each software recall meant a dealer visit, ~$60-110 per vehicle.")]
    [InlineData("Licences were $40 / seat.")]
    public void The_price_of_one_thing_is_context_not_stakes(string situation)
    {
        Signal money = Assert.Single(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Context, money.Role);
    }

    [Theory]
    [InlineData("Based on earlier incidents, the risk team estimated the avoided losses at about $2-3M a year.")]
    [InlineData("We prevented fraud losses of about $2.5M a year.")]
    [InlineData("That averted losses of $2.5M a year.")]
    public void A_loss_kept_from_happening_is_what_the_result_is_worth(string result)
    {
        Signal money = Assert.Single(Signals(StarPart.Result, result), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Impact, money.Role);
    }

    [Theory]
    [InlineData("We still took losses of about $2.5M that year.")]
    [InlineData("Even so, avoidable losses were $2.5M.")]
    public void A_loss_that_happened_in_the_result_is_still_a_loss(string result)
    {
        Signal money = Assert.Single(Signals(StarPart.Result, result), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Stakes, money.Role);
    }

    [Theory]
    [InlineData("In the Navy I ran a division of 38 sailors, and I came into tech as an SRE at a SaaS company with about 1,200 engineers.", 1200, false)]
    [InlineData("I managed the billing team, and I later joined a bank with about 900 engineers as an architect.", 900, false)]
    [InlineData("I ran the data platform division, and then I spent a year as an architect at a bank of about 4,000 engineers.", 4000, false)]
    [InlineData("I run the platform division, about 120 engineers, and I report to the CTO.", 120, true)]
    public void A_unit_led_sizes_its_own_clause_not_the_next_clause_of_mine(string situation, double engineers, bool led)
    {
        Assert.Equal(led, Count(Signals(StarPart.Situation, situation), engineers).Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I manage the sanctions screening service, team of eight.", 8, true)]
    [InlineData("So, at a challenger bank, I manage the payments service, a team of 6.", 6, true)]
    [InlineData("Concretely, I own the scheduling team (9 engineers) and partnered with the integrations team.", 9, true)]
    [InlineData("After the launch, I joined the payments service, a team of 6.", 6, false)]
    [InlineData("My manager and I ran the payments service, a team of 6.", 6, false)]
    [InlineData("So, at a challenger bank, I manage the payments service for a company of 600 engineers.", 600, false)]
    public void A_unit_managed_after_an_opening_phrase_or_sized_as_a_team_of_n_is_led(string situation, double engineers, bool led)
    {
        Assert.Equal(led, Count(Signals(StarPart.Situation, situation), engineers).Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I went through 18 months of invoices line by line against the contract schedules myself.")]
    [InlineData("I had one engineer pull six weeks of sequence-gap logs and line them up against our arbitration logic.")]
    [InlineData("I looked at the last two quarters of tickets and found the pattern.")]
    public void The_span_of_records_read_is_not_how_long_the_work_ran(string action)
    {
        Assert.DoesNotContain(Signals(StarPart.Action, action), s => s.Kind == SignalKind.Duration);
    }

    [Theory]
    [InlineData("It took 18 months of work across three teams.", 18)]
    [InlineData("After two quarters of migrations, the last service moved.", 6)]
    public void A_span_of_work_is_still_a_duration(string action, double months)
    {
        Assert.Equal(months, Assert.Single(Signals(StarPart.Action, action), s => s.Kind == SignalKind.Duration).Value, 1);
    }

    [Fact]
    public void My_own_team_is_the_team_the_candidate_leads()
    {
        Assert.Equal(Relation.Led, Count(Signals(StarPart.Action, "Led by example: piloted on my own team of 7 first, then the two peer teams."), 7).Relation);
        Assert.NotEqual(Relation.Led, Count(Signals(StarPart.Action, "Priya piloted it on her own team of 7 first."), 7).Relation);
    }

    [Theory]
    [InlineData("We got the credits out before the next bill, about one point one million in refunds went back.", 1_100_000)]
    [InlineData("About 1.1 million in refunds went back to customers.", 1_100_000)]
    [InlineData("The regulator could have levied 2 million in fines.", 2_000_000)]
    public void An_amount_said_without_a_currency_is_money_beside_refunds_or_fines(string result, double dollars)
    {
        Signal money = Assert.Single(Signals(StarPart.Result, result), s => s.Kind == SignalKind.Money);
        Assert.Equal(dollars, money.Value);
    }

    [Fact]
    public void A_loss_by_the_hour_is_still_at_stake()
    {
        Signal money = Assert.Single(Signals(StarPart.Situation, "Every hour down was losing us $50K per hour of checkout."), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Stakes, money.Role);
    }

    [Fact]
    public void The_budget_office_valuing_a_result_does_not_make_it_a_budget()
    {
        Signal valued = Assert.Single(Signals(StarPart.Result, "Call volume dropped 18% (the city's budget office put that at about $1.3M a year in call-taker cost)."),
            s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Impact, valued.Role);
        Signal budget = Assert.Single(Signals(StarPart.Result, "We finished inside the budget of $1.3M."), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Budget, budget.Role);
    }

    [Theory]
    [InlineData("Our manager left in January and the director asked me to be acting manager until they found a replacement.")]
    [InlineData("Our manager left in January, so they made me manager of the team.")]
    [InlineData("Our manager left in January and I was the interim manager for nine months.")]
    public void A_managers_title_given_to_the_candidate_is_theirs(string situation)
    {
        Assert.Contains(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Leadership && s.Match.Contains("manager", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Our manager left in January and the director asked him to be acting manager.")]
    [InlineData("Priya asked me to be her manager's deputy for the launch.")]
    public void A_managers_title_given_to_someone_else_is_not_the_candidates(string situation)
    {
        Assert.DoesNotContain(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Leadership && s.Match.Contains("manager", StringComparison.Ordinal));
    }

    [Fact]
    public void Direct_reports_make_a_manager_of_someone_who_also_calls_themselves_a_staff_engineer()
    {
        Assessment a = Assess(
            "I'm a staff engineer and also the tech lead manager of the observability team at a games company. I have 5 direct reports. Our vendor bill had grown to $3.8M a year.",
            "Cut observability spend by at least 40%.",
            "I split my team into two pairs and kept one engineer on the vendor side. I agreed a migration schedule with both studio infra leads over two quarters.",
            "After 10 months we cut vendor spend to $1.1M a year.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
        Assert.StartsWith("a team of 5", a.Role.Read, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tech_leads_own_fix_the_same_day_is_an_individuals_story()
    {
        Assessment a = Assess(
            "I'm group tech lead for the playback area at a video streaming service with about 40M daily users. After a CDN config change, playback start failures went from 0.4% to 3% on some Android TV models.",
            "Find the root cause. Everybody was pointing at everybody else.",
            "I pulled raw client logs for a sample of failing sessions. Went through the CDN config diff line by line and found the cause. I also wrote the patch to the URL signer myself since the player team was busy with a release.",
            "The vendor rolled back the setting within a few hours, error rate back to 0.4% same day.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
        Assert.StartsWith("a tech lead's title, but no team you lead is sized or directed, and the story spans days or weeks", a.Role.Read);
    }

    [Fact]
    public void A_managers_own_fix_with_no_time_frame_and_no_team_sized_shows_no_team_led()
    {
        Assessment a = Assess(
            "I'm a Senior Engineering Manager in the Hotels division of a large online travel agency. Our partner rate feed started returning stale prices for 1,200 hotels.",
            "Someone had to fix it fast because we were selling rooms at last week's prices.",
            "The on-call engineer was new and unsure what to do, so I jumped in myself. I pulled the logs and found a date-parsing change. I wrote the fix myself and deployed it.",
            "Prices were correct again, and we recovered most of the $150K of bookings at wrong rates from the partner.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Contains("no time frame is given", a.Role.Read, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tech_lead_who_carries_a_teams_work_over_months_still_leads_it()
    {
        Assessment a = Assess(
            "My team had built APIs that let the capacity team rebalance resources across zones. A small group of apps was still not covered.",
            "As tech lead it was on me to settle the technical disagreement with my manager and deliver something that covered those apps.",
            "I went to the network team to find out what tools already existed, and came up with a workflow in two phases.",
            "We put the workflow in place within 1 month, and within 3 months the team finished fully automatic rebalancing.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
    }

    [Theory]
    [InlineData("I asked the team to pair on the fix while I handled the partner.", "Prices were correct again within hours.")]
    [InlineData("I held one-on-ones with the two engineers on call that week and wrote the fix.", "Prices were correct again within hours.")]
    public void A_manager_who_directs_or_manages_people_on_a_short_story_still_leads(string action, string result)
    {
        Assessment a = Assess("I'm a Senior Engineering Manager in the Hotels division of a large online travel agency.",
            "Our partner rate feed started returning stale prices.", action, result);
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
    }

    [Fact]
    public void A_manager_who_sizes_the_team_still_leads_it_on_a_short_story()
    {
        Assessment a = Assess(
            "I manage a team of seven engineers that owns the ingestion service.",
            "Our biggest partner changed schema two days before go-live.",
            "I split the team into two pairs and had one pair rewrite the parser while the other built the side-by-side diff.",
            "The partner went live on time with zero dropped SKUs.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
    }
    [Fact]
    public void A_manager_answer_with_no_figure_but_the_teams_size_reads_below_L6()
    {
        const string situation = "I manage three managers in the platform org. In general when I disagree with my VP I try to bring data.";
        const string task = "Make sure my concerns were heard while still supporting the decision.";
        const string action = "I raised my concerns in our staff meeting and in my 1:1 with the VP, then helped communicate the decision to my teams.";
        Assessment general = Assess(situation, task, action, "In the end the reorg happened and I think it mostly worked out.");
        Assert.Equal(ReadsAs.BelowL6, general.ReadsAs);
        // a figure anywhere in the story (here what it cost) shows its scope, and the reading stands on the evidence
        Assessment costed = Assess(situation, task, action + " The reorg cost us two months of roadmap.", "In the end the reorg happened and I think it mostly worked out.");
        Assert.NotEqual(ReadsAs.BelowL6, costed.ReadsAs);
    }

    [Fact]
    public void Onboarding_users_onto_a_tool_is_not_hiring()
    {
        List<Signal> users = Signals(StarPart.Action, "I personally onboarded the early adopters and iterated on their feedback.");
        Assert.DoesNotContain(users, s => s.Kind == SignalKind.Leadership);
        List<Signal> hires = Signals(StarPart.Action, "I onboarded the two new engineers in their first week.");
        Assert.Contains(hires, s => s.Kind == SignalKind.Leadership);
    }

    [Fact]
    public void A_new_teams_manager_who_hires_it_past_the_floor_is_not_a_lead_of_one()
    {
        Assessment a = Assess("In Jan 2023 I was given the new Merchant Risk team. Headcount plan was 12, I had 1 engineer (internal transfer) plus me.",
            "Hire 11 by end of year without lowering the bar.",
            "I redesigned the interview loop with two sister teams and did every hiring manager call myself.",
            "11 hires by December, 0 regretted attrition in the first 12 months.");
        Assert.NotEqual(RoleScope.Individual, a.Role.Scope);
    }

    [Fact]
    public void A_tech_lead_with_two_engineers_of_their_team_for_a_week_leads_no_team()
    {
        Assessment a = Assess("I led the org's investigation into a playback failure crisis on smart TVs.", "As tech lead I owned getting to root cause.",
            "me and two other engineers on my team pulled client logs for a week. I built a repro and found the DRM request timing out.",
            "Start failures on those devices dropped from 6.2% to 0.4%.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
    }

    [Fact]
    public void Whoever_reports_to_me_is_led_and_so_are_the_engineers_joined_to_them()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "At a Tier-1 supplier near Stuttgart, 8 Abteilungsleiter report to me and around 230 engineers in Stuttgart and Cluj.");
        Signal reports = Count(signals, 8);
        Assert.Equal((CountCategory.DirectReports, Relation.Led), (reports.Category, reports.Relation));
        Assert.Equal(Relation.Led, Count(signals, 230).Relation);
    }

    [Fact]
    public void A_German_title_is_ones_own_only_when_strictly_so()
    {
        Assert.Equal(Relation.Led, Count(Signals(StarPart.Situation, "I am Teamleiter of the claims settlement team, 7 developers plus 2 externals."), 7).Relation);
        Assert.DoesNotContain(Signals(StarPart.Situation, "My Abteilungsleiter wanted the migration in one weekend."), s => s.Kind == SignalKind.Leadership);
        Assert.DoesNotContain(Signals(StarPart.Situation, "I told Abteilungsleiter Weber the weekend was too risky."), s => s.Kind == SignalKind.Leadership);
    }

    [Fact]
    public void A_service_I_own_sized_in_brackets_is_my_teams()
    {
        Assert.Equal(Relation.Led, Count(Signals(StarPart.Task, "i own the inventory svc (6 engs)"), 6).Relation);
        Assert.NotEqual(Relation.Led, Count(Signals(StarPart.Task, "I own the design review, 6 engineers read it."), 6).Relation);
    }

    [Fact]
    public void A_headcount_after_the_unit_I_manage_sizes_it()
    {
        List<Signal> signals = Signals(StarPart.Situation,
            "I manage software for the plant floor system at an auto parts maker. 5 engineers and 2 contractors. The plant director wanted it live.");
        Assert.Equal(Relation.Led, Count(signals, 5).Relation);
        List<Signal> ran = Signals(StarPart.Situation, "I ran the numbers for the plant floor system. 5 engineers and 2 contractors worked on it.");
        Assert.NotEqual(Relation.Led, Count(ran, 5).Relation);
    }
    [Fact]
    public void How_late_a_thin_story_in_we_came_in_measures_nothing_that_changed()
    {
        const string situation = "I lead a team of teams in our platform org. We had a big migration with a hard deadline.";
        const string action = "We re-planned, aligned with stakeholders and brought in help from other teams.";
        Assessment late = Assess(situation, "Deliver the migration on time.", action, "We missed the original date by about three weeks but delivered it.");
        Assert.Equal(ReadsAs.BelowL6, late.ReadsAs);
        Assessment measured = Assess(situation, "Deliver the migration on time.", action, "Cutover errors fell 40% against the last migration.");
        Assert.NotEqual(ReadsAs.BelowL6, measured.ReadsAs);
    }

    [Theory]
    [InlineData("I'm a principal engineer (IC, no reports) on the bidding platform.", true)]
    [InlineData("im a staff engineer at a telecom, we have around thirty million subscribers.", true)]
    [InlineData("There were no reports of failures after the change.", false)]
    public void An_individual_contributor_says_so_in_their_own_words(string situation, bool individual)
    {
        Assert.Equal(individual, Signals(StarPart.Situation, situation).Any(s => s.Kind == SignalKind.IndividualRole));
    }

    [Fact]
    public void So_me_plus_two_engineers_is_a_tech_leads_small_team()
    {
        Assert.Equal(Relation.Led, Count(Signals(StarPart.Situation, "The caching work was small, so me plus 2 engineers."), 2).Relation);
    }

    [Theory]
    [InlineData("None of the five teams involved reported to me and they all had their own roadmap.", false)]
    [InlineData("Neither of the two leads reported to me.", false)]
    [InlineData("Five teams reported to me by then.", true)]
    public void Who_does_not_report_to_me_is_not_led(string task, bool led)
    {
        Assert.Equal(led, Signals(StarPart.Task, task).Any(s => s.Kind == SignalKind.Count && s.Relation == Relation.Led));
    }

    [Theory]
    [InlineData("2021-2022: scaled to 12 teams, about 130 engineers plus vendor staff.", 12, true)]
    [InlineData("Then I grew to 6 squads by the end of the year.", 6, true)]
    [InlineData("The company grew to 12 teams that year.", 12, false)]
    public void A_unit_the_candidate_scaled_is_led(string action, double teams, bool led)
    {
        Assert.Equal(led, Count(Signals(StarPart.Action, action), teams).Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I run what my director likes to call a 'team of teams', really three pods, 19 people, each pod with a lead.", 19, true)]
    [InlineData("I run the weekly incident review for the whole platform group, 40 engineers from every team.", 40, false)]
    [InlineData("I led reliability engineering for the cloud data products division: 9 product teams, ~180 engineers, my own org of 4 SRE teams.", 180, false)]
    public void A_unit_run_with_no_workplace_named_is_sized_right_after_it(string situation, double count, bool led)
    {
        Assert.Equal(led, Count(Signals(StarPart.Situation, situation), count).Relation == Relation.Led);
    }
    [Theory]
    [InlineData("All five teams moved and we could end the gateway license, SEK 14 million a year.", "SEK", 14e6 * 0.095)]
    [InlineData("It saves about 3 million kronor a year.", "SEK", 3e6 * 0.095)]
    [InlineData("The licence cost NOK 8 million a year.", "NOK", 8e6 * 0.093)]
    [InlineData("We cut spend by ZAR 20 million a year.", "ZAR", 20e6 * 0.055)]
    public void Crowns_and_rand_are_not_dollars(string result, string code, double dollars)
    {
        Signal money = Assert.Single(Signals(StarPart.Result, result), s => s.Kind == SignalKind.Money);
        Assert.Equal(code, money.Currency!.Code);
        Assert.Equal(dollars, money.Value, 1e-6 * dollars);
    }

    [Theory]
    [InlineData("I am senior developer and architect at a Swedish bank. I'm not a manager, in Sweden it is very flat anyway.", true)]
    [InlineData("I wasn't a people manager back then.", true)]
    [InlineData("I'm not a manager of managers yet, but I run two teams.", false)]
    public void Not_a_manager_in_ones_own_words_is_an_individual(string situation, bool individual)
    {
        Assert.Equal(individual, Signals(StarPart.Situation, situation).Any(s => s.Kind == SignalKind.IndividualRole));
    }

    [Fact]
    public void A_story_from_ones_time_as_an_individual_is_read_as_that_time()
    {
        Assessment then = Assess(
            "I'm a Director of Engineering now, with about 60 people, but the example I come back to is from 2013, when I was a backend engineer at a payments processor.",
            "My lead gave me the problem because I knew the settlement code best.",
            "I pulled a night of raw transactions, replayed them locally and found the timestamps were in local time. I fixed the parser and asked the team to review it.",
            "Reconciliation breaks went to zero and we passed the audit.");
        Assert.DoesNotContain(then.Signals, s => s.Kind == SignalKind.Count && s.Value == 60);
        Assert.DoesNotContain(then.Signals, s => s.Kind == SignalKind.Leadership && s.Match.Contains("Director", StringComparison.Ordinal));
        Assert.Contains(then.Signals, s => s.Kind == SignalKind.Leadership && s.Match.Contains("asked", StringComparison.Ordinal)); // the story's own
        // the same title, with the story told from it, leads its people
        Assessment now = Assess(
            "I was a backend engineer for five years. I'm a Director of Engineering now, with about 60 people, and a settlement job failed reconciliation.",
            "Find and fix it before the quarterly audit.",
            "We built a replay harness, found the timestamps were in local time and fixed the parser.",
            "Reconciliation breaks went to zero and we passed the audit.");
        Assert.NotEqual(RoleScope.Individual, now.Role.Scope);
    }
}
