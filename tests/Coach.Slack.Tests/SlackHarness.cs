using Coach.Core.Conversation;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Tests;

/// <summary>The real Slack transport, wired as the worker wires it, against a fake Slack on loopback.</summary>
public sealed class SlackHarness : IAsyncDisposable
{
    private SlackHarness(FakeSlack fake, ServiceProvider services, ICoachEngine engine)
    {
        Fake = fake;
        Services = services;
        Engine = engine;
        Transport = services.GetRequiredService<SlackTransport>();
    }

    public FakeSlack Fake { get; }

    public ServiceProvider Services { get; }

    public ICoachEngine Engine { get; }

    public SlackTransport Transport { get; }

    public static async Task<SlackHarness> StartAsync(ICoachEngine engine, Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null, bool waitConnected = true, Action<FakeSlack>? prepare = null)
    {
        var fake = await FakeSlack.StartAsync();
        prepare?.Invoke(fake);
        var config = new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:SigningSecret"] = "test-signing-secret",
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Slack:PostInterval"] = "00:00:00",
            ["Slack:ReconnectMinDelay"] = "00:00:00.050",
            ["Slack:ReconnectMaxDelay"] = "00:00:00.500",
            ["Slack:HelloTimeout"] = "00:00:02",
            ["Slack:PingInterval"] = "00:00:00.250",
            ["Slack:PingTimeout"] = "00:00:00.750",
            ["Slack:HttpListenAddress"] = "127.0.0.1",
            ["Slack:HttpPort"] = "0",
            ["Slack:ShutdownDrain"] = "00:00:00.500",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(engine);
        services.AddCoachSlack(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var harness = new SlackHarness(fake, provider, engine);
        await harness.Transport.StartAsync(CancellationToken.None);
        if (waitConnected)
        {
            await FakeSlack.WaitUntilAsync(
                () => harness.Transport.Current.State == TransportState.Connected,
                TimeSpan.FromSeconds(10), "the transport to connect");
        }
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Transport.StopAsync(cts.Token);
        }
        finally
        {
            await Services.DisposeAsync();
            await Fake.DisposeAsync();
        }
    }
}
