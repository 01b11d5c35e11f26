using Coach.Discord.Gateway;

namespace Coach.Discord.Resume;

/// <summary>Which received messages still await an answer, per gateway session: the point a restarted worker resumes from, so
/// Discord replays what was received but not answered. No I/O.</summary>
internal sealed class ResumeTracker
{
    private readonly Lock _lock = new();
    // sequences of received messages not yet answered, for the point a restarted worker resumes from
    private readonly SortedSet<int> _inFlight = [];
    private int _lastReceivedSeq;
    private int _generation;

    /// <summary>Starts from the sequence a previous run saved, before any dispatch arrives.</summary>
    public void Seed(int sequence)
    {
        lock (_lock)
        {
            _lastReceivedSeq = sequence;
        }
    }

    /// <summary>Notes a received dispatch (and, when tracked, that its message awaits an answer); returns the session generation.</summary>
    public int Received(GatewayDispatch dispatch, bool track)
    {
        lock (_lock)
        {
            if (dispatch.Type == "READY")
            {
                // a new session numbers its events from 1 again
                _generation++;
                _inFlight.Clear();
                _lastReceivedSeq = dispatch.Sequence;
            }
            else if (dispatch.Sequence > _lastReceivedSeq)
            {
                _lastReceivedSeq = dispatch.Sequence;
            }
            if (track)
            {
                _inFlight.Add(dispatch.Sequence);
            }
            return _generation;
        }
    }

    /// <summary>Notes that the message received as <paramref name="sequence"/> in session <paramref name="generation"/> was answered.</summary>
    public void Answered(int generation, int sequence)
    {
        lock (_lock)
        {
            if (generation == _generation)
            {
                _inFlight.Remove(sequence);
            }
        }
    }

    /// <summary>The highest sequence below which every received message was answered: the point to resume from.</summary>
    public int LowWater
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count > 0 ? _inFlight.Min - 1 : _lastReceivedSeq;
            }
        }
    }
}
