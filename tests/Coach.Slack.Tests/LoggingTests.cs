using System.Collections.Concurrent;
using Coach.Slack.Tests.Fake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coach.Slack.Tests;

public sealed class LoggingTests
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue((logLevel, formatter(state, exception) + " " + exception));
        }
    }

    [Fact]
    public async Task Logs_carry_no_tokens_and_information_logs_no_message_text()
    {
        var capture = new Capture();
        var engine = new ScriptedEngine();
        await using (var h = await SlackHarness.StartAsync(engine, configure: s => s.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Debug))))
        {
            var socket = await h.Fake.WaitForSocketAsync(1);
            await socket.SendEnvelopeAsync("slash_commands", Payloads.SlashCommand("D1", "U1", "practice MARKER-COMMAND-TEXT"));
            foreach (var part in new[] { "MARKER-S", "MARKER-T", "MARKER-A", "MARKER-R" })
            {
                await socket.SendEnvelopeAsync("events_api", Payloads.Message("D1", "U1", part, h.Fake.NextTs()));
            }
            await socket.SendDisconnectAsync("refresh_requested");
            var next = await h.Fake.WaitForSocketAsync(2);
            h.Fake.Script("chat.postMessage", FakeResponse.Error("channel_not_found"));
            await next.SendEnvelopeAsync("events_api", Payloads.Message("D1", "U1", "MARKER-AFTER", h.Fake.NextTs()));
            await FakeSlack.WaitUntilAsync(() => engine.Received.Count == 6);
            await Task.Delay(200);
        }

        Assert.NotEmpty(capture.Lines);
        Assert.Contains(capture.Lines, l => l.Level == LogLevel.Information);
        foreach (var (level, text) in capture.Lines)
        {
            Assert.DoesNotContain("xoxb-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("xapp-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("test-signing-secret", text, StringComparison.Ordinal);
            if (level >= LogLevel.Information)
            {
                Assert.DoesNotContain("MARKER", text, StringComparison.Ordinal);
            }
        }
    }
}
