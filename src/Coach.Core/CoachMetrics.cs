using System.Diagnostics.Metrics;

namespace Coach.Core;

/// <summary>Coach's metrics (System.Diagnostics.Metrics, meter <c>Coach</c>), exported by OpenTelemetry in the worker.</summary>
public static class CoachMetrics
{
    public const string MeterName = "Coach";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Counter<long> EventsHandled = Meter.CreateCounter<long>("coach.events.handled", "{event}", "Events the engine handled, by platform and kind.");
    public static readonly Counter<long> EventsDuplicate = Meter.CreateCounter<long>("coach.events.duplicate", "{event}", "Redelivered events dropped.");
    public static readonly Counter<long> EventsThrottled = Meter.CreateCounter<long>("coach.events.throttled", "{event}", "Events from a person over their message budget, by platform and outcome (noted, dropped).");
    public static readonly Counter<long> StoreUnavailable = Meter.CreateCounter<long>("coach.store.unavailable", "{event}", "Events answered with \"can't save right now\" because the store could not be reached.");
    public static readonly Histogram<double> ReplyLatency = Meter.CreateHistogram<double>("coach.reply.latency", "ms", "Time from an event reaching the engine to its replies being ready.");
    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("coach.transport.reconnects", "{reconnect}", "Gateway or socket reconnects, by transport.");
    public static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>("coach.transport.ratelimit_waits", "{wait}", "Sends that waited for a rate-limit window, by transport.");
    public static readonly Counter<long> TooManyRequests = Meter.CreateCounter<long>("coach.transport.http_429", "{response}", "HTTP 429 responses received, by transport.");
    public static readonly Counter<long> Assessments = Meter.CreateCounter<long>("coach.assessments", "{assessment}", "Answers assessed, by fit and target level.");
    public static readonly Counter<long> DailyPromptsSent = Meter.CreateCounter<long>("coach.daily.sent", "{prompt}", "Daily prompts sent.");

    private static Func<long>? _openSessions;

    static CoachMetrics()
    {
        Meter.CreateObservableGauge("coach.sessions.open", () => _openSessions?.Invoke() ?? 0, "{session}", "Practice sessions in the store.");
    }

    /// <summary>Sets where the open-sessions gauge reads from (a cached count the worker refreshes).</summary>
    public static void ObserveOpenSessions(Func<long> read) => _openSessions = read;
}
