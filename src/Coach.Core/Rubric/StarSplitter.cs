using System.Text.RegularExpressions;

namespace Coach.Core.Rubric;

/// <summary>
/// Finds the four parts of an answer written without headings. Four paragraphs are taken as the four parts;
/// otherwise the sentences are labelled Situation, Task, Action, Result in order (each part one run of
/// sentences, none skipped once there are four sentences) to fit the cues people use ("I was asked to",
/// "as a result", "I learned") and the usual shares of a spoken answer (about 20/10/45/25).
/// </summary>
public static partial class StarSplitter
{
    // where each part usually sits in a spoken answer, as shares of its sentences
    private static readonly double[] PartEnds = [0.2, 0.32, 0.75, 1.0];

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    // bullets that lost their line breaks ("- first point - second point"), only in text that opens with a bullet
    [GeneratedRegex(@"\s+[-•*]\s+(?=\S)")]
    private static partial Regex InlineBullet();

    private static readonly string[] TaskCues =
    [
        "i was asked", "i was tasked", "i was responsible", "i was accountable", "i was the", "my goal", "my task", "my job", "my role",
        "my mandate", "my remit", "i owned", "i own", "i needed to", "i had to", "i took on", "i took ownership", "i decided to own",
        "i volunteered", "the goal was", "the task was", "the ask was", "i was given", "i was brought in", "i was hired to", "i set out to",
        "i was on the hook", "it fell to me", "the challenge was", "i wanted to", "my objective", "the objective",
    ];

    private static readonly string[] ActionCues =
    [
        "first,", "first i", "then i", "then,", "next,", "next i", "after that", "i also", "to do this", "i started by", "i began by",
        "finally, i", "i personally", "i set up", "i put in place", "i worked with", "i partnered", "i met with", "i brought",
    ];

    private static readonly string[] ResultCues =
    [
        "as a result", "in the end", "ultimately", "the result", "the outcome", "in total", "by the end", "overall,", "this led to",
        "which led to", "that led to", "we ended", "we finished", "at the end", "learned", "learnt", "lesson", "next time", "since then",
        "looking back", "in hindsight", "in retrospect", "today,", "now,", "this resulted", "it resulted", "the impact", "we delivered",
        "we launched", "we shipped", "went from", "afterwards",
    ];

    private static readonly string[] SituationCues =
    [
        "in 20", "in 19", "at my previous", "at my last", "at my current", "when i joined", "back in", "a few years ago", "last year",
        "there was", "there were", "we had", "our company", "our team", "our platform", "our service", "our product", "the company",
        "the business", "at the time", "was losing", "were losing", "was failing", "were failing", "customers were", "had been", "was costing",
        "were complaining", "was growing", "at risk",
    ];

    private static readonly string[] ResultWords = ["reduced", "saved", "increased", "improved", "fell", "rose", "grew", "dropped", "cut", "doubled", "halved", "recovered", "added"];

    /// <summary>The four parts of an answer with no headings. Empty parts only when it has fewer than four sentences.</summary>
    public static StarAnswer Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return StarAnswer.Empty;
        }
        string[] paragraphs = [.. ParagraphBreak().Split(trimmed).Select(p => p.Trim()).Where(p => p.Length > 0)];
        if (paragraphs.Length == 4)
        {
            return new StarAnswer(paragraphs[0], paragraphs[1], paragraphs[2], paragraphs[3]);
        }
        bool bulleted = trimmed.Length > 1 && trimmed[0] is '-' or '•' or '*' && char.IsWhiteSpace(trimmed[1]);
        var split = new List<string>();
        for (int start = 0; start <= trimmed.Length;)
        {
            int end = TextScan.SentenceEnd(trimmed, start); // the rubric's own idea of a sentence
            split.Add(trimmed[start..end]);
            start = end + 1;
        }
        string[] sentences = [.. split
            .SelectMany(s => bulleted ? InlineBullet().Split(s) : [s])
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)];
        int[] labels = Label(sentences);
        var parts = new List<string>[4];
        for (int k = 0; k < 4; k++)
        {
            parts[k] = [];
        }
        for (int i = 0; i < sentences.Length; i++)
        {
            parts[labels[i]].Add(sentences[i]);
        }
        return new StarAnswer(string.Join(" ", parts[0]), string.Join(" ", parts[1]), string.Join(" ", parts[2]), string.Join(" ", parts[3]));
    }

    /// <summary>A part (0-3) for each sentence, in order, by dynamic programming over the cue and position scores.</summary>
    private static int[] Label(string[] sentences)
    {
        int n = sentences.Length;
        var score = new double[n, 4];
        for (int i = 0; i < n; i++)
        {
            string lower = sentences[i].ToLowerInvariant();
            double position = (i + 0.5) / n;
            int expected = Array.FindIndex(PartEnds, end => position <= end);
            for (int k = 0; k < 4; k++)
            {
                score[i, k] = -0.6 * Math.Abs(expected - k) + Cue(lower, k);
            }
        }
        // best[i, k]: the best total for sentences 0..i with sentence i in part k; with four or more sentences each
        // part takes at least one (a step moves on by exactly one part), with fewer, parts may be skipped
        bool everyPart = n >= 4;
        var best = new double[n, 4];
        var from = new int[n, 4];
        for (int k = 0; k < 4; k++)
        {
            best[0, k] = everyPart && k > 0 ? double.NegativeInfinity : score[0, k];
        }
        for (int i = 1; i < n; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                best[i, k] = double.NegativeInfinity;
                for (int prev = everyPart ? Math.Max(0, k - 1) : 0; prev <= k; prev++)
                {
                    double total = best[i - 1, prev] + score[i, k];
                    if (total > best[i, k])
                    {
                        best[i, k] = total;
                        from[i, k] = prev;
                    }
                }
            }
        }
        int last = 3;
        if (!everyPart)
        {
            for (int k = 0; k < 4; k++)
            {
                if (best[n - 1, k] > best[n - 1, last])
                {
                    last = k;
                }
            }
        }
        var labels = new int[n];
        labels[n - 1] = last;
        for (int i = n - 1; i > 0; i--)
        {
            labels[i - 1] = from[i, labels[i]];
        }
        return labels;
    }

    private static double Cue(string sentence, int part)
    {
        static bool Any(string s, string[] cues) => cues.Any(c => s.Contains(c, StringComparison.Ordinal));
        return part switch
        {
            0 => Any(sentence, SituationCues) ? 1.5 : 0,
            1 => Any(sentence, TaskCues) ? 3 : 0,
            2 => (Any(sentence, ActionCues) ? 2 : 0) + (StartsWithFirstPersonVerb(sentence) ? 1 : 0),
            _ => (Any(sentence, ResultCues) ? 2.5 : 0) +
                 (ResultWords.Any(w => sentence.Contains(w, StringComparison.Ordinal)) && sentence.Any(c => c is '%' or '$' or '€' or '£' or '₹') ? 1.5 : 0),
        };
    }

    private static bool StartsWithFirstPersonVerb(string sentence)
    {
        string s = sentence.TrimStart('-', '*', '•', ' ');
        if (s.StartsWith("i ", StringComparison.Ordinal))
        {
            s = s[2..];
        }
        int space = s.IndexOfAny([' ', ',']);
        string word = space < 0 ? s : s[..space];
        return Lexicon.ImplicitFirstPersonVerbs.Contains(word);
    }
}
