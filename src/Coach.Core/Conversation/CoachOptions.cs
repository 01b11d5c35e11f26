using System.ComponentModel.DataAnnotations;

namespace Coach.Core.Conversation;

/// <summary>The coaching conversation's settings (configuration section <c>Coach</c>).</summary>
public sealed class CoachOptions
{
    public const string Section = "Coach";

    /// <summary>A session with no message for this long expires; the person gets a note when they return.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ErrorMessage = "Coach:SessionTimeout must be between 1 minute and 90 days.")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The longest message taken as one answer part, in characters.</summary>
    [Range(500, 40_000, ErrorMessage = "Coach:MaxMessageChars must be between 500 and 40000.")]
    public int MaxMessageChars { get; set; } = 8_000;

    /// <summary>How many probes the person is offered after feedback.</summary>
    [Range(0, 3, ErrorMessage = "Coach:ProbesOffered must be between 0 and 3.")]
    public int ProbesOffered { get; set; } = 2;

    /// <summary>A paired mock interview whose candidate has not started within this time is dissolved and both go back to the queue.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Coach:MockStartTimeout must be between 1 minute and 7 days.")]
    public TimeSpan MockStartTimeout { get; set; } = TimeSpan.FromMinutes(20);
}
