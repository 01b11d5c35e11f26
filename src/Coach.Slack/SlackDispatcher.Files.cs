using Coach.Core.Conversation;
using Coach.Slack.Api;
using Microsoft.Extensions.Logging;

namespace Coach.Slack;

public sealed partial class SlackDispatcher
{
    /// <summary>
    /// Shares a reply's file (the progress picture) right under the reply: in its thread, its channel or the DM. Slack files
    /// cannot be ephemeral, so the file of a reply only the person may see goes to their DM. A failed upload is logged;
    /// the text reply has already said everything in words.
    /// </summary>
    private async Task ShareAttachmentAsync(Outgoing reply, Incoming incoming, CancellationToken ct)
    {
        if (reply.Attachment is not { } file)
        {
            return;
        }
        try
        {
            var (channel, thread) = reply.Visibility switch
            {
                Visibility.Ephemeral or Visibility.Direct => (await DirectChannelAsync(reply.User, incoming, ct), (string?)null),
                Visibility.Thread => (reply.Channel, reply.Thread),
                _ => (reply.Channel, null),
            };
            string title = reply.Card?.Title is { Length: > 0 } t ? t : file.FileName;
            await _api.UploadFileAsync(channel, thread, file, title, ct);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            _logger.LogWarning("Slack file upload failed ({Error}); the reply went without its picture", ex is SlackApiException s ? s.Error : ex.GetType().Name);
        }
    }
}
