using System.Text;
using Coach.Slack.Http;
using Coach.Slack.Inbound;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Slack.Tests;

public sealed class SignatureAndDedupeTests
{
    // The worked example from Slack's "Verifying requests from Slack".
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Signature_matches_Slacks_documented_example()
    {
        Assert.Equal(Expected, SlackSignature.Compute(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)));
        Assert.True(SlackSignature.Verify(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body), At.AddMinutes(4)));
    }

    [Fact]
    public void Signature_is_refused_outside_the_window_or_when_malformed()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.False(SlackSignature.Verify(Secret, Timestamp, Expected, body, At.AddMinutes(5).AddSeconds(1)));
        Assert.False(SlackSignature.Verify(Secret, Timestamp, Expected, body, At.AddMinutes(-5).AddSeconds(-1)));
        Assert.False(SlackSignature.Verify(Secret, Timestamp, Expected.ToUpperInvariant(), body, At));
        Assert.False(SlackSignature.Verify(Secret, Timestamp, Expected[..^1], body, At));
        Assert.False(SlackSignature.Verify(Secret, "not-a-number", Expected, body, At));
        Assert.False(SlackSignature.Verify(Secret, null, Expected, body, At));
        Assert.False(SlackSignature.Verify(Secret, Timestamp, null, body, At));
    }

    [Fact]
    public void Dedupe_forgets_keys_after_its_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new DedupeCache(TimeSpan.FromMinutes(15), time);
        Assert.True(cache.TryClaim(["e:1"]));
        time.Advance(TimeSpan.FromMinutes(14));
        Assert.False(cache.TryClaim(["e:1"]));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(cache.TryClaim(["e:2"]));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Dedupe_stays_within_its_capacity()
    {
        var cache = new DedupeCache(TimeSpan.FromHours(1), TimeProvider.System, capacity: 100);
        for (int i = 0; i < 1000; i++)
        {
            cache.TryClaim([$"e:{i}"]);
        }
        Assert.True(cache.Count <= 101);
        Assert.False(cache.TryClaim(["e:999"]));
    }
}
