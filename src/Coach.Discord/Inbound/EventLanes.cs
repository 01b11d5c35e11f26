using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Coach.Discord.Inbound;

/// <summary>Keyed lanes: the events of one channel are handled in order on one lane, other channels' events in parallel on
/// the others (Slack's <c>KeyedWorkQueue</c> counterpart).</summary>
internal sealed class EventLanes
{
    private readonly Func<WorkItem, CancellationToken, Task> _handle;
    private readonly Action<WorkItem> _answered;
    private readonly ILogger _log;
    private Channel<WorkItem>[] _lanes = [];

    /// <param name="handle">Handles one item.</param>
    /// <param name="answered">Called after a message item was handled, whether or not that failed.</param>
    public EventLanes(Func<WorkItem, CancellationToken, Task> handle, Action<WorkItem> answered, ILogger log)
    {
        _handle = handle;
        _answered = answered;
        _log = log;
    }

    /// <summary>Opens <paramref name="count"/> lanes with one reader each. A reader ends when its lane is completed and empty,
    /// or when <paramref name="drain"/> cancels the item it is handling.</summary>
    public Task[] Start(int count, CancellationToken drain)
    {
        _lanes = Enumerable.Range(0, count)
            .Select(_ => Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        return _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader, drain), CancellationToken.None)).ToArray();
    }

    /// <summary>Takes no more items; the readers finish what their lanes hold.</summary>
    public void Complete()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
    }

    public ValueTask Enqueue(string key, WorkItem item)
    {
        var lanes = _lanes;
        if (lanes.Length == 0)
        {
            return ValueTask.CompletedTask;
        }
        var lane = lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)lanes.Length)];
        return lane.Writer.WriteAsync(item);
    }

    private async Task RunLaneAsync(ChannelReader<WorkItem> reader, CancellationToken ct)
    {
        await foreach (var item in reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await _handle(item, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _log.LogError("Discord {Event} failed: {Error}", item.Dispatch.Type, ex.GetType().Name + ": " + ex.Message);
            }
            if (item.Message is not null)
            {
                _answered(item);
            }
        }
    }
}
