using Coach.Core.Conversation;
using Microsoft.Extensions.Logging;

namespace Coach.Core.Fairness;

/// <summary>Sits in front of the engine for every transport: a person past their budget (<see cref="FairnessOptions"/>) gets one
/// short "slow down" note a window, and their other messages are dropped before the engine, so they are neither stored as
/// answer parts nor answered, and cost the platform's rate limits nothing.</summary>
public sealed class FairnessGate : ICoachEngine
{
    public const string SlowDownText =
        "You're sending messages faster than I can take them in, so I've skipped this one and will skip the next few. " +
        "Wait a few seconds, then send it again.";

    private readonly ICoachEngine _inner;
    private readonly FairnessOptions _options;
    private readonly PersonBudgets _budgets;
    private readonly ILogger<FairnessGate> _logger;

    public FairnessGate(ICoachEngine inner, FairnessOptions options, TimeProvider time, ILogger<FairnessGate> logger)
    {
        _inner = inner;
        _options = options;
        _budgets = new PersonBudgets(options, time);
        _logger = logger;
    }

    public PersonBudgets Budgets => _budgets;

    public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        // a thread Coach opened itself is not the person's doing
        if (!_options.Enabled || incoming.Kind == IncomingKind.ThreadOpened)
        {
            return _inner.HandleAsync(incoming, cancellationToken);
        }
        switch (_budgets.Admit(incoming.Person, incoming.At))
        {
            case Admission.Answer:
                return _inner.HandleAsync(incoming, cancellationToken);
            case Admission.SlowDown:
                CoachMetrics.EventsThrottled.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform), new KeyValuePair<string, object?>("outcome", "noted"));
                _logger.LogInformation("A person on {Platform} is over their message budget; told them to slow down", incoming.Platform);
                return Task.FromResult<IReadOnlyList<Outgoing>>([Outgoing.PrivatelyTo(incoming, SlowDownText)]);
            default:
                CoachMetrics.EventsThrottled.Add(1, new KeyValuePair<string, object?>("platform", incoming.Platform), new KeyValuePair<string, object?>("outcome", "dropped"));
                return Task.FromResult<IReadOnlyList<Outgoing>>([]);
        }
    }
}
