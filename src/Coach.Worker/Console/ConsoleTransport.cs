using System.Text;
using Coach.Core.Conversation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Worker.Console;

/// <summary>The terminal's input and output (injectable so tests drive the chat through pipes), and the column replies wrap at
/// (null: no wrapping, as when the output is piped).</summary>
public sealed record ConsoleIo(TextReader In, TextWriter Out, int? Width = null)
{
    /// <summary>The width to wrap at: the configured one (0 for none), else the terminal's when the output is the terminal.</summary>
    public static int? WidthFor(TextWriter stdout, int? configured)
    {
        if (configured is { } w)
        {
            return w > 0 ? w : null;
        }
        if (!ReferenceEquals(stdout, System.Console.Out) || System.Console.IsOutputRedirected)
        {
            return null;
        }
        try
        {
            int columns = System.Console.WindowWidth;
            return columns >= 20 ? columns - 1 : null; // one column spare: some terminals wrap a line that fills the last one
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>
/// The console chat: the same engine and commands as Discord and Slack, as words in a terminal.
/// A command line is sent at once; other text collects until a blank line (or the end of input), so a part can span lines.
/// </summary>
public sealed class ConsoleTransport(ConsoleIo io, ConsoleOutput output, ICoachEngine engine, IResumeNote notes, IOptions<ConsoleOptions> options,
    IHostApplicationLifetime lifetime, ILogger<ConsoleTransport> logger)
    : BackgroundService
{
    private readonly string _user = options.Value.User is { Length: > 0 } u ? u : Environment.UserName;

    /// <summary>Set when the engine asked for a form (review): the next text is the form's content.</summary>
    private FormRequest? _pendingForm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        bool interactive = ReferenceEquals(io.In, System.Console.In) && !System.Console.IsInputRedirected;
        await output.WriteLineAsync("Coach: STAR interview practice for L6 and L7. Say `help`, or `practice L7 ownership` to begin.");
        await output.WriteLineAsync("Commands run at once; an answer can span lines and is sent with an empty line.");
        await SayWhereItStoppedAsync(stoppingToken);
        await io.Out.FlushAsync(stoppingToken);
        var buffer = new StringBuilder();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (interactive)
                {
                    await io.Out.WriteAsync(buffer.Length == 0 ? "> " : ". ");
                    await io.Out.FlushAsync(stoppingToken);
                }
                string? line = await io.In.ReadLineAsync(stoppingToken);
                if (line is null)
                {
                    if (buffer.Length > 0)
                    {
                        await SendTextAsync(buffer.ToString(), stoppingToken);
                    }
                    break;
                }
                if (buffer.Length == 0 && CommandText.TryParse(line, out _, out _))
                {
                    _pendingForm = null;
                    await SendAsync(IncomingKind.Message, line, null, stoppingToken);
                    continue;
                }
                if (line.Trim().Length == 0)
                {
                    if (buffer.Length > 0)
                    {
                        await SendTextAsync(buffer.ToString(), stoppingToken);
                        buffer.Clear();
                    }
                    continue;
                }
                if (buffer.Length > 0)
                {
                    buffer.Append('\n');
                }
                buffer.Append(line);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        lifetime.StopApplication();
    }

    /// <summary>After a restart (or a kill), names the practice waiting: its question, level and the part it needs next.</summary>
    private async Task SayWhereItStoppedAsync(CancellationToken ct)
    {
        try
        {
            if (await notes.ResumeNoteAsync(new PersonKey(Platforms.Console, Workspace, _user), ct) is { } note)
            {
                await io.Out.WriteLineAsync();
                await output.WriteLineAsync(note);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read the practice in progress");
        }
    }

    private const string Workspace = "local";

    private Task SendTextAsync(string text, CancellationToken ct)
    {
        if (_pendingForm is { Id: CoachEngine.ReviewFormId })
        {
            _pendingForm = null;
            return SendAsync(IncomingKind.Command, text, "review", ct);
        }
        return SendAsync(IncomingKind.Message, text, null, ct);
    }

    private async Task SendAsync(IncomingKind kind, string text, string? command, CancellationToken ct)
    {
        var incoming = new Incoming(Platforms.Console, Workspace, "console", null, _user, Guid.NewGuid().ToString("N"),
            DateTimeOffset.UtcNow, kind, Text: text, Command: command, IsDirect: true, UserDisplayName: _user);
        IReadOnlyList<Outgoing> replies;
        try
        {
            replies = await engine.HandleAsync(incoming, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The engine failed on a console message");
            await output.WriteLineAsync("Something went wrong on my side; your answer so far is kept. Try again.");
            return;
        }
        foreach (Outgoing reply in replies)
        {
            await output.WriteReplyAsync(reply, ct);
            if (reply.Form is { } form)
            {
                _pendingForm = form; // the reply said how to paste it: the next text is the form's content
            }
        }
        await io.Out.FlushAsync(ct);
    }
}
