using Coach.Core.Rubric;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine
{
    private void Compare(Turn turn, string args)
    {
        RubricData r = _assessor.Rubric;
        if (args.Length > 0)
        {
            if (!RubricWords.TryParseDimension(args.Split(' ')[0], out Dimension d))
            {
                turn.Say(turn.Here($"I don't know the dimension “{Trim(args, 30)}”. Try: {string.Join(", ", Enum.GetValues<Dimension>().Select(x => x.Id()))}."));
                return;
            }
            DimensionInfo info = r.Dimensions[d];
            turn.Say(turn.Here("", new Card($"{info.Name}: L6 against L7", Tone.Neutral, null,
                [new("Below L6", info.BelowL6), new("L6", info.L6), new("L7", info.L7)], [],
                [new CardList("To show it at L6", [info.AdviceFor("L6")]), new CardList("To show it at L7", [info.AdviceFor("L7")])])));
            return;
        }
        var fields = r.Dimensions.Values.Select(i => new CardField(i.Name, $"L6: {i.L6} · L7: {i.L7}")).ToList();
        turn.Say(turn.Here("", new Card("L6 against L7", Tone.Neutral, $"{r.Levels[Rubric.Level.L6].Summary}\n{r.Levels[Rubric.Level.L7].Summary}", fields, [], [],
            "Say `compare impact` (or people, teams, horizon, ownership, stakeholders, visibility, hiring, stakes) for one row.")));
    }

    private void Help(Turn turn)
    {
        Incoming i = turn.Incoming;
        bool textOnly = Platforms.IsTextOnly(i.Platform);
        // only what works where help was asked: no forms or buttons in the console, no channel features in a DM or the console
        bool inChannel = !i.IsDirect;
        var items = new List<string>
        {
            textOnly
                ? "practice [L6|L7] [principle] — answer one question part by part (Situation, Task, Action, Result)"
                : "practice [L6|L7] [principle] [dm] — answer one question part by part (Situation, Task, Action, Result)",
            textOnly ? "review — assess a whole answer at once (paste it with headings)" : "review — assess a whole answer at once (headings or a form)",
            "level [L6|L7] — show or set your target level",
            "skip · redo [part] · stop · next — steer a practice in progress",
            "stories [show N | delete N] — your story bank",
            textOnly ? "progress — answers per principle, fit trend, streak, gaps, and a picture saved to a file" : "progress — answers per principle, fit trend, streak, gaps, and a picture",
            "compare [dimension] — the guide's L6 against L7 row",
            inChannel
                ? "daily HH:MM Area/City [days] · daily status · daily off — a practice question every day at your time (`daily channel …` for this channel)"
                : "daily HH:MM Area/City [days] · daily status · daily off — a practice question every day at your time",
        };
        if (inChannel)
        {
            items.Add("mock @candidate [L6|L7] [principle] — run a peer mock interview in a thread: a private guide for you, a scorecard at the end");
            items.Add("pair — in a mock-interview channel, get matched with a partner (roles swap each time)");
        }
        items.Add("export — your stories as Markdown");
        items.Add("forget — erase everything about you (asks first)");
        string where = textOnly ? "Type a command" : i.IsDirect ? "Type a command here, or use /coach with one" : "Use /coach with a command, or type it in a DM";
        string footer = "Feedback quotes your own words and tells you whether the answer reads as L6 or L7.";
        if (i.IsDirect && !textOnly)
        {
            footer += " In a server channel you can also run peer mock interviews (`mock`, `pair`).";
        }
        turn.Say(turn.Here("", new Card("Coach: STAR interview practice for L6 and L7", Tone.Neutral,
            $"{where}. Your target level is {turn.Settings.Target}.", [], [], [new CardList("Commands", items)], footer)));
    }
}
