using Coach.Core.Conversation;

namespace Coach.Worker.Console;

/// <summary>
/// Writes replies to the terminal: rendered as plain text, wrapped at word boundaries to the width, and a reply's file
/// (the progress picture) written to the picture folder with its path printed beside the text.
/// </summary>
public sealed class ConsoleOutput(ConsoleIo io, ConsoleOptions options)
{
    public const string PictureName = "coach-progress.png";

    public TextWriter Writer => io.Out;

    /// <summary>The column replies wrap at, or null for none.</summary>
    public int? Width => io.Width;

    public async Task WriteReplyAsync(Outgoing reply, CancellationToken ct)
    {
        await io.Out.WriteLineAsync();
        await WriteLineAsync(PlainText.Render(reply));
        if (reply.Attachment is { } file)
        {
            await WriteLineAsync(await SaveAsync(file, ct));
        }
    }

    public Task WriteLineAsync(string text) => io.Out.WriteLineAsync(TextWrap.Wrap(text, io.Width));

    private async Task<string> SaveAsync(FileAttachment file, CancellationToken ct)
    {
        string folder = Path.GetFullPath(string.IsNullOrWhiteSpace(options.PictureFolder) ? "." : options.PictureFolder);
        string name = file.ContentType == "image/png" ? PictureName : Path.GetFileName(file.FileName);
        string path = Path.Combine(folder, name);
        try
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(path, file.Content, ct);
            return $"Picture saved to {path} ({file.AltText})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"The picture could not be saved in {folder} ({ex.Message}); everything it shows is in the text above.";
        }
    }
}
