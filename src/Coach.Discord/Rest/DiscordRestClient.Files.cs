using System.Net.Http.Headers;
using Coach.Discord.Payloads;

namespace Coach.Discord.Rest;

/// <summary>Request bodies: JSON, or multipart/form-data for a message that carries a file.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>
    /// A message with a file goes as multipart/form-data: its JSON in the part <c>payload_json</c> (whose <c>attachments</c>
    /// names the file as id 0) and the bytes in the part <c>files[0]</c> with the file's name and content type. Everything
    /// else goes as JSON. Built afresh for each attempt, since a sent content cannot be sent again.
    /// </summary>
    private static HttpContent RequestContent(object? body, byte[] json)
    {
        var payloadJson = new ByteArrayContent(json);
        payloadJson.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (body is not MessagePayload { File: { } file })
        {
            return payloadJson;
        }
        var bytes = new ByteArrayContent(file.Content);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        return new MultipartFormDataContent
        {
            { payloadJson, "payload_json" },
            { bytes, "files[0]", file.FileName },
        };
    }
}
