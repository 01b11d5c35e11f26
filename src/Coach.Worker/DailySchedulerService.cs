using Coach.Core.Daily;
using Coach.Core.Mock;
using Microsoft.Extensions.Hosting;

namespace Coach.Worker;

/// <summary>Hosts the daily prompt scheduler next to the transports.</summary>
internal sealed class DailySchedulerService(DailyPromptScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}

/// <summary>Hosts the mock interview supervisor (dissolves pairs whose candidate never starts).</summary>
internal sealed class MockSupervisorService(MockSupervisor supervisor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => supervisor.RunAsync(stoppingToken);
}
