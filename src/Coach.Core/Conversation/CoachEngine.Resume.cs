using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Core.Conversation;

public sealed partial class CoachEngine : IResumeNote
{
    public async Task<string?> ResumeNoteAsync(PersonKey person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        PersonState state = await _store.LoadAsync(person, cancellationToken);
        if (state.Session is not { } s || _time.GetUtcNow() - s.LastActivity > _options.SessionTimeout)
        {
            return null; // none, or expired: the next message says so and returns what was written
        }
        string practice = $"{PrincipleName(s.Principle)} · {s.Target} practice";
        string question = $"“{Trim(s.Question, 160)}”";
        return s.Mode switch
        {
            SessionMode.Answering when s.Nudged is { } nudged =>
                $"Welcome back. Your {practice} is in progress: {question} Your {nudged} (part {(int)nudged + 1} of 4) can take more: add it in your next message, "
                + "or say `next` to keep it and go on. Say `stop` to end the practice.",
            SessionMode.Answering when s.Awaiting is { } part =>
                $"Welcome back. Your {practice} is in progress: {question} I'm waiting for your {part} (part {(int)part + 1} of 4): send it as your next message, "
                + "or say `skip`. Say `stop` to end the practice.",
            SessionMode.Probing when s.ProbeIndex < s.Probes.Count =>
                $"Welcome back. Your {practice} has its feedback ({question}). A follow-up is waiting: {s.Probes[s.ProbeIndex]} "
                + "Answer it, say `skip`, or `stop` to finish.",
            SessionMode.ConfirmForget =>
                "Welcome back. You asked me to erase everything I keep about you: say `yes` to erase it all, or `no` to keep it.",
            _ => null,
        };
    }
}
