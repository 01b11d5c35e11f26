using Coach.Core.Conversation;

namespace Coach.Worker.Console;

/// <summary>Daily prompts in the console chat are printed like any other reply.</summary>
public sealed class ConsoleSender(ConsoleOutput output) : IProactiveSender, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Platform => Platforms.Console;

    public void Dispose() => _gate.Dispose();

    public async Task SendAsync(string workspace, Outgoing message, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await output.WriteReplyAsync(message, cancellationToken);
            await output.Writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
