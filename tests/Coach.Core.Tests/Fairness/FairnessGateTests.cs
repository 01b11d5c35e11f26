using Coach.Core.Conversation;
using Coach.Core.Fairness;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coach.Core.Tests.Fairness;

public sealed class FairnessGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingEngine _engine = new();
    private readonly FairnessOptions _options = new() { Burst = 20, RefillEvery = TimeSpan.FromSeconds(2.5) };
    private int _ids;

    private FairnessGate Gate() => new(_engine, _options, _time, NullLogger<FairnessGate>.Instance);

    private Incoming Dm(string user, DateTimeOffset? at = null, IncomingKind kind = IncomingKind.Message) =>
        new(Platforms.Discord, "@dm", "D" + user, null, user, "m" + Interlocked.Increment(ref _ids), at ?? _time.GetUtcNow(), kind, Text: "part of my answer", IsDirect: true);

    [Fact]
    public async Task A_person_pasting_a_whole_answer_in_twenty_pieces_at_once_is_answered_every_time()
    {
        FairnessGate gate = Gate();
        for (int i = 0; i < 20; i++)
        {
            Assert.Single(await gate.HandleAsync(Dm("ada")));
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
        Assert.Equal(20, _engine.Calls("ada"));
    }

    [Fact]
    public async Task Past_the_budget_the_person_gets_one_note_in_the_place_they_wrote_and_the_rest_never_reach_the_engine()
    {
        FairnessGate gate = Gate();
        for (int i = 0; i < 20; i++)
        {
            await gate.HandleAsync(Dm("flo"));
        }

        Outgoing note = Assert.Single(await gate.HandleAsync(Dm("flo")));
        Assert.Equal(FairnessGate.SlowDownText, note.Text);
        Assert.Equal(Visibility.Channel, note.Visibility);
        Assert.Equal("Dflo", note.Channel);
        for (int i = 0; i < 50; i++)
        {
            Assert.Empty(await gate.HandleAsync(Dm("flo")));
        }
        Assert.Equal(20, _engine.Calls("flo"));
    }

    [Fact]
    public async Task In_a_channel_the_note_is_only_for_the_person()
    {
        FairnessGate gate = Gate();
        Incoming inThread = Dm("flo") with { Workspace = "G1", Channel = "C1", Thread = "T1", IsDirect = false };
        for (int i = 0; i < 20; i++)
        {
            await gate.HandleAsync(inThread with { EventId = "t" + i });
        }
        Outgoing note = Assert.Single(await gate.HandleAsync(inThread with { EventId = "over" }));
        Assert.Equal(Visibility.Ephemeral, note.Visibility);
        Assert.Equal(("C1", "T1", "flo"), (note.Channel, note.Thread, note.User));
    }

    [Fact]
    public async Task The_budget_refills_one_message_each_interval_so_a_slower_person_is_answered_again()
    {
        FairnessGate gate = Gate();
        for (int i = 0; i < 21; i++)
        {
            await gate.HandleAsync(Dm("flo"));
        }
        Assert.Empty(await gate.HandleAsync(Dm("flo")));

        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Single(await gate.HandleAsync(Dm("flo")));
        Assert.Empty(await gate.HandleAsync(Dm("flo")));
        Assert.Equal(21, _engine.Calls("flo"));

        _time.Advance(TimeSpan.FromSeconds(25)); // ten messages' worth
        for (int i = 0; i < 10; i++)
        {
            Assert.Single(await gate.HandleAsync(Dm("flo")));
        }
        Assert.Empty(await gate.HandleAsync(Dm("flo"))); // still inside the window of the first note: no second note yet
        Assert.Equal(31, _engine.Calls("flo"));
    }

    [Fact]
    public async Task A_flood_at_100_a_second_gets_one_note_per_window_and_one_answer_per_interval()
    {
        FairnessGate gate = Gate();
        int notes = 0, answered = 0;
        // two minutes of 100 messages a second; the window is 20 x 2.5 s = 50 s
        for (int i = 0; i < 12_000; i++)
        {
            IReadOnlyList<Outgoing> replies = await gate.HandleAsync(Dm("flo"));
            if (replies.Count == 1 && replies[0].Text == FairnessGate.SlowDownText)
            {
                notes++;
            }
            else if (replies.Count == 1)
            {
                answered++;
            }
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Equal(3, notes); // at 0.2 s, 50.2 s and 100.2 s
        Assert.Equal(20 + 47, answered); // the burst, then one every 2.5 s of the remaining ~119.8 s
        Assert.Equal(answered, _engine.Calls("flo"));
    }

    [Fact]
    public async Task Other_people_are_answered_while_one_person_is_over_budget()
    {
        FairnessGate gate = Gate();
        for (int i = 0; i < 100; i++)
        {
            await gate.HandleAsync(Dm("flo"));
        }
        for (int person = 0; person < 50; person++)
        {
            Assert.Single(await gate.HandleAsync(Dm("p" + person)));
        }
        Assert.Equal(50, Enumerable.Range(0, 50).Sum(p => _engine.Calls("p" + p)));
    }

    [Fact]
    public async Task A_backlog_replayed_at_once_is_judged_by_when_the_person_sent_each_message()
    {
        FairnessGate gate = Gate();
        DateTimeOffset wentDown = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(10));
        // 30 messages sent one every 20 s while no worker was up, delivered together now
        for (int i = 0; i < 30; i++)
        {
            Assert.Single(await gate.HandleAsync(Dm("ada", wentDown + TimeSpan.FromSeconds(20 * i))));
        }
        Assert.Equal(30, _engine.Calls("ada"));
    }

    [Fact]
    public async Task A_sent_time_in_the_future_or_long_ago_is_not_believed()
    {
        FairnessGate gate = Gate();
        // a minute apart two days ago would have refilled the budget; too old to believe, so all count as now
        for (int i = 0; i < 20; i++)
        {
            Assert.Single(await gate.HandleAsync(Dm("flo", _time.GetUtcNow() - TimeSpan.FromDays(2) + TimeSpan.FromMinutes(i))));
        }
        Assert.Equal(FairnessGate.SlowDownText, Assert.Single(await gate.HandleAsync(Dm("flo", _time.GetUtcNow() + TimeSpan.FromHours(1)))).Text);
        Assert.Equal(20, _engine.Calls("flo"));
    }

    [Fact]
    public async Task Threads_Coach_opens_itself_do_not_count_and_a_disabled_gate_answers_everything()
    {
        FairnessGate gate = Gate();
        for (int i = 0; i < 40; i++)
        {
            await gate.HandleAsync(Dm("ada", kind: IncomingKind.ThreadOpened));
        }
        Assert.Single(await gate.HandleAsync(Dm("ada")));
        Assert.Equal(41, _engine.Calls("ada"));

        _options.Enabled = false;
        for (int i = 0; i < 100; i++)
        {
            Assert.Single(await gate.HandleAsync(Dm("flo")));
        }
    }

    [Fact]
    public async Task People_whose_budget_is_full_again_are_forgotten()
    {
        FairnessGate gate = Gate();
        for (int person = 0; person < 100; person++)
        {
            await gate.HandleAsync(Dm("p" + person));
        }
        Assert.Equal(100, gate.Budgets.Tracked);
        _time.Advance(_options.Window);
        await gate.HandleAsync(Dm("ada"));
        Assert.Equal(1, gate.Budgets.Tracked);
    }

    private sealed class CountingEngine : ICoachEngine
    {
        private readonly Dictionary<string, int> _calls = [];

        public int Calls(string user)
        {
            lock (_calls)
            {
                return _calls.GetValueOrDefault(user);
            }
        }

        public Task<IReadOnlyList<Outgoing>> HandleAsync(Incoming incoming, CancellationToken cancellationToken = default)
        {
            lock (_calls)
            {
                _calls[incoming.User] = _calls.GetValueOrDefault(incoming.User) + 1;
            }
            return Task.FromResult<IReadOnlyList<Outgoing>>([new Outgoing(Visibility.Channel, incoming.Channel, null, incoming.User, "Got it.")]);
        }
    }
}
