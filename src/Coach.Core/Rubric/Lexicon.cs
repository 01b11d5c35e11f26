using System.Collections.Frozen;

namespace Coach.Core.Rubric;

/// <summary>What a word or phrase tells the rubric.</summary>
internal enum Tag : byte
{
    // money roles and context
    RoleImpact, RoleStakes, RoleBudget, RoleLossInResult, RoleContext, MoneyContext,
    // periods
    PeriodAnnual, PeriodMonthly, PeriodQuarterly, PeriodWeekly, PeriodDaily, PeriodOneOff,
    // what a count counts
    CatEngineers, CatManagers, CatDirectReports, CatTeams, CatBusinessUnits, CatPartners, CatUsers, CatServices, CatRegions, CatHires,
    // time units
    UnitMinute, UnitHour, UnitDay, UnitWeek, UnitMonth, UnitQuarter, UnitYear, UnitSprint,
    // horizon words
    HorizonMultiYear, HorizonAnnual, HorizonQuarter, HorizonShort,
    // stakeholders
    StakeholderL7, StakeholderL6, StakeholderBelow,
    // technical scope
    ScopeL7, ScopeL6, ScopeBelow,
    // reach outside
    VisibilityL7, VisibilityLimited, IndustryClaim,
    // coordination without numbers
    TeamsOwn, TeamsCross, TeamsSeveral, TeamsOrgWide, TeamsExternal, OtherModifier,
    // everything else the feedback quotes
    Attribution, Lesson, FirstPerson, FirstPersonPlural, Strategy, Execution, BusinessContext, Authority, HireVerb, LeadVerb,
    // whom the candidate leads, a manager's duties, and people or teams that used the work rather than were led
    LeadTitle, ManagerDuty, Adoption,
    // the size of something around the story: a company's revenue, a market, a deal's price
    RoleSize,
    // a word that can start a quantity ("two", "a", "dozens", "usd"): saves the number reader its own look-up
    NumberStart,
}

/// <summary>A phrase lexicon matched over tokens in one pass: first word → candidate phrases.</summary>
internal static class Lexicon
{
    private static readonly (string Phrase, Tag Tag)[] Entries =
    [
        // ---- money roles ----
        .. Many(Tag.RoleImpact, "saved", "saving", "savings", "save", "saves", "reduced", "reduction", "reductions", "cut", "cutting", "lowered",
            "recovered", "recovering", "recouped", "generated", "generating", "generates", "added", "adding", "increased", "increase", "grew", "growing",
            "gain", "gains", "unlocked", "unlocking", "enabled", "enabling", "delivered", "delivering", "avoided", "avoidance", "prevented", "preventing",
            "protected", "protecting", "impact", "value", "uplift", "lift", "boosted", "incremental", "won", "drove", "driving", "captured", "created",
            "creates", "brought in", "improvement", "improved", "returned", "retained", "secured", "efficiency", "efficiencies", "contributed", "produced", "yielded"),
        .. Many(Tag.RoleStakes, "loss", "losses", "losing", "lost", "lose", "risk", "risks", "risking", "at-risk", "threatening", "threatened", "threat",
            "exposure", "penalty", "penalties", "fines", "fine", "jeopardy", "jeopardizing", "jeopardising", "affecting", "impacting", "bleeding",
            "churn", "churning", "outage", "worth", "supporting", "processing", "processes", "handles", "handling", "costing", "costs us", "leaking",
            "burning", "wasting", "wasted", "opportunity", "at stake", "on the line", "business", "transactions", "revenue stream", "pipeline"),
        .. Many(Tag.RoleBudget, "budget", "budgets", "budgeted", "investment", "investments", "invested", "investing", "funding", "funded", "allocated",
            "allocation", "financed", "spent", "capex", "headcount budget", "program budget"),
        .. Many(Tag.RoleLossInResult, "limiting loss", "limited loss", "limiting the loss", "limited the loss", "loss to", "losses to", "only lost", "lost only",
            "hit to", "holding losses to", "held losses to", "capping the loss", "capped the loss"),
        .. Many(Tag.RoleContext, "brings in", "bring in", "in revenue", "in annual revenue", "in sales", "annual revenue of", "revenue of", "generates",
            "makes", "a year in revenue", "in gmv", "gmv of"),
        .. Many(Tag.RoleSize, "company with", "company of", "valued at", "valuation", "turnover", "market cap", "-dollar company", "dollar company",
            "sized", "market size", "market worth", "market of", "market valued", "addressable market", "tam", "deal worth", "deal size", "deal value",
            "deal of", "contract worth", "contract value", "acquired for", "acquisition of", "sold for", "priced at", "company's revenue",
            "company's annual revenue", "annual revenue is", "revenue is"),
        .. Many(Tag.MoneyContext, "revenue", "cost", "costs", "savings", "spend", "sales", "gmv", "arr", "mrr", "budget", "business", "opportunity",
            "profit", "profits", "value", "investment", "income", "bookings", "margin", "ebitda", "opex", "capex", "contract", "deal", "market",
            "refunds", "refund", "chargebacks", "fines", "penalties"),
        // ---- periods ----
        .. Many(Tag.PeriodAnnual, "annual", "annually", "yearly", "per year", "a year", "each year", "every year", "per annum", "p.a", "arr",
            "a yr", "per yr", "/ year", "/ yr", "year-over-year", "run-rate", "run rate", "annualized", "annualised", "in the first year",
            "in its first year", "in year one", "over the year"),
        .. Many(Tag.PeriodMonthly, "monthly", "per month", "a month", "each month", "every month", "/ month", "/ mo", "mrr"),
        .. Many(Tag.PeriodQuarterly, "quarterly", "per quarter", "a quarter", "each quarter", "every quarter", "/ quarter", "/ qtr", "per qtr",
            "a qtr", "each qtr"),
        .. Many(Tag.PeriodWeekly, "weekly", "per week", "a week", "each week", "every week", "/ week", "/ wk", "per wk"),
        .. Many(Tag.PeriodDaily, "daily", "per day", "a day", "each day", "every day", "/ day"),
        .. Many(Tag.PeriodOneOff, "one-time", "one-off", "one time", "one-shot"),
        // ---- count categories ----
        .. Many(Tag.CatEngineers, "engineers", "engineer", "developers", "developer", "devs", "sdes", "sde", "ics", "eng", "engs", "engg", "engrs",
            "contractors", "people", "ppl", "staff", "employees",
            "headcount", "scientists", "designers", "researchers", "members", "folks", "individuals", "contributors", "testers", "analysts",
            "persons", "fte", "ftes", "heads", "programmers", "sres", "person", "strong"),
        .. Many(Tag.CatManagers, "managers", "manager", "mgrs", "ems", "leads", "directors", "leaders", "sdms", "managers of managers", "line managers"),
        .. Many(Tag.CatDirectReports, "direct reports", "reports", "directs"),
        .. Many(Tag.CatTeams, "teams", "team", "squads", "squad", "pods", "groups", "orgs", "organizations", "organisations", "departments",
            "functions", "workstreams", "tribes"),
        .. Many(Tag.CatBusinessUnits, "business units", "business unit", "bus", "divisions", "lines of business", "business lines", "subsidiaries", "product lines", "geographies"),
        .. Many(Tag.CatPartners, "vendors", "vendor", "suppliers", "providers", "partners", "institutions", "companies", "banks", "agencies",
            "carriers", "retailers", "governments", "regulators", "universities", "firms", "manufacturers", "insurers", "hospitals", "airlines",
            "organizations externally", "external partners", "member companies", "oems", "telcos", "isvs"),
        .. Many(Tag.CatUsers, "users", "customers", "merchants", "sellers", "buyers", "subscribers", "clients", "accounts", "devices", "drivers",
            "riders", "patients", "students", "players", "shoppers", "visitors", "consumers", "households", "daus", "maus", "requests", "orders"),
        .. Many(Tag.CatServices, "services", "microservices", "systems", "applications", "apps", "repositories", "repos", "databases", "clusters",
            "data centers", "data centres", "datacenters", "products", "codebases", "pipelines"),
        .. Many(Tag.CatRegions, "countries", "regions", "markets", "geographies", "languages", "continents", "states", "time zones"),
        .. Many(Tag.CatHires, "hires", "new hires", "hiring", "recruits", "openings", "reqs", "positions", "roles"),
        // ---- time units ----
        .. Many(Tag.UnitMinute, "minutes", "minute", "mins", "min", "seconds", "second", "secs", "ms", "milliseconds"),
        .. Many(Tag.UnitHour, "hours", "hour", "hrs", "hr"),
        .. Many(Tag.UnitDay, "days", "day"),
        .. Many(Tag.UnitWeek, "weeks", "week", "wks"),
        .. Many(Tag.UnitMonth, "months", "month", "mos"),
        .. Many(Tag.UnitQuarter, "quarters", "quarter"),
        .. Many(Tag.UnitYear, "years", "year", "yrs"),
        .. Many(Tag.UnitSprint, "sprints", "sprint"),
        // ---- horizon words ----
        .. Many(Tag.HorizonMultiYear, "multi-year", "multiyear", "multi year", "long-term", "long term", "several years", "multiple years",
            "five-year", "three-year", "two-year", "3-year", "5-year", "2-year", "decade", "years-long", "north star", "roadmap through", "over the years"),
        .. Many(Tag.HorizonAnnual, "annual plan", "annual planning", "op1", "op2", "yearly plan", "yearly roadmap", "this year", "the year", "full year",
            "fiscal year", "next year", "h1", "h2", "half-year", "six months", "6-month", "12-month", "nine months", "yearlong", "year-long"),
        .. Many(Tag.HorizonQuarter, "quarter", "quarterly", "q1", "q2", "q3", "q4", "okr", "okrs", "this quarter", "next quarter", "90 days", "90-day", "three months"),
        .. Many(Tag.HorizonShort, "sprint", "sprints", "this week", "next week", "a few days", "overnight", "same day", "couple of weeks", "two weeks", "hackathon"),
        // ---- stakeholders ----
        .. Many(Tag.StakeholderL7, "ceo", "cto", "cfo", "coo", "cpo", "cio", "ciso", "cmo", "cro", "c-level", "c-suite", "c suite", "board", "board of directors",
            "svp", "svps", "evp", "evps", "senior vice president", "executive vice president", "executive team", "executive committee", "exec team",
            "s-team", "leadership team", "regulators", "regulator", "regulatory bodies", "government", "ministry", "central bank", "sec", "fda", "ftc",
            "industry leaders", "chief", "founder", "founders", "president", "general manager", "investors", "analysts", "executives", "senior leadership",
            "vp-level", "vps"),
        .. Many(Tag.StakeholderL6, "vp", "vice president", "director", "directors", "head of", "heads of", "department head", "department heads",
            "product manager", "product managers", "pm", "pms", "product lead", "product owner", "peer managers", "peer ems", "peer engineering managers",
            "principal engineer", "principal engineers", "tpm", "tpms", "program manager", "program managers", "finance", "legal", "security team",
            "sales", "stakeholders", "stakeholder", "ux", "design lead", "customer success", "operations team", "marketing", "senior manager", "skip-level", "skip level",
            "recruiters", "recruiting team", "with recruiting", "talent acquisition", "human resources", "hrbp"),
        .. Many(Tag.StakeholderBelow, "my manager", "my boss", "my lead", "team lead", "tech lead", "my supervisor"),
        // ---- technical scope ----
        .. Many(Tag.ScopeL7, "platform", "platforms", "business unit", "business units", "enterprise-wide", "company-wide", "companywide",
            "org-wide", "organization-wide", "organisation-wide", "organizational", "organisational", "ecosystem", "industry-wide", "across the company",
            "across the organization", "across the organisation", "across the org", "company's", "whole company", "entire company", "global",
            "globally", "worldwide", "operating model", "org structure", "organization design", "organisational design", "next-generation",
            "reference architecture", "architecture adopted", "every product", "all products", "multi-region", "international", "divisions",
            "every service", "all services", "all our services", "whole engineering", "entire engineering", "across engineering", "engineering-wide"),
        .. Many(Tag.ScopeL6, "platform team", "platform teams", "service", "services", "component", "components", "system", "systems", "pipeline", "pipelines", "framework", "api", "apis",
            "database", "databases", "checkout", "processor", "backend", "back-end", "frontend", "front-end", "infrastructure", "cluster", "application",
            "app", "product", "tooling", "library", "sdk", "failover", "architecture", "microservice", "microservices", "stack", "module", "engine",
            "search", "payments", "payment", "billing", "ci", "cd", "ci/cd", "deployment", "monitoring", "observability", "data model", "schema", "migration"),
        .. Many(Tag.ScopeBelow, "task", "ticket", "tickets", "bug", "bugs", "script", "page", "button", "a feature", "the feature", "small feature",
            "one feature", "a report", "dashboard", "a fix", "hotfix", "typo", "config change", "jira", "story points"),
        // ---- reach outside the company ----
        .. Many(Tag.VisibilityL7, "conference", "conferences", "keynote", "keynotes", "spoke at", "speaking at", "presented at", "talk at", "published",
            "publication", "publications", "paper", "papers", "journal", "patent", "patents", "patented", "open source", "open-source", "open-sourced",
            "opensource", "iso", "ietf", "w3c", "rfc", "ieee", "acm", "cncf", "apache", "consortium", "industry standard", "industry standards",
            "open standard", "open standards", "international standard", "github stars", "press", "featured in", "podcast", "thought leadership",
            "re:invent", "reinvent", "kubecon", "qcon", "adopted by other companies", "external talk", "whitepaper", "white paper", "standards body",
            "book", "forbes", "techcrunch", "gartner", "analyst report", "summit", "summits", "meetup", "meetups", "case study", "case studies",
            "harvard business", "spoke about", "talked about it at", "sister companies", "guest lecture", "industry body",
            "industry group", "infoq", "hacker news", "press coverage", "media coverage", "interviewed by", "quoted in", "wall street journal",
            "new york times", "the verge"),
        .. Many(Tag.VisibilityLimited, "blog", "blog post", "tech talk", "brown bag", "brown-bag", "internal talk", "wiki", "write-up", "writeup",
            "newsletter", "all-hands", "all hands", "demo day", "meetup", "internal conference", "guild"),
        .. Many(Tag.IndustryClaim, "industry", "industry-leading", "thought leader", "revolutionized", "revolutionised", "transformed the industry",
            "best in the industry", "world-class", "market-leading", "industry-first", "game-changing", "redefined"),
        // ---- coordination words ----
        .. Many(Tag.TeamsOwn, "my team", "our team", "the team", "with team", "own team", "with my team", "team of", "my engineers", "my squad", "my group"),
        .. Many(Tag.TeamsCross, "cross-team", "cross team", "cross-functional", "cross functional", "partner team", "partner teams", "other teams",
            "another team", "dependent teams", "adjacent teams", "sister team", "sister teams", "peer team", "peer teams", "two teams", "product and design",
            "with product", "with design", "with sre", "with security", "with qa", "with data science", "with the platform team", "downstream teams", "upstream teams"),
        .. Many(Tag.TeamsSeveral, "several teams", "multiple teams", "many teams", "various teams", "three teams", "a few teams", "four teams"),
        .. Many(Tag.TeamsOrgWide, "every team", "all teams", "all engineering teams", "across engineering", "entire engineering", "whole engineering",
            "across the org", "across the organization", "across the organisation", "company-wide", "org-wide", "organization-wide", "organisation-wide",
            "across business units", "across divisions", "across departments", "across the company", "cross-org", "cross-organizational",
            "cross-organisational", "engineering-wide", "department-wide", "multiple business units", "several business units", "all business units"),
        .. Many(Tag.TeamsExternal, "vendor", "vendors", "partner", "partners", "partnership", "partnerships", "external partners", "suppliers", "consortium",
            "regulators", "regulator", "third parties", "third-party", "outside firms", "customers' engineering", "joint venture", "alliance"),
        .. Many(Tag.OtherModifier, "other", "additional", "partner", "adjacent", "sister", "peer", "dependent", "neighbouring", "neighboring", "more", "external"),
        // ---- attribution, lessons, voice, level of thinking ----
        .. Many(Tag.Attribution, "baseline", "baselined", "measured", "measure", "measurement", "measuring", "a/b", "ab test", "a/b test", "a/b tested",
            "experiment", "experiments", "control group", "holdout", "hold-out", "calculated", "calculation", "based on", "attributed", "attribution",
            "finance", "validated", "verified", "confirmed by", "compared with", "compared to", "versus", "vs", "year-over-year", "yoy", "gmv",
            "cohort", "instrumented", "methodology", "conservative", "conservatively", "audited", "signed off", "tracked", "counterfactual",
            "difference-in-differences", "pre-post", "before and after", "against the", "finance team", "fp&a", "from the dashboard", "on an annual basis"),
        .. Many(Tag.Lesson, "learned", "learnt", "lesson", "lessons", "takeaway", "takeaways", "in hindsight", "in retrospect", "next time",
            "differently", "taught me", "i realized", "i realised", "i now", "since then", "going forward", "i would", "reflecting", "what i'd change",
            "if i did it again", "key insight", "the insight"),
        .. Many(Tag.FirstPerson, "i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"),
        .. Many(Tag.FirstPersonPlural, "we", "we're", "we've", "we'd", "we'll", "our", "ours", "us", "ourselves"),
        .. Many(Tag.Strategy, "strategy", "strategic", "strategically", "vision", "roadmap", "multi-year", "long-term", "direction", "portfolio",
            "operating model", "org design", "reorganized", "reorganised", "restructured", "standards", "partnership", "partnerships", "market",
            "competitive", "positioning", "business case", "principles", "mechanism", "mechanisms", "culture", "capability", "capabilities",
            "investment thesis", "narrative", "six-pager", "6-pager", "prfaq", "north star", "bet", "bets", "trade-off", "tradeoffs", "trade-offs",
            "prioritization framework", "governance", "build versus buy", "build vs buy"),
        .. Many(Tag.Execution, "implemented", "implementing", "implement", "built", "building", "shipped", "shipping", "deployed", "deploying",
            "migrated", "fixed", "fixing", "optimized", "optimised", "optimizing", "optimising", "coded", "debugged", "tested", "rolled out", "executed",
            "refactored", "configured", "wrote", "tuned", "patched", "released", "launched", "set up", "automated", "profiled", "rewrote", "triaged"),
        .. Many(Tag.BusinessContext, "market", "markets", "competitor", "competitors", "competitive", "competition", "industry", "customers", "revenue",
            "growth", "expansion", "market share", "regulatory", "regulation", "business", "opportunity", "pricing", "churn", "gmv", "share", "margin",
            "strategic", "launch", "enterprise customers", "contract", "deal", "investors"),
        .. Many(Tag.Authority, "reorganized the", "reorganised the", "restructured the", "org structure", "organizational structure",
            "organisational structure", "company strategy", "company's strategy", "technology strategy for the company", "executive team composition",
            "i decided the company", "set the company", "i approved the budget", "hired the vp", "hired vps", "hired directors", "fired the"),
        .. Many(Tag.HireVerb, "hired", "hire", "hiring", "recruited", "recruiting", "onboarded", "onboarding", "grew the team", "grew my team", "grew the org",
            "scaled the team", "scaled the org", "built a team", "built the team", "staffed", "brought on"),
        .. Numbers.StartWords.Select(w => (w, Tag.NumberStart)),
        .. Many(Tag.LeadTitle, "tech lead", "team lead", "technical lead", "engineering manager", "software development manager", "sdm",
            "development manager", "manager of", "head of engineering", "head of", "director of engineering", "engineering lead", "engineering leader", "team leader", "em", "eng manager",
            "people manager", "manager", "senior manager", "group manager", "second-line manager", "director", "senior director", "engineering director", "vp of engineering", "vice president of engineering",
            "dir", "dir eng", "director eng", "dir of eng", "vp eng", "vp engineering", "svp engineering", "cto", "chief technology officer", "head of eng", "em of ems", "manager of managers",
            "mgr", "eng mgr", "engineering mgr", "senior mgr", "sr mgr",
            // a vice president of anything: "I was VP of Network Software" (one's own only when strictly so, see OwnTitle)
            "vp", "vp of", "vice president", "vice president of", "svp", "evp",
            // as titles are given elsewhere: "R&D Manager", "Section Chief", "Department Manager"
            "r&d manager", "section chief", "section manager", "department manager", "department head", "division manager", "division head",
            // German titles as companies use them in English answers: "I am Teamleiter of the claims team", "Bereichsleiter Software"
            "teamleiter", "gruppenleiter", "abteilungsleiter", "bereichsleiter"),
        .. Many(Tag.ManagerDuty, "morale", "burnout", "overtime", "one-on-one", "one-on-ones", "1:1", "1:1s", "check-ins", "career growth",
            "promotion", "promoted", "performance review", "performance reviews", "development plan", "underperformance", "timeline", "timelines",
            "prioritization", "prioritisation", "priorities", "roadmap", "roadmaps", "commitment", "commitments", "quarterly planning",
            "sprint planning", "capacity", "headcount", "expectations", "escalation", "escalations"),
        .. Many(Tag.Adoption, "used", "use", "uses", "adopted", "adopt", "adopts", "adopting", "adoption", "picked up", "took up", "reused",
            "served", "serving", "serves", "rely on", "relied on", "relying on", "depend on", "onboarded onto", "on the library",
            "on the platform", "contributors", "adopters", "community", "default for", "standard for", "reference for", "template for",
            "blueprint for"),
        .. Many(Tag.LeadVerb, "led", "lead", "leading", "managed", "manage", "managing", "ran", "run", "running", "coordinated", "coordinating",
            "directed", "owned", "oversaw", "overseeing", "mentored", "coached", "trained", "aligned", "influenced", "convened", "drove", "headed"),
    ];

    /// <summary>Everyday words that are in no phrase: sharing one string for each saves the tokenizer an allocation.</summary>
    private static readonly string[] CommonWords =
    [
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "over", "under", "about",
        "after", "before", "between", "through", "during", "without", "within", "across", "against", "around", "than", "then", "so", "because",
        "as", "if", "when", "while", "where", "which", "who", "whom", "whose", "what", "why", "how", "that", "this", "these", "those", "it", "its",
        "it's", "they", "them", "their", "he", "she", "him", "her", "his", "you", "your", "one", "two", "all", "any", "each", "every", "both",
        "some", "most", "more", "less", "many", "much", "few", "other", "another", "such", "only", "also", "just", "even", "still", "already",
        "not", "no", "yes", "very", "too", "again", "back", "up", "down", "out", "off", "now", "there", "here", "is", "are", "was", "were", "be",
        "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "done", "doing", "will", "would", "could", "should", "can",
        "may", "might", "must", "shall", "get", "got", "make", "made", "take", "took", "give", "gave", "see", "saw", "know", "knew", "think",
        "thought", "said", "told", "asked", "wanted", "needed", "needs", "need", "new", "old", "first", "last", "next", "same", "own", "whole",
        "team", "teams", "work", "worked", "working", "time", "year", "years", "month", "months", "week", "weeks", "day", "days", "people",
        "system", "systems", "service", "services", "product", "products", "data", "platform", "engineers", "engineer", "manager", "managers",
        "customer", "customers", "problem", "problems", "plan", "plans", "process", "change", "changes", "cost", "costs", "risk", "risks",
        "project", "launch", "goal", "goals", "result", "results", "issue", "issues", "decision", "decisions", "support", "quality", "release",
        "after", "until", "per", "via", "like", "well", "way", "ways", "part", "point", "level", "end", "start", "started", "while", "our",
    ];

    /// <summary>What the role reader looks for in a word, by the word's id (see <see cref="RoleMarkOf"/>).</summary>
    [Flags]
    public enum RoleMark : byte
    {
        None = 0,
        /// <summary>"as", "was", "am", "I'm", "became": a title of one's own may follow.</summary>
        Anchor = 1,
        /// <summary>"me", "reports", "anyone", "anybody", "one": may end "nobody reported to me", "didn't manage anyone".</summary>
        NoReports = 2,
        /// <summary>"internship".</summary>
        Internship = 4,
        /// <summary>An individual contributor's title word: "engineer", "developer", "intern", "grad".</summary>
        IndividualTitle = 8,
        /// <summary>"org", "organisation", "division", "department", "group", "section".</summary>
        Organisation = 16,
    }

    private static readonly (string Word, RoleMark Mark)[] RoleWords =
    [
        ("as", RoleMark.Anchor), ("was", RoleMark.Anchor), ("am", RoleMark.Anchor), ("i'm", RoleMark.Anchor), ("im", RoleMark.Anchor),
        ("became", RoleMark.Anchor),
        ("me", RoleMark.NoReports), ("reports", RoleMark.NoReports), ("anyone", RoleMark.NoReports), ("anybody", RoleMark.NoReports),
        ("one", RoleMark.NoReports), ("internship", RoleMark.Internship),
        ("intern", RoleMark.IndividualTitle), ("engineer", RoleMark.IndividualTitle), ("developer", RoleMark.IndividualTitle),
        ("programmer", RoleMark.IndividualTitle), ("sde", RoleMark.IndividualTitle), ("sde1", RoleMark.IndividualTitle),
        ("sde2", RoleMark.IndividualTitle), ("swe", RoleMark.IndividualTitle), ("grad", RoleMark.IndividualTitle), ("graduate", RoleMark.IndividualTitle),
        ("sre", RoleMark.IndividualTitle), ("scientist", RoleMark.IndividualTitle), ("analyst", RoleMark.IndividualTitle),
        ("org", RoleMark.Organisation), ("organization", RoleMark.Organisation), ("organisation", RoleMark.Organisation),
        ("division", RoleMark.Organisation), ("department", RoleMark.Organisation), ("group", RoleMark.Organisation), ("section", RoleMark.Organisation),
    ];

    private static readonly RoleMark[] RoleMarks;

    /// <summary>The role reader's marks for a token's id (none for -1, a word the lexicon does not know): one array read a token.</summary>
    public static RoleMark RoleMarkOf(int id) => (uint)id < (uint)RoleMarks.Length ? RoleMarks[id] : RoleMark.None;

    private static readonly WordTable Vocabulary;
    private static readonly (int[] Following, Tag Tag, int Group)[]?[] ByFirstId;

#pragma warning disable CA1810 // the tables come from one pass over the entries, in this order
    static Lexicon()
#pragma warning restore CA1810
    {
        // every word of every phrase (as the raw tokenizer reads it) and the everyday words get an id
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int IdFor(string word)
        {
            if (!ids.TryGetValue(word, out int id))
            {
                ids[word] = id = ids.Count;
            }
            return id;
        }
        var byFirst = new Dictionary<int, List<(int[] Following, Tag Tag)>>();
        foreach ((string phrase, Tag tag) in Entries)
        {
            int[] words = TextScan.TokenizeRaw(phrase).Select(t => IdFor(t.Text)).ToArray();
            if (!byFirst.TryGetValue(words[0], out var list))
            {
                byFirst[words[0]] = list = [];
            }
            list.Add((words[1..], tag));
        }
        foreach (string word in CommonWords.Concat(ImplicitFirstPersonVerbs))
        {
            IdFor(word);
        }
        foreach ((string word, RoleMark _) in RoleWords)
        {
            IdFor(word);
        }
        RoleMarks = new RoleMark[ids.Count];
        foreach ((string word, RoleMark mark) in RoleWords)
        {
            RoleMarks[ids[word]] |= mark;
        }
        // longest phrases first so callers can prefer the longest match
        ByFirstId = new (int[] Following, Tag Tag, int Group)[]?[ids.Count];
        foreach ((int first, List<(int[] Following, Tag Tag)> list) in byFirst)
        {
            ByFirstId[first] = list.OrderByDescending(e => e.Following.Length).Select(e => (e.Following, e.Tag, Group(e.Tag))).ToArray();
        }
        Vocabulary = new WordTable(ids);
    }

    /// <summary>The id of a lowercased word the lexicon knows (<paramref name="hash"/> from <see cref="WordTable.Hash"/>)
    /// and the lexicon's own string for it; -1 and null when it does not know it.</summary>
    public static int Find(ReadOnlySpan<char> word, uint hash, out string? known) => Vocabulary.Find(word, hash, out known);

    /// <summary>The id of a word or symbol, -1 when the lexicon does not know it.</summary>
    public static int IdOf(string word) => Vocabulary.Find(word, WordTable.Hash(word), out _);

    /// <summary>Past-tense verbs that open a bullet or sentence with no subject ("Led 8 teams"): an implicit "I".</summary>
    public static readonly FrozenSet<string> ImplicitFirstPersonVerbs = new[]
    {
        "led", "built", "drove", "ran", "set", "made", "wrote", "took", "chose", "gave", "brought", "sought", "won", "spoke", "began", "grew",
        "hired", "designed", "implemented", "coordinated", "convened", "established", "created", "launched", "negotiated", "owned", "defined",
        "architected", "partnered", "pushed", "proposed", "secured", "managed", "mentored", "trained", "organized", "organised", "introduced",
        "reduced", "restored", "wrote", "authored", "championed", "escalated", "aligned", "persuaded", "convinced", "decided", "prioritized",
        "prioritised", "delegated", "sponsored", "recruited", "instituted", "restructured", "reorganized", "reorganised", "formed", "stood",
        "spun", "rebuilt", "replaced", "shipped", "delivered", "migrated", "automated", "optimized", "optimised", "personally", "started",
        "facilitated", "mapped", "interviewed", "audited", "analyzed", "analysed", "investigated", "ran", "paired", "met", "presented", "pitched",
    }.ToFrozenSet();

    private const int GroupCount = 6;

    /// <summary>Tags of one group exclude each other on overlapping words: "vice president" is not also "president".</summary>
    private static int Group(Tag tag) => tag switch
    {
        Tag.StakeholderL7 or Tag.StakeholderL6 or Tag.StakeholderBelow => 1,
        Tag.ScopeL7 or Tag.ScopeL6 or Tag.ScopeBelow => 2,
        Tag.VisibilityL7 or Tag.VisibilityLimited or Tag.IndustryClaim => 3,
        Tag.TeamsOwn or Tag.TeamsCross or Tag.TeamsSeveral or Tag.TeamsOrgWide or Tag.TeamsExternal => 4,
        Tag.HorizonMultiYear or Tag.HorizonAnnual or Tag.HorizonQuarter or Tag.HorizonShort => 5,
        _ => 0,
    };

    private static IEnumerable<(string, Tag)> Many(Tag tag, params string[] phrases) => phrases.Select(p => (p, tag));

    [ThreadStatic]
    private static List<(Tag, int, int)>? _hits;

    /// <summary>Every lexicon match in the tokens: tag, first token, token count (valid until the next call on this thread).</summary>
    /// <summary>A word the lexicon does not know that names a conference: "SREcon", "GopherCon", "RubyConf", "LeadDev" (not "Silicon
    /// Valley" or "Falcon"). The names are too many to list; most end the same way.</summary>
    public static bool IsConferenceName(string word) =>
        word.Length >= 5 && (word.EndsWith("con", StringComparison.Ordinal) || word.EndsWith("conf", StringComparison.Ordinal)) &&
        word is not ("silicon" or "falcon" or "beacon" or "deacon" or "bacon" or "lexicon" or "recon" or "rubicon" or "helicon" or "archdeacon") ||
        word == "leaddev";

    public static List<(Tag Tag, int Start, int Length)> Match(Token[] tokens)
    {
        // the buffer lives here, apart from the loop, so the loop is compiled with the runtime's profile (see TextScan)
        Span<int> coveredUntil = stackalloc int[GroupCount];
        return Match(tokens, coveredUntil);
    }

    private static List<(Tag Tag, int Start, int Length)> Match(Token[] tokens, Span<int> coveredUntil)
    {
        // a per-thread scratch list: callers read the hits before matching the next sentence
        List<(Tag, int, int)> hits = _hits ??= new List<(Tag, int, int)>(128);
        hits.Clear();
        for (int i = 0; i < tokens.Length; i++)
        {
            int first = tokens[i].Id;
            if (first < 0 || ByFirstId[first] is not { } candidates)
            {
                continue;
            }
            foreach ((int[] rest, Tag tag, int group) in candidates)
            {
                if (i + rest.Length > tokens.Length - 1)
                {
                    continue;
                }
                bool ok = true;
                for (int k = 0; k < rest.Length; k++)
                {
                    if (tokens[i + 1 + k].Id != rest[k])
                    {
                        ok = false;
                        break;
                    }
                }
                if (ok && (group == 0 || coveredUntil[group] <= i || coveredUntil[group] == i + rest.Length + 1))
                {
                    hits.Add((tag, i, rest.Length + 1));
                    coveredUntil[group] = Math.Max(coveredUntil[group], i + rest.Length + 1);
                }
            }
        }
        return hits;
    }
}
