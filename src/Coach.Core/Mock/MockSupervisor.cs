using Coach.Core.Conversation;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Mock;

/// <summary>Dissolves mock interviews whose candidate does not start in time, with a note, and puts queued pairs back in the queue.</summary>
public sealed class MockSupervisor(IMockStore mocks, IEnumerable<IProactiveSender> senders, TimeProvider time, CoachOptions options, ILogger<MockSupervisor> logger)
{
    private readonly Dictionary<string, IProactiveSender> _senders = senders.ToDictionary(s => s.Platform);

    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        int dissolved = 0;
        foreach (MockInterview mock in await mocks.ListUnstartedMocksAsync(cancellationToken))
        {
            if (now - mock.CreatedAt < options.MockStartTimeout || !_senders.TryGetValue(mock.Platform, out IProactiveSender? sender))
            {
                continue;
            }
            // dissolved only if it is still unstarted when written: the candidate may have just begun on another worker,
            // and with several workers each runs this check; the one whose write lands posts the note
            if (await mocks.UpdateMockAsync(mock.Id, m => m.StartedAt is null && m.State is MockState.Opening or MockState.Answering
                    ? m with { State = MockState.Dissolved, UpdatedAt = now }
                    : null, cancellationToken) is null)
            {
                continue;
            }
            if (mock.FromQueue)
            {
                foreach (string user in (string[])[mock.Interviewer, mock.Candidate])
                {
                    await mocks.EnqueueAsync(new QueueEntry(mock.Platform, mock.Workspace, mock.Channel, user, null, now), cancellationToken);
                }
            }
            string note = $"This mock interview was dissolved: the candidate didn't start within {options.MockStartTimeout.Humanize(1)}."
                + (mock.FromQueue ? " You're both back in the queue; say `pair` again to be matched." : " Start a new one with `mock @candidate` when you're both ready.");
            try
            {
                await sender.SendAsync(mock.Workspace, new Outgoing(mock.Thread is null ? Visibility.Channel : Visibility.Thread, mock.Channel, mock.Thread, mock.Interviewer, note),
                    cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not post the dissolve note of mock {Mock}", mock.Id);
            }
            dissolved++;
        }
        return dissolved;
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The mock interview check failed; the next pass retries");
            }
            await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken);
        }
    }
}
