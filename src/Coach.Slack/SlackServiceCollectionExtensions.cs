using Coach.Core.Conversation;
using Coach.Slack.Api;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack transport from the <c>Slack</c> section of <paramref name="configuration"/>: options (validated
    /// at start), the Web API client, the dispatcher and the hosted <see cref="SlackTransport"/> (also an
    /// <see cref="ITransportHealth"/>) and the Slack <see cref="IProactiveSender"/> for daily prompts. The host must
    /// register an <see cref="ICoachEngine"/>.
    /// </summary>
    public static IServiceCollection AddCoachSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SlackApiClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetRequiredService<IOptions<SlackOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackApiClient>>()));
        services.TryAddSingleton(sp => new SlackInboundParser(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SlackDispatcher>();
        services.TryAddSingleton<SlackTransport>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackTransport>());
        services.AddSingleton<ITransportHealth>(sp => sp.GetRequiredService<SlackTransport>());
        services.AddSingleton<IProactiveSender, SlackProactiveSender>();
        return services;
    }
}
