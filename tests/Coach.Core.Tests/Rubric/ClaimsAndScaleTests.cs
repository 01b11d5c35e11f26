using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>What the candidate claims and what the organisation came to: totals they disown, an employer's size, an organisation
/// grown or reshaped, and the shorthand and number formats of answers typed in a hurry or outside the US.</summary>
public class ClaimsAndScaleTests
{
    private static Assessment Assess(string s, string t, string a, string r, Level target = Level.L6) =>
        Assessor.Default.Assess(new StarAnswer(s, t, a, r), target);

    private static List<Signal> Signals(StarPart part, string text) => SignalExtractor.Extract(StarAnswer.Empty.With(part, text));

    private static IEnumerable<Signal> Claimed(IEnumerable<Signal> signals) =>
        signals.Where(s => s.Kind == SignalKind.Money && s.Role is MoneyRole.Impact or MoneyRole.Stakes);

    [Theory]
    [InlineData("I can't claim the $45M, but a failed cert would have cost us about $1.5M of marketing spend.", 45e6)]
    [InlineData("Worth saying: the $900M is the whole flow, not what we moved.", 900e6)]
    [InlineData("Finance reported fuel expense decreased 11 mil USD that year, but fuel prices fell too; our part we estimated around 3.5 mil USD per year.", 11e6)]
    [InlineData("Fraud losses fell $20M across the company, of which about $4M came from our rules.", 20e6)]
    [InlineData("Fuel spend fell $11M that year. Our share of that, we estimated, was about $3.5M a year.", 11e6)]
    public void A_total_the_candidate_disowns_is_not_their_impact(string result, double total)
    {
        List<Signal> signals = Signals(StarPart.Result, result);
        Assert.Contains(signals, s => s.Kind == SignalKind.Money && s.Value == total && s.Role == MoneyRole.Disowned);
        Assert.DoesNotContain(Claimed(signals), s => s.Value == total);
    }

    [Theory]
    [InlineData("It saved $3M a year, not counting the hardware we returned.")]
    [InlineData("It saved $3M a year, not what we expected: more.")]
    [InlineData("Finance let us claim the full $3M a year.")]
    public void An_amount_the_candidate_keeps_stays_their_impact(string result)
    {
        Signal money = Assert.Single(Signals(StarPart.Result, result), s => s.Kind == SignalKind.Money);
        Assert.Equal(MoneyRole.Impact, money.Role);
    }

    [Fact]
    public void Our_partners_are_not_our_part()
    {
        Assert.All(Signals(StarPart.Result, "It saved $3M a year, and our partners saved another $1M."), s => Assert.NotEqual(MoneyRole.Disowned, s.Role));
    }

    [Fact]
    public void A_disowned_total_is_context_wherever_the_answer_gives_it()
    {
        // the game's revenue in the Situation is not what was at stake once the candidate says it is not theirs
        Assessment a = Assess(
            "I'm the Tech Lead Manager for the engine team at a game studio; 7 engineers report to me. The game went on to make about $45M in its first year.",
            "Get the crash rate under our bar before console certification without moving the date.",
            "I set up daily crash triage with the gameplay and QA leads, moved 3 of my engineers onto memory fragmentation and cut photo mode from launch.",
            "We passed cert on the first attempt with 0.21 crashes per 1000 sessions. I can't claim the $45M, but a failed cert would have cost about $1.5M of spend.");
        Assert.DoesNotContain(Claimed(a.Signals), s => s.Value == 45e6);
        Assert.NotEqual(Band.L7, a[Dimension.Stakes].Band);
        Assert.NotEqual(Band.L7, a[Dimension.Impact].Band);
        Assert.Equal(ReadsAs.L6, a.ReadsAs);
    }

    [Fact]
    public void The_impact_note_says_the_total_is_not_theirs_in_their_words()
    {
        Assessment a = Assess("I manage the hotel booking team, 7 engineers.", "Make prices clear without hurting conversion.",
            "I read 400 verbatims, agreed a single source for fees with two teams and ran a four-week A/B test.",
            "Fee complaints halved. Worth saying: the $900M is the whole flow, not what we moved.");
        Assert.Equal(Band.NotShown, a[Dimension.Impact].Band);
        Assert.Contains("in your words, not what the work did", a[Dimension.Impact].Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I'm Director of Engineering at a 60-person logistics software company in Leeds.")]
    [InlineData("I'm the engineering manager at a 60 person logistics company.")]
    [InlineData("I run engineering at a 60-person game studio.")]
    [InlineData("I was CTO at a sixty-person fintech startup.")]
    public void An_employers_size_is_not_people_led(string situation)
    {
        Assert.DoesNotContain(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Count && s.Value == 60);
    }

    [Theory]
    [InlineData("I am leading 5 section managers, and in total about 80 engineers plus partner company members.", 80)]
    [InlineData("I led ten managers and roughly 120 engineers across the five business units.", 120)]
    [InlineData("I lead a 300-person business unit.", 300)]
    public void People_beside_a_company_word_are_still_counted(string action, double people)
    {
        Assert.Contains(Signals(StarPart.Action, action), s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == people);
    }

    [Fact]
    public void An_organisation_grown_is_led_at_its_largest()
    {
        List<Signal> signals = Signals(StarPart.Action, "Grew the org from 2 teams to 8: engine, data platform, simulation and planner UI.");
        Assert.Equal(8, signals.Where(s => s.Kind == SignalKind.Count && s.Category == CountCategory.Teams && s.Relation == Relation.Led).Max(s => s.Value));
    }

    [Fact]
    public void Teams_restructured_into_a_larger_group_are_the_group_led()
    {
        Assessment a = Assess(
            "I was Deputy Director for Platforms in a central government digital service; 17 departments each built their own payments.",
            "Write a strategy for shared platforms departments would choose, and build the organisation to run them for the long term.",
            "I wrote a four-year platform strategy and took it to the spending review. I restructured what was then three loose project teams into a platform group of 11 teams, about 110 people, with four heads of product and engineering reporting to me.",
            "Four years on, 43 services across 17 departments use the platforms, saving about $12M a year, and two other national governments reuse our published standards.",
            Level.L7);
        Assert.Equal(RoleScope.Organisation, a.Role.Scope);
        Assert.StartsWith("110 engineers across 11 teams", a.Role.Read, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_from_about_one_headcount_to_another_is_not_a_range()
    {
        List<Signal> signals = Signals(StarPart.Action, "I got headcount to grow the org from about 25 to 70 engineers under 6 managers.");
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == 70);
        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Count && s.Value == 47.5);
        // a range stays a range: "a team of about 8 to 12 engineers"
        Assert.Contains(Signals(StarPart.Situation, "I lead a team of about 8 to 12 engineers."), s => s.Kind == SignalKind.Count && s.Value == 10);
    }

    [Fact]
    public void Teams_pulled_together_for_the_candidates_programme_are_led()
    {
        List<Signal> signals = Signals(StarPart.Action, "I pulled together 9 teams, roughly 85 engineers across checkout, mobile and risk.");
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Teams && s.Value == 9 && s.Relation == Relation.Led);
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == 85 && s.Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I'm Director of Engineering at an online grocery company in four countries, about 130 engineers in 11 teams.", true)]
    [InlineData("I'm VP Engineering at a logistics company, about 130 engineers in 11 teams.", true)]
    [InlineData("I'm an engineering manager at an online grocery company in four countries, about 130 engineers in 11 teams.", false)]
    [InlineData("I'm Director of Engineering at a retailer, about 130 engineers in total.", false)]
    public void The_engineers_of_a_company_are_led_by_the_head_of_its_engineering(string situation, bool led)
    {
        Assert.Equal(led, Signals(StarPart.Situation, situation).Any(s => s.Kind == SignalKind.Count && s.Value == 130 && s.Relation == Relation.Led));
    }

    [Fact]
    public void A_tech_lead_whose_team_is_them_and_two_others_leads_an_individuals_scope()
    {
        Assessment a = Assess("I'm tech lead on the pricing experiments squad at a food delivery app. It's me and two other engineers, and we work with one PM.",
            "Something looked off in the test results, so before launch I wanted to understand why.",
            "I pulled the raw assignment logs, found a caching bug that leaked the new fee into the control group, and rebuilt the analysis.",
            "The second test confirmed it and we launched the modified version; every experiment now has a sample-ratio check.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Fact]
    public void Executives_who_heard_an_analysis_do_not_make_an_organisation_without_an_executive_title()
    {
        // anyone can take their analysis to the CMO; with no one led named, organisation scope takes teams across the organisation,
        // reach outside the company, or an executive's title of one's own
        Assessment analyst = Assess(
            "I'm a data science manager at a mobile operator. Postpaid churn jumped from about 1.4% to 1.9% a month and nobody could explain it.",
            "I wanted to find out what was driving it before we spent money on retention discounts.",
            "I pulled 18 months of customer data myself, built a gradient boosting model and found a billing migration bug. I wrote it up and took it to the head of billing and the CMO.",
            "Billing fixed the bug, churn went back to normal within two months, and finance estimated about $8M a year in retained revenue.");
        Assert.NotEqual(RoleScope.Organisation, analyst.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, analyst.ReadsAs);

        Assessment vp = Assess(
            "VP Eng at a logistics company. The board wanted 30+ months of runway; cloud and tooling cost $14.5M a year.",
            "Get structural cost out without gutting engineering. The CEO and CFO wanted a layoff plan as option A; I owned option B.",
            "I made cost per shipment a top-level metric reviewed monthly with the CFO, sunset two legacy products with the CPO and CEO, and renegotiated our largest contracts.",
            "About $10.9M a year came out over 18 months, gross margin went from 61% to 72%, and runway from 19 to 34 months.",
            Level.L7);
        Assert.Equal(RoleScope.Organisation, vp.Role.Scope);
    }

    [Fact]
    public void A_loss_the_candidate_estimates_was_avoided_is_not_money_that_makes_an_organisation()
    {
        // what was at stake is read in the Situation and the Task, as the stakes dimension reads it
        Assessment a = Assess(
            "At my telco, config mistakes were the number one cause of outages. Every team had its own YAML and nobody validated anything.",
            "I took it on myself to fix config quality for the whole engineering organisation.",
            "I built a CLI over about six weekends that checks types and required keys, wrote a GitHub Action wrapper, and demoed it at the all-hands.",
            "I transformed how our entire engineering org handles configuration. Conservatively, I estimate it has avoided more than $10M in outage risk.");
        Assert.NotEqual(RoleScope.Organisation, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I manage the payments orchestration team at an online travel company, seven engineers.", true)]
    [InlineData("I manage the checkout team at a large retailer, 900 engineers in 60 teams.", false)]
    [InlineData("I lead a three-person squad at a startup, about 60 people in total.", false)]
    public void A_teams_headcount_after_the_company_is_the_teams_unless_it_counts_the_company(string situation, bool led)
    {
        Signal count = Signals(StarPart.Situation, situation).Where(s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers).MaxBy(s => s.Value)!;
        Assert.Equal(led, count.Relation == Relation.Led);
    }

    [Fact]
    public void People_the_candidate_moves_between_pieces_of_work_are_theirs()
    {
        Signal moved = Assert.Single(Signals(StarPart.Action, "I pulled two engineers off a lower-priority project to build it."),
            s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers);
        Assert.Equal(Relation.Led, moved.Relation);
        Assert.True(moved.Share); // a share of the candidate's people, who are more
        Assert.Equal(Relation.Unstated, Assert.Single(Signals(StarPart.Action, "My manager pulled two engineers off the project."),
            s => s.Kind == SignalKind.Count).Relation);
    }

    [Theory]
    [InlineData("I manage the Player Data team (6 engineers) at a game studio of ~1,100 people.", 1_100)]
    [InlineData("Company ~12k people, our public API does about 300M calls a day. I manage the Rate Limiting team, 5 engineers.", 12_000)]
    [InlineData("I joined a payments company (around 4,000 employees, $1.2B revenue) as EM for the Disputes team, 7 engineers.", 4_000)]
    [InlineData("We were about 4,000 employees by then. I managed the Disputes team, 7 engineers.", 4_000)]
    public void A_companys_headcount_is_not_people_led_or_reached(string situation, double company)
    {
        List<Signal> signals = Signals(StarPart.Situation, situation);
        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Count && s.Value == company);
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I manage the Checkout Payments team at a food delivery company (9 engineers, 2 of them senior).", 9)]
    [InlineData("I was CTO at a 12-person fintech startup (eight engineers reported to me, the rest were sales).", 8)]
    [InlineData("I manage 40 employees across two sites.", 40)]
    public void Ones_own_people_beside_a_company_are_still_led(string situation, double people)
    {
        Assert.Contains(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Count && s.Value == people && s.Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I'm a senior SRE on the edge delivery team at a video streaming company.", true)]
    [InlineData("I was a senior data scientist on the pricing team.", true)]
    [InlineData("I was a business analyst at a bank.", true)]
    [InlineData("I wrote the strategy and got the CFO to co-sign it, so it wasn't seen as an SRE initiative.", false)]
    public void Site_reliability_engineers_scientists_and_analysts_name_an_individuals_role(string text, bool individual)
    {
        Assert.Equal(individual, Signals(StarPart.Situation, text).Any(s => s.Kind == SignalKind.IndividualRole));
    }

    [Theory]
    [InlineData("After 4 years as an engineering manager I moved back to IC, as senior engineer in the event-tracking team.")]
    [InlineData("I was formerly an engineering manager; now I'm a senior engineer on the event-tracking team.")]
    public void A_managers_title_held_before_the_story_does_not_hold_its_role(string situation)
    {
        Assessment a = Assess(situation, "My tech lead asked me to own the storage decision before peak season.",
            "I benchmarked partitioned Postgres against the current setup with a replay of one peak day and wrote a one-page decision doc.",
            "Partitioning shipped in 4 weeks instead of a 2-quarter migration, and p99 latency went from 900ms to 120ms.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Fact]
    public void A_team_one_does_not_manage_is_not_led()
    {
        Assessment a = Assess(
            "I'm a staff engineer on the data platform team. Telemetry comes from about 12 producer teams into Kafka, and our pipelines consume it.",
            "I don't manage any of those teams, and our VP wouldn't mandate it, so I had to get them to want a schema registry.",
            "I wrote a short RFC that opened with the incidents by team, built the compatibility checks and paired with each team on its first schema.",
            "Schema-related breakages went from roughly 8 a month to 2 or 3 a quarter.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Leadership && s.Match.Contains("manage", StringComparison.Ordinal));
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Fact]
    public void An_organisation_one_has_is_led_past_words_of_degree_and_with_its_teams()
    {
        List<Signal> signals = Signals(StarPart.Action, "I took two teams from IT infra into my org, so now I have about 160 engineers in 12 teams with 10 managers.");
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == 160 && s.Relation == Relation.Led);
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Teams && s.Value == 12 && s.Relation == Relation.Led);
    }

    [Fact]
    public void A_role_with_one_team_is_not_read_as_across_teams()
    {
        Assessment a = Assess("I'm head of security engineering at a healthcare company.", "Make every team secure by default.",
            "I built my org up to four managers and 28 engineers, with one team per area, and kept the champions network under me.",
            "After 30 months, 97% of production credentials were short-lived and direct savings were about $11M a year.", Level.L7);
        Assert.DoesNotContain("1 teams", a.Role.Read, StringComparison.Ordinal);
        Assert.DoesNotContain("1 managers", a.Role.Read, StringComparison.Ordinal);

        Assessment several = Assess("I manage 18 engineers in one team.", "Cut the release time.", "I split the release into stages and automated the checks.",
            "Releases went from two days to four hours.");
        Assert.Equal(RoleScope.SeveralTeams, several.Role.Scope);
        Assert.DoesNotContain("1 teams", several.Role.Read, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Senior data scientist at a home goods retailer. The merchandising team forecast demand with a moving average.", true)]
    [InlineData("Senior software engineer, payments platform. Our checkout failed at peak.", true)]
    [InlineData("The merchandising team forecast demand with a moving average. Senior data scientist at a home goods retailer.", false)]
    public void An_answer_that_opens_with_an_individuals_title_names_their_role(string situation, bool individual)
    {
        Assert.Equal(individual, Signals(StarPart.Situation, situation).Any(s => s.Kind == SignalKind.IndividualRole));
    }

    [Fact]
    public void A_tech_leads_pod_of_me_plus_three_is_an_individuals_scope()
    {
        Assessment a = Assess("I was tech lead (not manager) for the live-ops pod on a mobile game. Four of us, me plus three engineers.",
            "Build a new event framework in 5 weeks for a date marketing had announced.",
            "I broke the work into three parts, took the riskiest myself, paired on a race condition and cut the leaderboard from scope.",
            "Shipped on time; revenue during the event was up 22% week over week.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Theory]
    [InlineData("I lead the pick-path optimisation group at a logistics company, 11 engineers in two squads.", 11)]
    [InlineData("I was managing the PKI and secrets team in a telecom operator, 5 engineers.", 5)]
    [InlineData("I was CTO at a 45-person SaaS company. Engineering was 14 people in three squads.", 14)]
    public void A_group_or_team_one_leads_and_the_engineering_an_executive_heads_are_led(string situation, double people)
    {
        Assert.Contains(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Count && s.Value == people && s.Relation == Relation.Led);
    }

    [Theory]
    [InlineData("I was a senior engineer at a 45-person SaaS company. Engineering was 14 people in three squads.", 14)]
    [InlineData("We reported to the head of engineering, who also managed the client and tools teams, 20 engineers.", 20)]
    [InlineData("I was CTO at a 12-person Series A fintech startup; eight engineers reported to me.", 12)]
    public void Someone_elses_teams_and_a_companys_size_are_not_led(string situation, double people)
    {
        Assert.DoesNotContain(Signals(StarPart.Situation, situation), s => s.Kind == SignalKind.Count && s.Value == people && s.Relation == Relation.Led);
    }

    [Fact]
    public void An_and_that_starts_a_clause_still_separates_the_lead_from_another_team()
    {
        Assert.DoesNotContain(Signals(StarPart.Action, "I led the migration, and the billing team agreed to move first."),
            s => s.Kind == SignalKind.Leadership && s.Match.Contains("billing", StringComparison.Ordinal));
        Assert.DoesNotContain(Signals(StarPart.Action, "I led the rollout and the billing team moved first."),
            s => s.Kind == SignalKind.Leadership && s.Match.Contains("billing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I manage the shipping label service at a parcel logistics company, a team of 9 engineers.", 9, true)]
    [InlineData("I manage firmware and OTA update engineering at a fleet telematics company: two squads, 13 engineers.", 13, true)]
    [InlineData("I manage the data platform at a retailer, 900 engineers in total.", 900, false)]
    [InlineData("I run the weekly cross-team incident review for the whole platform group, 40 engineers from every team.", 40, false)]
    public void What_one_manages_at_a_workplace_is_sized_right_after_it(string situation, double people, bool led)
    {
        Assert.Equal(led, Signals(StarPart.Situation, situation).Any(s => s.Kind == SignalKind.Count && s.Value == people && s.Relation == Relation.Led));
    }

    [Fact]
    public void A_wish_to_lead_a_team_is_not_a_team_led()
    {
        Assessment a = Assess("I'm a senior engineer on the playback team at a video streaming service.",
            "Find out why our origin fetch rate was so high.",
            "I pulled a week of CDN logs, found session tokens in manifest URLs and fixed the cache keys with the CDN team's review.",
            "Our monthly CDN bill fell about 18%, which finance estimated at $3.4M a year. This project is what made me realise I want to lead a team.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Leadership && s.Match.Contains("lead a team", StringComparison.Ordinal));
        Assert.Equal(ReadsAs.BelowL6, a.ReadsAs);
    }

    [Fact]
    public void Chat_shorthand_for_engineers_managers_and_people_is_counted()
    {
        List<Signal> signals = Signals(StarPart.Situation, "my org was 6 teams (~70 engg), i hired 2 new mgrs, total hiring ~25 ppl that year.");
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Engineers && s.Value == 70 && s.Relation == Relation.Led);
        Assert.Contains(signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Managers && s.Value == 2);
        Assert.Contains(signals, s => s.Kind == SignalKind.Hiring && s.Value == 25);
    }

    [Fact]
    public void Contractors_on_a_team_are_people_not_outside_partners()
    {
        Assessment a = Assess("I was managing the returns team at an online retailer, nine engineers plus two contractors.",
            "Cut refund time without raising fraud.", "I worked with the payments team manager to move to refund-on-first-scan.",
            "Refund time fell from 9 days to 2, saving about $1.2M a year.");
        Assert.DoesNotContain(a.Signals, s => s.Kind == SignalKind.Count && s.Category == CountCategory.Partners);
        Assert.NotEqual(Band.L7, a[Dimension.Teams].Band);
    }

    [Theory]
    [InlineData("i presented our approach at SREcon APAC 2023.", true)]
    [InlineData("Was invited to speak about it at LeadDev London.", true)]
    [InlineData("We gave a talk on it at GopherCon.", true)]
    [InlineData("Our bank account was at Silicon Valley Bank.", false)]
    public void A_conference_named_is_reach_outside_the_company(string result, bool reach)
    {
        Assert.Equal(reach, Signals(StarPart.Result, result).Any(s => s.Kind == SignalKind.Visibility && s.Level == Band.L7));
    }

    [Theory]
    [InlineData("We now invoice 2,5 million customers a month.", 2_500_000)]
    [InlineData("It saved around 3,2 million USD per year.", 3_200_000)]
    [InlineData("It saved $1,200 a month.", 1_200)]
    [InlineData("We now invoice 12,500 customers a month.", 12_500)]
    public void A_decimal_comma_is_read_as_much_of_Europe_writes_it(string text, double value)
    {
        Assert.Contains(Signals(StarPart.Result, text), s => s.Kind is SignalKind.Money or SignalKind.Count && s.Value == value);
    }

    [Fact]
    public void A_percentage_with_a_decimal_comma_keeps_its_decimals()
    {
        Assert.Contains(Signals(StarPart.Result, "Late deliveries fell from 8,5% to 5%."), s => s.Kind == SignalKind.Percent && s.Value == 8.5);
        Assert.Contains(Signals(StarPart.Result, "Conversion rose from 2,25% to 3%."), s => s.Kind == SignalKind.Percent && s.Value == 2.25);
    }
}
