namespace Coach.Discord.Tests;

/// <summary>The resume point on its own, without a gateway: the highest sequence below which every message was answered.</summary>
public sealed class ResumeTrackerTests
{
    private static GatewayDispatch Dispatch(string type, int sequence) => new(type, sequence, default, 0);

    [Fact]
    public void The_resume_point_stays_below_the_oldest_unanswered_message()
    {
        var tracker = new ResumeTracker();
        int generation = tracker.Received(Dispatch("READY", 1), track: false);
        tracker.Received(Dispatch("MESSAGE_CREATE", 2), track: true);
        tracker.Received(Dispatch("MESSAGE_CREATE", 3), track: true);
        tracker.Received(Dispatch("TYPING_START", 4), track: false);
        Assert.Equal(1, tracker.LowWater);

        tracker.Answered(generation, 3);
        Assert.Equal(1, tracker.LowWater); // 2 is still unanswered

        tracker.Answered(generation, 2);
        Assert.Equal(4, tracker.LowWater); // everything answered: the last sequence received
    }

    [Fact]
    public void A_new_session_starts_over_and_ignores_answers_from_the_old_one()
    {
        var tracker = new ResumeTracker();
        int first = tracker.Received(Dispatch("READY", 1), track: false);
        tracker.Received(Dispatch("MESSAGE_CREATE", 7), track: true);

        int second = tracker.Received(Dispatch("READY", 1), track: false);
        Assert.NotEqual(first, second);
        Assert.Equal(1, tracker.LowWater);

        tracker.Received(Dispatch("MESSAGE_CREATE", 2), track: true);
        tracker.Answered(first, 2); // an answer to the old session's event 2 is not this session's event 2
        Assert.Equal(1, tracker.LowWater);
        tracker.Answered(second, 2);
        Assert.Equal(2, tracker.LowWater);
    }

    [Fact]
    public void A_seeded_tracker_resumes_from_the_saved_sequence_and_never_goes_back()
    {
        var tracker = new ResumeTracker();
        tracker.Seed(40);
        Assert.Equal(40, tracker.LowWater);

        tracker.Received(Dispatch("RESUMED", 0), track: false);
        tracker.Received(Dispatch("MESSAGE_CREATE", 39), track: false); // a replayed event below the saved point
        Assert.Equal(40, tracker.LowWater);

        tracker.Received(Dispatch("MESSAGE_CREATE", 41), track: false);
        Assert.Equal(41, tracker.LowWater);
    }
}
