namespace Coach.Discord.Resume;

/// <summary>What a later run needs to resume the gateway session, saved as JSON through the transport state store.</summary>
internal sealed record ResumeState(string SessionId, string ResumeUrl, int Sequence, string? BotUserId = null, string? ApplicationId = null);
