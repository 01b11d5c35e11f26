using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Core.Conversation;

/// <summary>What one event changes: the replies, and the state to commit with them.</summary>
internal sealed class Turn
{
    public Turn(Incoming incoming, PersonState state, DateTimeOffset now)
    {
        Incoming = incoming;
        Loaded = state;
        Session = state.Session;
        Settings = state.Settings;
        Streak = state.Streak;
        Now = now;
    }

    public Incoming Incoming { get; }
    public PersonState Loaded { get; }
    public DateTimeOffset Now { get; }
    public SessionState? Session { get; set; }
    public PersonSettings Settings { get; set; }
    public Streak Streak { get; set; }
    public List<Outgoing> Replies { get; } = [];
    public StoryRecord? NewStory { get; set; }
    public long? DeleteStoryId { get; set; }
    public bool Forget { get; set; }
    /// <summary>Writes outside the person's own rows (a mock interview, the candidate's story), done once the event is committed.</summary>
    public List<Func<CancellationToken, Task>> AfterCommit { get; } = [];
    /// <summary>False for events the engine ignores (a message in someone else's channel): nothing is written.</summary>
    public bool Changed { get; set; } = true;

    public bool SessionChanged => !ReferenceEquals(Session, Loaded.Session);

    public bool SettingsChanged => !ReferenceEquals(Settings, Loaded.Settings);

    public bool StreakChanged => !ReferenceEquals(Streak, Loaded.Streak);

    // ------------------------------------------------------------ where replies go

    /// <summary>Back where the event came from (the DM, the console, the thread), or privately in a public channel.</summary>
    public Outgoing Here(string text, Card? card = null, IReadOnlyList<ActionButton>? buttons = null, bool privateInPublic = true)
    {
        Incoming i = Incoming;
        if (i.IsDirect)
        {
            return new Outgoing(Visibility.Channel, i.Channel, null, i.User, text, card, buttons);
        }
        if (privateInPublic)
        {
            return new Outgoing(Visibility.Ephemeral, i.Channel, i.Thread, i.User, text, card, buttons);
        }
        return i.Thread is null
            ? new Outgoing(Visibility.Channel, i.Channel, null, i.User, text, card, buttons)
            : new Outgoing(Visibility.Thread, i.Channel, i.Thread, i.User, text, card, buttons);
    }

    /// <summary>Where the session lives: its thread, its DM, or its console.</summary>
    public Outgoing InSession(SessionState s, string text, Card? card = null, IReadOnlyList<ActionButton>? buttons = null)
    {
        string user = Incoming.User;
        if (s.Thread is not null)
        {
            return new Outgoing(Visibility.Thread, s.Channel, s.Thread, user, text, card, buttons);
        }
        if (s.Direct)
        {
            return s.Channel.Length > 0 && (Incoming.IsDirect || s.Channel != Incoming.Channel)
                ? new Outgoing(Visibility.Channel, s.Channel, null, user, text, card, buttons)
                : new Outgoing(Visibility.Direct, "", null, user, text, card, buttons);
        }
        return new Outgoing(Visibility.Channel, s.Channel, null, user, text, card, buttons);
    }

    public void Say(Outgoing reply) => Replies.Add(reply);

    public bool IsPublicSession(SessionState s) => !s.Direct && !Incoming.IsDirect;

    public Level Target => Session?.Target ?? Settings.Target;
}
