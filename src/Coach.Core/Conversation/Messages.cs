namespace Coach.Core.Conversation;

/// <summary>Which chat surface an event came from. The engine only uses it as part of a person's key.</summary>
public static class Platforms
{
    public const string Console = "console";
    public const string Discord = "discord";
    public const string Slack = "slack";

    /// <summary>True where replies are plain text with nothing to press or fill in (the console): buttons read as words to type.</summary>
    public static bool IsTextOnly(string platform) => platform == Console;
}

/// <summary>A person on one platform and workspace (Discord guild or DM, Slack team).</summary>
public sealed record PersonKey(string Platform, string Workspace, string User)
{
    public override string ToString() => $"{Platform}/{Workspace}/{User}";
}

public enum IncomingKind
{
    /// <summary>Plain text the person typed (a DM, a thread reply, a console line).</summary>
    Message,
    /// <summary>A slash command or a command word: <see cref="Incoming.Command"/> and <see cref="Incoming.Text"/> (its arguments).</summary>
    Command,
    /// <summary>A button press: <see cref="Incoming.ActionId"/> (and <see cref="Incoming.ActionValue"/>).</summary>
    Button,
    /// <summary>A submitted form (Discord modal, Slack view): <see cref="Incoming.FormId"/> and <see cref="Incoming.FormValues"/>.</summary>
    Form,
    /// <summary>The transport opened the thread an <see cref="Outgoing.OpenThreadTitle"/> asked for; <see cref="Incoming.Thread"/> is its id.</summary>
    ThreadOpened,
    /// <summary>The person edited an earlier message: <see cref="Incoming.MessageId"/> names it, <see cref="Incoming.Text"/> is its new text.</summary>
    Edited,
    /// <summary>The person deleted an earlier message: <see cref="Incoming.MessageId"/> names it.</summary>
    Deleted,
}

/// <summary>One normalised event from any transport.</summary>
/// <param name="EventId">The platform's unique id for this delivery's event (message id, interaction id, envelope event id).
/// The engine handles each (platform, event id) once.</param>
/// <param name="IsDirect">True for a DM with the bot and for the console.</param>
/// <param name="CanManage">True when the person may manage the channel (Discord MANAGE_CHANNELS, a Slack admin): needed for channel-wide settings.</param>
/// <param name="MessageId">The platform's id of the message itself (Discord message id, Slack channel and ts), on messages and on their
/// edits and deletions; null where messages cannot change (the console). Unlike <paramref name="EventId"/> it is the same for a message and its edits.</param>
/// <param name="Durable">The transport stored this event in the inbox and sends replies from the outbox: the engine saves the
/// replies in the outbox with the turn's commit (see <see cref="Storage.IDeliveryStore"/>).</param>
/// <param name="InInbox">The event is kept in the store's inbox and is handled from there again when this turn does not
/// commit (a sweep takes up events left unhandled), or, when the store could not take it, is not acknowledged and comes
/// again from the platform: while the store is down it is not the person's to send again. Replies
/// can go through the outbox (<paramref name="Durable"/>) for events that are not in the inbox (Discord's gateway messages,
/// which resuming the session replays instead).</param>
public sealed record Incoming(
    string Platform,
    string Workspace,
    string Channel,
    string? Thread,
    string User,
    string EventId,
    DateTimeOffset At,
    IncomingKind Kind,
    string? Text = null,
    string? Command = null,
    string? ActionId = null,
    string? ActionValue = null,
    string? FormId = null,
    IReadOnlyDictionary<string, string>? FormValues = null,
    bool IsDirect = false,
    string? UserDisplayName = null,
    bool CanManage = false,
    string? MessageId = null,
    bool Durable = false,
    bool InInbox = false)
{
    /// <summary>Derived from the other fields: not written where an event is stored (the inbox).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PersonKey Person => new(Platform, Workspace, User);
}

public enum Visibility
{
    /// <summary>Visible to everyone in the channel.</summary>
    Channel,
    /// <summary>In the thread <see cref="Outgoing.Thread"/> (or the one to open, <see cref="Outgoing.OpenThreadTitle"/>).</summary>
    Thread,
    /// <summary>Only the person sees it (Discord ephemeral interaction reply, Slack chat.postEphemeral); a transport that cannot do it sends a DM.</summary>
    Ephemeral,
    /// <summary>A direct message to <see cref="Outgoing.User"/>.</summary>
    Direct,
}

public enum ButtonStyle
{
    Primary,
    Secondary,
    Success,
    Danger,
}

/// <summary>A neutral button. <paramref name="Id"/> is at most 90 characters and unique within a message.</summary>
public sealed record ActionButton(string Id, string Label, ButtonStyle Style = ButtonStyle.Secondary, string? Value = null);

/// <summary>A neutral form (Discord modal, Slack modal view). At most five fields.</summary>
public sealed record FormRequest(string Id, string Title, IReadOnlyList<FormField> Fields, string SubmitLabel = "Submit");

public sealed record FormField(string Id, string Label, bool Multiline, int MaxLength, bool Required = true, string? Placeholder = null);

/// <summary>One reply. Text is plain text (never markup): transports escape it for their platform.
/// A card carries structure that transports render richly (Discord embed, Slack blocks, console text).</summary>
public sealed record Outgoing(
    Visibility Visibility,
    string Channel,
    string? Thread,
    string User,
    string Text,
    Card? Card = null,
    IReadOnlyList<ActionButton>? Buttons = null,
    FormRequest? Form = null,
    string? OpenThreadTitle = null,
    FileAttachment? Attachment = null)
{
    /// <summary>Derived from <see cref="Buttons"/>: not written where a reply is stored (the outbox).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ActionButton> ButtonsOrEmpty => Buttons ?? [];

    /// <summary>A short note back to the person who sent <paramref name="incoming"/>: in their DM (or console), else only to them.</summary>
    public static Outgoing PrivatelyTo(Incoming incoming, string text)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return incoming.IsDirect
            ? new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, text)
            : new Outgoing(Visibility.Ephemeral, incoming.Channel, incoming.Thread, incoming.User, text);
    }
}

/// <summary>A file sent with a reply (the progress chart): the bytes, the name it is shown under, its media type, and the
/// words that describe it to a screen reader. Transports attach it to the reply's message (Discord), upload it beside the
/// reply in the same place (Slack), or write it to a file and print the path (console).</summary>
public sealed record FileAttachment(string FileName, string ContentType, byte[] Content, string AltText);

public enum Tone
{
    Neutral,
    Good,
    Warning,
    Bad,
}

/// <summary>A platform-neutral rich message: what the Discord embed, the Slack blocks and the console text are made from.</summary>
public sealed record Card(
    string Title,
    Tone Tone,
    string? Body,
    IReadOnlyList<CardField> Fields,
    IReadOnlyList<CardBar> Bars,
    IReadOnlyList<CardList> Lists,
    string? Footer = null);

/// <summary>A labelled line; <paramref name="Quote"/> is words the person wrote, shown as a quotation.</summary>
public sealed record CardField(string Name, string Value, string? Quote = null);

/// <summary>A horizontal bar (timing): the value against a target window, all in the same unit.</summary>
public sealed record CardBar(string Label, double Value, double WindowMin, double WindowMax, string Caption)
{
    /// <summary>Draws the bar as text, e.g. <c>▓▓▓▓▓▓░░░░|</c>, scaled so the window's top sits at <paramref name="width"/> × 0.8.</summary>
    public string Render(int width = 20)
    {
        width = Math.Max(5, width);
        double scale = WindowMax <= 0 ? 1 : WindowMax / (width * 0.8);
        int filled = (int)Math.Clamp(Math.Round(Value / scale), 0, width);
        int low = (int)Math.Clamp(Math.Round(WindowMin / scale), 0, width);
        int high = (int)Math.Clamp(Math.Round(WindowMax / scale), 0, width);
        var chars = new char[width];
        for (int i = 0; i < width; i++)
        {
            chars[i] = i < filled ? '█' : (i >= low && i < high ? '·' : ' ');
        }
        return new string(chars).TrimEnd();
    }

    public bool InWindow => Value >= WindowMin && Value <= WindowMax;
}

/// <summary>A titled list of short items (changes to make, probes, red flags).</summary>
public sealed record CardList(string Title, IReadOnlyList<string> Items);
