using Coach.Core.Conversation;
using Coach.Discord.Gateway;
using Coach.Discord.Payloads;

namespace Coach.Discord.Inbound;

/// <summary>
/// Turns MESSAGE_UPDATE and MESSAGE_DELETE into work for the engine. An update is an edit only when it carries new text
/// and an edit time (an update without <c>content</c> changed only embeds). A deletion names no author, so the authors of
/// the messages Coach took are remembered here (bounded, in memory: a deletion after a restart is not seen).
/// </summary>
internal sealed class MessageChanges
{
    private const int Capacity = 50_000;
    private readonly Dictionary<string, string> _authors = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Notes who wrote a message Coach took.</summary>
    public void Remember(DiscordMessage message)
    {
        lock (_lock)
        {
            if (_authors.TryAdd(message.Id, message.Author.Id))
            {
                _order.Enqueue(message.Id);
                if (_order.Count > Capacity)
                {
                    _authors.Remove(_order.Dequeue());
                }
            }
        }
    }

    private string? AuthorOf(string messageId)
    {
        lock (_lock)
        {
            return _authors.GetValueOrDefault(messageId);
        }
    }

    /// <summary>The work for an edit or a deletion of a person's message, or null for what changes no text.</summary>
    public WorkItem? Read(GatewayDispatch dispatch, MessageChange change, string? botUserId, int generation)
    {
        if (change.WebhookId is not null || change.Author is { Bot: true } || change.Author is { System: true })
        {
            return null;
        }
        string? author = change.Author?.Id ?? AuthorOf(change.Id);
        if (author is null || author == botUserId)
        {
            return null;
        }
        var message = new DiscordMessage(change.Id, change.ChannelId, change.Author ?? new DiscordUser(author), change.Content, change.GuildId);
        if (dispatch.Type == "MESSAGE_DELETE")
        {
            return new WorkItem(dispatch, message, null, generation) { Change = IncomingKind.Deleted, ChangeId = "del:" + change.Id };
        }
        if (change.Content is null || change.EditedTimestamp is null)
        {
            return null; // only an embed or a flag changed
        }
        return new WorkItem(dispatch, message, null, generation) { Change = IncomingKind.Edited, ChangeId = $"{change.Id}:{change.EditedTimestamp}" };
    }
}
