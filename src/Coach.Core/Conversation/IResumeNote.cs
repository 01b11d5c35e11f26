namespace Coach.Core.Conversation;

/// <summary>What to tell a person who comes back (the console on start): the practice waiting for them, or nothing.</summary>
public interface IResumeNote
{
    /// <summary>A sentence naming the practice in progress (question, level, the part awaited) and how to stop it; null when none is.</summary>
    Task<string?> ResumeNoteAsync(PersonKey person, CancellationToken cancellationToken = default);
}
