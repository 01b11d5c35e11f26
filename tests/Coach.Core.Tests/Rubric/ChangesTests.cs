using Coach.Core.Rubric;

namespace Coach.Core.Tests.Rubric;

/// <summary>The changes the feedback proposes: each asked once, none contradicting what the rest of the feedback read.</summary>
public class ChangesTests
{
    private static Assessment Assess(string s, string t, string a, string r, Level target = Level.L6) =>
        Assessor.Default.Assess(new StarAnswer(s, t, a, r), target);

    [Fact]
    public void The_role_change_says_what_was_read_and_is_not_asked_again_as_a_headcount()
    {
        Assessment a = Assess("Our strongest performer, Sarah, kept to herself and brushed off questions.",
            "Help her grow into a mentor without losing her delivery.",
            "I led 1 engineer, Sarah, through weekly coaching, and gave her the design reviews for our service.",
            "Within 4 months Sarah had become one of our best mentors, and team satisfaction scores rose 25%. I learned to coach strengths.");
        Assert.Equal(RoleScope.Individual, a.Role.Scope);
        Assert.StartsWith("a lead of 1 person", a.Role.Read, StringComparison.Ordinal);
        string role = Assert.Single(a.Changes, c => c.StartsWith("Say whom you led", StringComparison.Ordinal));
        Assert.EndsWith($"I read {a.Role.Read}.", role, StringComparison.Ordinal);
        Assert.DoesNotContain(a.Changes, c => c.Contains("No one you led is named", StringComparison.Ordinal));
        Assert.DoesNotContain(a.Changes, c => c.StartsWith("Say how many people you led", StringComparison.Ordinal));
    }

    [Fact]
    public void An_L6_answer_held_from_above_by_its_role_gets_no_ask_for_L7_money()
    {
        Assessment a = Assess(
            "Once our China-based engineers lost access to production, the US team alone carried 24/7 on-call for the company's cloud platform, and the company chose to add teams in Europe and India.",
            "Build Fleet and Apps teams in Europe and in India, each hired within 3 months, as the first step of a 3-year plan for follow-the-sun support.",
            "I standardized the whole hiring flow with AI agents, wrote ramp-up plans and the architecture of key components, presented the plan to our VP, and set up working processes with the Security, Legal, HR and Finance teams.",
            "Both regions finished hiring in 3 months; I brought on 8 engineers across the two regions, and other teams across the org picked up the standardized hiring and ramp-up agents as the company-wide standard.");
        Assert.True(a.HeldByRole);
        Assert.True(a.ReadsAs >= ReadsAs.L6);
        Assert.DoesNotContain(a.Changes, c => c.Contains("$10M+", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_Result_is_asked_for_whole_not_also_for_its_number()
    {
        Assessment a = Assess("Our checkout service failed twice a week.", "I owned its reliability with a team of 6.",
            "I led the team through a rewrite of the retry logic and added load tests.", "");
        Assert.Contains("Missing: Result.", a.Changes);
        Assert.DoesNotContain(a.Changes, c => c.StartsWith("The Result has no number", StringComparison.Ordinal));

        Assessment thin = Assess("Our checkout service failed twice a week.", "I owned its reliability with a team of 6.",
            "I led the team through a rewrite of the retry logic and added load tests.", "It got much better and everyone was happy.");
        Assert.Contains(thin.Structure, c => c.Id == "result-quantified" && !c.Passed);
    }

    [Fact]
    public void At_L7_the_stakes_advice_and_the_context_check_are_one_ask()
    {
        Assessment a = Assess("Our teams had built up a lot of technical debt.", "Cut it without stopping feature work.",
            "I ran a debt-reduction program spanning 12 product teams and 89 engineers and shared the method at 4 engineering-leadership conferences.",
            "Development velocity improved 53% within 12 months, and faster delivery unlocked $34M of extra feature revenue.", Level.L7);
        Assert.Contains(a.Structure, c => c.Id == "situation-context" && !c.Passed);
        Assert.NotEqual(Band.L7, a[Dimension.Stakes].Band);
        Assert.DoesNotContain(a.Changes, c => c.StartsWith("Open the Situation with the business", StringComparison.Ordinal));
    }

    [Fact]
    public void The_under_5M_flag_does_not_quote_a_loss_as_the_impact()
    {
        Assessment a = Assess("On Black Friday the advertising platform went down with $50M of daily revenue exposed.",
            "Restore it and make sure it could not happen again.",
            "I took charge, coordinating 45 engineers from 8 teams, and re-architected the platform with automatic failover.",
            "Service was back in 90 minutes, holding the revenue hit to $8.3M.", Level.L7);
        RedFlag flag = Assert.Single(a.RedFlags, f => f.Id == "impact-under-5m");
        Assert.Null(flag.Evidence);
    }

    [Fact]
    public void Money_is_restated_in_the_currency_it_was_written_in()
    {
        Assessment a = Assess(
            "Our card-authorisation service failed 2% of transactions at peak, costing roughly £4 million a year in lost revenue.",
            "My director asked me to bring the failure rate under 0.5% within two quarters.",
            "I led the payments team of 9 engineers through a rewrite of the retries and negotiated a new timeout with the fraud team.",
            "Failures fell to 0.3%, recovering about £3.2m a year; the hosting move saved EUR 200K a quarter.");
        Assert.Equal("£3.2M (about $4.16M) of impact a year.", a[Dimension.Impact].Note);
        Assert.Equal("£4M (about $5.2M) at stake.", a[Dimension.Stakes].Note);

        Assessment euros = Assess("Late invoices delayed roughly €4M of cash collection each quarter.", "Fix the invoicing component.",
            "I led my team of 6 through a rewrite with the finance team.", "Collection delays fell 80%, saving 2 million euros a year.");
        Assert.Equal("€16M (about $17.6M) a year at stake (€4M quarterly).", euros[Dimension.Stakes].Note);
        Assert.Equal("€2M (about $2.2M) of impact a year.", euros[Dimension.Impact].Note);
    }

    [Fact]
    public void Rupees_are_banded_at_what_they_are_worth_and_restated_in_lakh_and_crore()
    {
        // ₹40 crore is about $4.7M: an L6 amount, not the $400M its digits and scale word would make it in dollars
        Assessment a = Assess(
            "Failed UPI payments at checkout were costing us about Rs. 60 lakh a month in abandoned orders.",
            "As Engineering Manager II for the payments team of 8 engineers, I had to bring failures down within two quarters.",
            "I led the team through a retry redesign and negotiated new timeouts with the bank-integrations team.",
            "Failures fell from 4% to 0.6%, recovering ₹40 crore a year.");
        Assert.Equal(Band.L6, a[Dimension.Impact].Band);
        Assert.Equal("₹40 crore (about $4.71M) of impact a year.", a[Dimension.Impact].Note);
        Assert.Equal("₹7.2 crore (about $847.1K) a year at stake (₹60 lakh monthly).", a[Dimension.Stakes].Note);
    }

    [Fact]
    public void A_few_hires_in_passing_ask_for_a_hiring_engine_only_when_the_question_is_about_hiring()
    {
        var answer = new StarAnswer(
            "Checkout conversion had been flat for two years, and the CEO set a goal of $100M in new revenue. I was Director of Engineering for commerce: 6 engineering managers and about 70 engineers.",
            "I owned the technical strategy for a 3-year re-platforming of checkout, payments and order management.",
            "I wrote the multi-year roadmap, got it funded by the exec team, hired two new managers, and negotiated the contract with our payment processor alongside legal and finance.",
            "Conversion rose 3.1 points, which finance attributes $38M a year in revenue; the architecture is now the reference for 3 business units, and I presented it at QCon.");
        Assessment a = Assessor.Default.Assess(answer, Level.L7, "think-big");
        Assert.Equal(Band.BelowL6, a[Dimension.Hiring].Band);
        Assert.DoesNotContain(a.Changes, c => c.StartsWith("Show the hiring engine", StringComparison.Ordinal));

        Assessment hiring = Assessor.Default.Assess(answer, Level.L7, "hire-and-develop");
        Assert.Contains(hiring.Changes, c => c.StartsWith("Show the hiring engine", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Result_with_no_number_told_only_in_we_reads_below_L6()
    {
        const string situation = "When I took over as the engineering manager of the fulfilment services team, we were paged constantly and partner teams were frustrated.";
        const string task = "Get operational health back on track this half and rebuild trust with the teams that depended on us.";
        const string result = "Over the next few months things got a lot better: fewer pages, a happier team and better feedback from our partners.";
        Assessment we = Assess(situation, task,
            "We categorised every alarm, deleted the noisy ones, set up a weekly ops review with owners, and agreed response times with the partner teams.", result);
        Assert.Contains(we.Structure, c => c.Id == "result-quantified" && !c.Passed); // "the next few months" is no result figure
        Assert.Equal("No result figure: say what changed, in numbers.", we[Dimension.Impact].Note);
        Assert.Equal(ReadsAs.BelowL6, we.ReadsAs);

        Assessment i = Assess(situation, task,
            "I categorised every alarm with the team, deleted the noisy ones, set up a weekly ops review with owners, and agreed response times with the partner teams.", result);
        Assert.True(i.Score > we.Score);
    }

    [Fact]
    public void A_manager_answer_in_we_whose_Result_measures_nothing_reads_below_L6()
    {
        const string situation = "I am the engineering manager for the routing team. Delivery ETAs shown to customers drifted after the driver app updated.";
        const string task = "We needed to find out why and fix it, though the driver app belonged to another team.";
        const string action = "We got together with the driver app team, found the app sent GPS pings less often, agreed a shorter interval near stops and set up a shared alert.";
        Assessment we = Assess(situation, task, action, "We fixed the issue and customers stopped complaining. The two teams work much more closely now.");
        Assert.Equal(ReadsAs.BelowL6, we.ReadsAs);

        Assessment measured = Assess(situation, task, action, "ETA errors fell from 14 minutes to 3, and the two teams work much more closely now.");
        Assert.NotEqual(ReadsAs.BelowL6, measured.ReadsAs);
    }
}
