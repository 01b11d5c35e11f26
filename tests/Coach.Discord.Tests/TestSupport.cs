using Coach.Core.Conversation;
using Coach.Discord.Tests.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Coach.Discord.Tests;

/// <summary>Writes the transport's logs to the test output.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);
    public void Dispose() { }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
                // the test has finished
            }
        }
    }
}

/// <summary>The real transport wired through <see cref="DiscordServiceCollectionExtensions.AddCoachDiscord"/> against a fake.</summary>
public sealed class Harness : IAsyncDisposable
{
    private readonly bool _ownsFake;

    private Harness(FakeDiscord fake, ServiceProvider services, ICoachEngine engine, bool ownsFake)
    {
        Fake = fake;
        Services = services;
        Engine = engine;
        _ownsFake = ownsFake;
    }

    public FakeDiscord Fake { get; }
    public ServiceProvider Services { get; }
    public ICoachEngine Engine { get; }
    public DiscordTransport Transport => Services.GetRequiredService<DiscordTransport>();
    public DiscordGatewayClient Gateway => Services.GetRequiredService<DiscordGatewayClient>();
    public DiscordRestClient Rest => Services.GetRequiredService<DiscordRestClient>();

    public static async Task<Harness> StartAsync(ITestOutputHelper output, ICoachEngine? engine = null, TimeProvider? time = null,
        Action<FakeDiscord>? configureFake = null, IDictionary<string, string?>? settings = null, bool start = true,
        FakeDiscord? sharedFake = null, Action<IServiceCollection>? configureServices = null)
    {
        var fake = sharedFake ?? await FakeDiscord.StartAsync();
        configureFake?.Invoke(fake);
        var config = new Dictionary<string, string?>
        {
            ["Discord:Token"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:ApiBaseUrl"] = fake.ApiBase,
            ["Discord:ReconnectBaseDelay"] = "00:00:00.050",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug));
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        engine ??= new ScriptedEngine();
        services.AddSingleton(engine);
        configureServices?.Invoke(services);
        services.AddCoachDiscord(configuration);
        var provider = services.BuildServiceProvider();
        var harness = new Harness(fake, provider, engine, ownsFake: sharedFake is null);
        if (start)
        {
            await harness.Transport.StartAsync(CancellationToken.None);
        }
        return harness;
    }

    /// <summary>Waits for READY and the GUILD_CREATE that tells the transport about the text channel.</summary>
    public async Task WaitReadyAsync()
    {
        await FakeDiscord.WaitUntilAsync(() => Fake.IsConnected && Transport.Current.State == TransportState.Connected, what: "READY");
        await Fake.DispatchAsync("GUILD_CREATE", FakeDiscord.GuildCreate((FakeDiscord.ChannelId, 0)));
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await Transport.StopAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await Services.DisposeAsync();
        if (_ownsFake)
        {
            await Fake.DisposeAsync();
        }
    }
}
