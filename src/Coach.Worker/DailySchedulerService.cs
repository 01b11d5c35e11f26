using Coach.Core.Daily;
using Microsoft.Extensions.Hosting;

namespace Coach.Worker;

/// <summary>Hosts the daily prompt scheduler next to the transports.</summary>
internal sealed class DailySchedulerService(DailyPromptScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
