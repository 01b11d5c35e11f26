using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Fairness;
using Coach.Core.Mock;
using Coach.Core.Progress;
using Coach.Core.Storage;
using Coach.Discord;
using Coach.Slack;
using Coach.Storage;
using Coach.Core;
using Coach.Worker.Console;
using Coach.Worker.Operations;
using OpenTelemetry.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coach.Worker;

/// <summary>Wires the coach with the Generic Host: options validated at start, the store, the engine, and the transports.</summary>
public static class CoachHost
{
    public static IHost Build(string[] args, TextReader stdin, TextWriter stdout)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        AddCoachConfiguration(builder.Configuration, args);

        bool console = string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]) && string.IsNullOrWhiteSpace(builder.Configuration["Slack:BotToken"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (console && builder.Configuration["Logging:LogLevel:Default"] is null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning); // the terminal is the chat: keep logs out of the way
        }

        builder.Services.AddCoachCore(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]))
        {
            builder.Services.AddCoachDiscord(builder.Configuration);
        }
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Slack:BotToken"]))
        {
            builder.Services.AddCoachSlack(builder.Configuration);
        }
        if (console)
        {
            builder.Services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
                .ValidateDataAnnotations().ValidateOnStart();
            builder.Services.AddSingleton(sp => new ConsoleIo(stdin, stdout, ConsoleIo.WidthFor(stdout, sp.GetRequiredService<IOptions<ConsoleOptions>>().Value.Width)));
            builder.Services.AddSingleton(sp => new ConsoleOutput(sp.GetRequiredService<ConsoleIo>(), sp.GetRequiredService<IOptions<ConsoleOptions>>().Value));
            builder.Services.AddSingleton<IProactiveSender, ConsoleSender>();
            builder.Services.AddHostedService<ConsoleTransport>();
        }
        return builder.Build();
    }

    /// <summary>The settings sources, last wins: the shipped appsettings.json, config/appsettings.json, the environment, the command line.</summary>
    public static IConfigurationBuilder AddCoachConfiguration(IConfigurationBuilder configuration, string[] args) =>
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("config/appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);

    public static IServiceCollection AddCoachCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CoachOptions>().Bind(configuration.GetSection(CoachOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqliteCoachStore>(sp =>
            new SqliteCoachStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, sp.GetRequiredService<ILogger<SqliteCoachStore>>(),
                sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PostgresCoachStore>(sp =>
            new PostgresCoachStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, sp.GetRequiredService<ILogger<PostgresCoachStore>>()));
        services.AddSingleton<ICoachStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres
            ? sp.GetRequiredService<PostgresCoachStore>()
            : sp.GetRequiredService<SqliteCoachStore>());
        // one store serves every part: the schedules and mock interviews live beside the sessions
        services.AddSingleton(sp => (IScheduleStore)sp.GetRequiredService<ICoachStore>());
        services.AddSingleton(sp => (IMockStore)sp.GetRequiredService<ICoachStore>());
        services.AddSingleton(sp => (ITransportStateStore)sp.GetRequiredService<ICoachStore>());
        services.AddSingleton(sp => (IDeliveryStore)sp.GetRequiredService<ICoachStore>());
        services.AddHostedService<StoreInitializer>();
        services.AddOptions<FairnessOptions>().Bind(configuration.GetSection(FairnessOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IStoreFaults, StoreFaults>();
        services.AddSingleton<IProgressChartRenderer, ScottPlotProgressRenderer>();
        services.AddSingleton<CoachEngine>(sp => new CoachEngine(
            sp.GetRequiredService<ICoachStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CoachOptions>>().Value,
            sp.GetRequiredService<ILogger<CoachEngine>>(),
            sp.GetRequiredService<IScheduleStore>(),
            sp.GetRequiredService<IMockStore>())
        {
            Charts = sp.GetRequiredService<IProgressChartRenderer>(),
        });
        // the console's "welcome back" line reads the session straight from the engine: it answers no message, so no gate
        services.AddSingleton<IResumeNote>(sp => sp.GetRequiredService<CoachEngine>());
        // every transport goes through the same two gates: a person's message budget first (a flood never reaches the
        // store), then the "can't save right now" reply while the store cannot be reached
        services.AddSingleton<ICoachEngine>(sp => new FairnessGate(
            new StoreOutageGuard(sp.GetRequiredService<CoachEngine>(), sp.GetRequiredService<IStoreFaults>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StoreOutageGuard>>()),
            sp.GetRequiredService<IOptions<FairnessOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FairnessGate>>()));
        services.AddSingleton<DailyPromptScheduler>();
        services.AddHostedService<DailySchedulerService>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CoachOptions>>().Value);
        services.AddSingleton<MockSupervisor>();
        services.AddHostedService<MockSupervisorService>();
        services.AddCoachOperations(configuration);
        return services;
    }
}

public static class OperationsRegistration
{
    /// <summary>Health endpoints and metrics: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> (Prometheus) or OTLP export.</summary>
    public static IServiceCollection AddCoachOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OperationsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsServer>());
        if (configuration["Metrics:Exporter"] == "otlp" && Uri.TryCreate(configuration["Metrics:OtlpEndpoint"], UriKind.Absolute, out Uri? endpoint))
        {
            services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CoachMetrics.MeterName).AddOtlpExporter(o => o.Endpoint = endpoint));
        }
        return services;
    }
}

/// <summary>Runs the store's migrations before any transport starts (hosted services start in registration order).</summary>
internal sealed class StoreInitializer(ICoachStore store, ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        logger.LogInformation("Store ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
