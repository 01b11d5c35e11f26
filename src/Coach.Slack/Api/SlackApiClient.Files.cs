using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Coach.Core.Conversation;

namespace Coach.Slack.Api;

/// <summary>A file shared by <see cref="SlackApiClient.UploadFileAsync"/>: its id and where it went.</summary>
public sealed record SharedFile(string FileId, string Channel, string? ThreadTs);

public sealed partial class SlackApiClient
{
    /// <summary>
    /// Shares a file in a channel (and thread) in Slack's three steps: <c>files.getUploadURLExternal</c> (name and length),
    /// the bytes POSTed to the upload URL it returns, then <c>files.completeUploadExternal</c> naming the channel and thread.
    /// Needs the <c>files:write</c> scope.
    /// </summary>
    public async Task<SharedFile> UploadFileAsync(string channel, string? threadTs, FileAttachment file, string title, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ask = new JsonObject { ["filename"] = file.FileName, ["length"] = file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (file.AltText.Length > 0)
        {
            ask["alt_txt"] = file.AltText.Length <= 1000 ? file.AltText : file.AltText[..1000];
        }
        var grant = await CallAsync("files.getUploadURLExternal", ask, _options.BotToken!, ct, formEncoded: true);
        var fileId = grant.GetProperty("file_id").GetString() ?? throw new SlackApiException("files.getUploadURLExternal", "missing_file_id");
        if (!Uri.TryCreate(grant.GetProperty("upload_url").GetString(), UriKind.Absolute, out var uploadUrl) || !IsSlackHost(uploadUrl))
        {
            throw new SlackApiException("files.getUploadURLExternal", "untrusted_upload_url");
        }

        using (var form = new MultipartFormDataContent())
        {
            var bytes = new ByteArrayContent(file.Content);
            bytes.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            form.Add(bytes, "filename", file.FileName); // Slack reads the file from the part named "filename"
            using var response = await _http.PostAsync(uploadUrl, form, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException("file upload", $"http_{(int)response.StatusCode}");
            }
        }

        await _pacer.WaitTurnAsync(channel, ct); // sharing the file posts a message in the channel
        var complete = new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }).ToJsonString(),
            ["channel_id"] = channel,
        };
        if (threadTs is not null)
        {
            complete["thread_ts"] = threadTs;
        }
        await CallAsync("files.completeUploadExternal", complete, _options.BotToken!, ct, formEncoded: true);
        return new SharedFile(fileId, channel, threadTs);
    }
}
