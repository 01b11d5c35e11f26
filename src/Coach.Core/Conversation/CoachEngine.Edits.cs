using Coach.Core.Rubric;
using Humanizer;

namespace Coach.Core.Conversation;

/// <summary>
/// Edits and deletions of messages that became answer parts. While the practice that took the message is still being
/// answered, an edit replaces the text it gave its part and a deletion removes it (a part left empty is asked for again).
/// Once the feedback is given the practice no longer tracks its messages, so a later edit changes nothing and gets no reply.
/// </summary>
public sealed partial class CoachEngine
{
    private void Edited(Turn turn)
    {
        if (TrackedMessage(turn) is not { } found)
        {
            return;
        }
        (SessionState s, PartMessage source) = found;
        string text = CommandText.Clean(turn.Incoming.Text);
        if (text.Length == 0)
        {
            Deleted(turn);
            return;
        }
        if (text == source.Text)
        {
            turn.Changed = false; // an edit that left the text as it was (an embed or a preview changed)
            return;
        }
        if (text.Length > _options.MaxMessageChars)
        {
            turn.Say(turn.InSession(s, $"That edit makes your {source.Part} {"character".ToQuantity(text.Length, "N0")}, far beyond one part of an answer, "
                + $"so I kept the earlier text. {WindowText(s.Target, source.Part)} is the aim."));
            return;
        }
        var messages = s.PartMessages.Select(m => m.MessageId == source.MessageId ? m with { Text = text } : m).ToList();
        s = s.WithPart(source.Part, SessionState.TextFrom(messages, source.Part)) with { PartMessages = messages, LastActivity = turn.Now };
        turn.Session = s;
        turn.Say(turn.InSession(s, $"Updated your {source.Part} with your edit ({"word".ToQuantity(TextScan.CountWords(s.Answer[source.Part]))})."));
    }

    private void Deleted(Turn turn)
    {
        if (TrackedMessage(turn) is not { } found)
        {
            return;
        }
        (SessionState s, PartMessage source) = found;
        StarPart part = source.Part;
        var messages = s.PartMessages.Where(m => m.MessageId != source.MessageId).ToList();
        string remaining = SessionState.TextFrom(messages, part);
        s = s.WithPart(part, remaining) with { PartMessages = messages, LastActivity = turn.Now };
        if (remaining.Length > 0)
        {
            turn.Session = s;
            turn.Say(turn.InSession(s, $"Removed that message from your {part}; the rest of it stays."));
            return;
        }
        // the part is gone: ask for it again; once it is back, the practice carries on with the first part still to do
        s = s with { Done = [.. s.Done.Where(p => p != part)], Awaiting = part, Nudged = null };
        turn.Session = s;
        turn.Say(turn.InSession(s, $"You deleted your {part}, so it's no longer in your answer. Send it again.", PartCard(s, part),
            [Buttons.Skip, Buttons.Stop]));
    }

    /// <summary>The open practice and the part message the event names, or null (and nothing written) when it names none.</summary>
    private static (SessionState Session, PartMessage Source)? TrackedMessage(Turn turn)
    {
        string? id = turn.Incoming.MessageId;
        if (id is not null && turn.Session is { Mode: SessionMode.Answering } s
            && s.PartMessages.FirstOrDefault(m => m.MessageId == id) is { } source)
        {
            return (s, source);
        }
        turn.Changed = false;
        return null;
    }
}
