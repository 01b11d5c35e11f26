namespace Coach.Core.Conversation;

/// <summary>The buttons the engine offers; ids are stable and short (transports put them in custom_id / action_id).</summary>
public static class Buttons
{
    public const string Prefix = "coach:";

    public static ActionButton Practice { get; } = new("coach:practice", "Practice", ButtonStyle.Primary);
    public static ActionButton Help { get; } = new("coach:help", "Help");
    public static ActionButton Skip { get; } = new("coach:skip", "Skip this part");
    public static ActionButton Redo { get; } = new("coach:redo", "Redo last part");
    public static ActionButton Stop { get; } = new("coach:stop", "Stop", ButtonStyle.Danger);
    public static ActionButton KeepGoing { get; } = new("coach:next", "Keep it, go on", ButtonStyle.Primary);
    public static ActionButton NewQuestion { get; } = new("coach:practice", "New question", ButtonStyle.Primary);
    public static ActionButton AnswerProbe { get; } = new("coach:probe", "Answer the probe");
    public static ActionButton ForgetYes { get; } = new("coach:forget:yes", "Yes, erase everything", ButtonStyle.Danger);
    public static ActionButton ForgetNo { get; } = new("coach:forget:no", "No, keep it");
    public static ActionButton Review { get; } = new("coach:review", "Review a whole answer");

    public static ActionButton Share(long storyId) => new($"coach:share:{storyId}", "Share feedback here", ButtonStyle.Secondary);
}
