using System.ComponentModel.DataAnnotations;

namespace Coach.Core.Fairness;

/// <summary>How many messages Coach answers for one person (configuration section <c>Fairness</c>): a token bucket of
/// <see cref="Burst"/> messages that refills by one every <see cref="RefillEvery"/>.</summary>
/// <remarks>
/// The defaults are generous for a person and tight for a flood. The longest part Coach takes is 8,000 characters
/// (<c>Coach:MaxMessageChars</c>); Discord caps a message at 2,000, so one long part pasted in pieces is four or five
/// messages in a few seconds and a whole STAR answer pasted in pieces about twenty. A person typing sends well under one
/// message every 2.5 s for long. One person flooding gets 20 answers, then one every 2.5 s (24 a minute): that sustained
/// rate stays inside Discord's five messages per five seconds per channel and Slack's one a second per channel, and the
/// transports pace the burst's replies to those limits.
/// </remarks>
public sealed class FairnessOptions
{
    public const string Section = "Fairness";

    /// <summary>False turns the gate off: every message is answered however fast it comes.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages a person may send at once before Coach stops answering.</summary>
    [Range(5, 1_000, ErrorMessage = "Fairness:Burst must be between 5 and 1000.")]
    public int Burst { get; set; } = 20;

    /// <summary>One more message is answered per this much time after the burst is spent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Fairness:RefillEvery must be between 100 ms and 10 minutes.")]
    public TimeSpan RefillEvery { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>The time an empty budget takes to fill again: a person gets at most one "slow down" note in it.</summary>
    public TimeSpan Window => RefillEvery * Burst;
}
