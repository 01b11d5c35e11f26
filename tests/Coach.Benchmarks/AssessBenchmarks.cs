using BenchmarkDotNet.Attributes;
using Coach.Core.Rubric;

namespace Coach.Benchmarks;

/// <summary>Assessing one 400-word answer (the DESIGN.md bar: median under 100 µs on one core).</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class AssessBenchmarks
{
    private StarAnswer _answer = StarAnswer.Empty;

    public static StarAnswer FourHundredWords() => new(
        "Our marketplace was losing share to two well-funded competitors, and the payments platform that every business unit depended on " +
        "could not support new markets. Finance estimated that $40M of annual revenue was at risk if we did not launch in Europe within " +
        "eighteen months, and our checkout conversion had fallen 6% year over year because of payment failures at peak traffic. " +
        "Three earlier attempts to patch the old stack had each taken a quarter and left the on-call load higher than before, and the " +
        "sales leaders in every region were asking the executive team for a date they could promise to enterprise customers.",
        "I owned the multi-year plan to rebuild the payments platform for all three business units, with success measured on launch dates, " +
        "authorisation rates, cost per transaction and the number of teams that could ship payment features without my organisation.",
        "I led nine managers and about 110 engineers across seven teams. I wrote the six-pager that set the architecture principles and " +
        "convinced the CFO and the CEO to fund a $12M investment over two years. I negotiated with four banks as partners and brought in a " +
        "regulator early to agree the data-residency rules. I split the program into three phases, hired 25 engineers, and made two of my " +
        "senior engineers accountable for the ledger and the routing service. When the routing work slipped a quarter, I moved two teams " +
        "from the ledger, cut scope on reconciliation tooling, and reset expectations with the product directors in each business unit. " +
        "I ran a weekly review with the heads of finance, legal and risk, and I personally reviewed every design that touched money movement. " +
        "We shipped the first market in eleven months behind a holdout, compared authorisation rates against the old stack, and expanded " +
        "country by country.",
        "The platform launched in 11 countries and added $65M in annual revenue, measured against a holdout market and validated by finance. " +
        "Authorisation rates rose from 91% to 96%, cost per transaction fell 30%, and twelve teams now ship payment features on their own. " +
        "I presented the design at a payments industry conference, we open-sourced the ledger, and two other divisions adopted the routing " +
        "service. I learned to bring the regulator in at the start rather than at the end, which I now do on every program, and to " +
        "publish the success measures, and the way we would attribute them, before the first line of code.");

    [GlobalSetup]
    public void Setup()
    {
        _answer = FourHundredWords();
        _ = Assessor.Default.Assess(_answer, Level.L7); // load the seeds outside the measurement
    }

    [Benchmark]
    public Assessment Assess400Words() => Assessor.Default.Assess(_answer, Level.L7);

    [Benchmark]
    public FeedbackDocument AssessAndWriteFeedback() => FeedbackWriter.Write(Assessor.Default.Assess(_answer, Level.L7));
}

/// <summary>The stages of an assessment, to see where the time goes.</summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private StarAnswer _answer = StarAnswer.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _answer = AssessBenchmarks.FourHundredWords();
        _ = Assessor.Default.Assess(_answer, Level.L7);
    }

    [Benchmark]
    public int Tokenize()
    {
        int n = 0, index = 0;
        foreach (StarPart part in Enum.GetValues<StarPart>())
        {
            n += TextScan.Sentences(part, _answer[part], ref index).Count;
        }
        return n;
    }

    [Benchmark]
    public int Extract() => SignalExtractor.Extract(_answer).Count;
}
