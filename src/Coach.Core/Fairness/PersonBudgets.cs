using System.Collections.Concurrent;
using Coach.Core.Conversation;

namespace Coach.Core.Fairness;

/// <summary>What the gate does with one message.</summary>
public enum Admission
{
    /// <summary>Within the person's budget: the engine handles it.</summary>
    Answer,
    /// <summary>Over budget, and the person has not been told in this window: a short "slow down" note, nothing else.</summary>
    SlowDown,
    /// <summary>Over budget and already told: dropped without a reply and without reaching the engine or the store.</summary>
    Drop,
}

/// <summary>One token bucket per person, in memory (so per worker). Thread-safe; idle people are forgotten.</summary>
public sealed class PersonBudgets
{
    /// <summary>A message's own time is believed when it is at most this old (a backlog replayed after a restart
    /// is judged by when the person sent it); older or future times fall back to the clock.</summary>
    private static readonly TimeSpan TrustSentTimeFor = TimeSpan.FromHours(1);

    private readonly FairnessOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<PersonKey, Bucket> _buckets = new();
    private long _lastSweepTicks;

    public PersonBudgets(FairnessOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _lastSweepTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>People with a bucket in memory (for tests and the load harness).</summary>
    public int Tracked => _buckets.Count;

    /// <summary>Spends one message of the person's budget, sent at <paramref name="sentAt"/>, and says what to do with it.</summary>
    public Admission Admit(PersonKey person, DateTimeOffset sentAt)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset at = sentAt <= now && now - sentAt <= TrustSentTimeFor ? sentAt : now;
        Bucket bucket = _buckets.GetOrAdd(person, static (_, burst) => new Bucket(burst), _options.Burst);
        Admission admission;
        lock (bucket)
        {
            admission = bucket.Take(at, _options);
        }
        SweepIfDue(now);
        return admission;
    }

    /// <summary>About once a window, forgets people whose budget is full again and who were not told recently.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        long last = Interlocked.Read(ref _lastSweepTicks);
        TimeSpan window = _options.Window;
        if (now.UtcTicks - last < window.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }
        foreach ((PersonKey person, Bucket bucket) in _buckets)
        {
            bool idle;
            lock (bucket)
            {
                idle = bucket.IdleSince(now, window);
            }
            if (idle)
            {
                _buckets.TryRemove(new KeyValuePair<PersonKey, Bucket>(person, bucket));
            }
        }
    }

    private sealed class Bucket(int burst)
    {
        private double _tokens = burst;
        private DateTimeOffset _last = DateTimeOffset.MinValue;
        private DateTimeOffset? _toldAt;

        public Admission Take(DateTimeOffset at, FairnessOptions options)
        {
            if (at < _last)
            {
                at = _last; // events can arrive out of order; time never runs backwards for a bucket
            }
            if (_last != DateTimeOffset.MinValue)
            {
                _tokens = Math.Min(options.Burst, _tokens + (at - _last) / options.RefillEvery);
            }
            _last = at;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return Admission.Answer;
            }
            if (_toldAt is { } told && at - told < options.Window)
            {
                return Admission.Drop;
            }
            _toldAt = at;
            return Admission.SlowDown;
        }

        /// <summary>True when the bucket would be full and the last note is a window old: forgetting it changes nothing.</summary>
        public bool IdleSince(DateTimeOffset now, TimeSpan window) =>
            now - _last >= window && (_toldAt is not { } told || now - told >= window);
    }
}
