using Coach.Core.Conversation;
using Coach.Discord.Commands;
using Coach.Discord.Gateway;
using Coach.Discord.Replies;
using Coach.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Discord;

public static class DiscordServiceCollectionExtensions
{
    internal const string HttpClientName = "Coach.Discord";

    /// <summary>Registers the Discord transport (hosted service, <see cref="ITransportHealth"/>), its REST and gateway
    /// clients and the command registrar, bound to the <c>Discord</c> section and validated at start.
    /// The host must register an <see cref="ICoachEngine"/>.</summary>
    public static IServiceCollection AddCoachDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // No default HttpClient logging: interaction and webhook URLs carry tokens.
        services.AddHttpClient(HttpClientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp => new DiscordRestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<DiscordOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.TryAddSingleton<DiscordGatewayClient>();
        services.TryAddSingleton<DiscordCommandRegistrar>();
        services.TryAddSingleton<DiscordTransport>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordTransport>());
        services.AddSingleton<ITransportHealth>(sp => sp.GetRequiredService<DiscordTransport>());
        services.AddSingleton<IProactiveSender, DiscordProactiveSender>();
        return services;
    }
}
