using System.Text.Json;
using System.Text.Json.Serialization;
using Coach.Core.Conversation;
using Coach.Core.Daily;
using Coach.Core.Mock;
using Coach.Core.Rubric;
using Coach.Core.Storage;

namespace Coach.Storage.Tests;

/// <summary>What every <see cref="IScheduleStore"/> and <see cref="IMockStore"/> must do (both stores implement them beside <see cref="ICoachStore"/>).</summary>
public abstract partial class StoreContractTests
{
    private static readonly JsonSerializerOptions MockJson = new() { Converters = { new JsonStringEnumConverter() } };

    protected async Task<(IScheduleStore Schedules, IMockStore Mocks)> StoresAsync()
    {
        ICoachStore store = await StoreAsync();
        return ((IScheduleStore)store, (IMockStore)store);
    }

    protected static string ChannelScheduleId(PersonKey owner) => DailySchedule.IdFor(owner.Platform, owner.Workspace, "C-" + owner.User, null);

    protected static DailySchedule PersonSchedule(PersonKey p, string time = "07:45", string zone = "Europe/London", params DayOfWeek[] days) =>
        new(DailySchedule.IdFor(p.Platform, p.Workspace, "", p.User), p.Platform, p.Workspace, "", p.User, p.User,
            TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), zone,
            days.Length == 0 ? [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday] : days, T0.AddSeconds(7));

    protected static DailySchedule ChannelSchedule(PersonKey owner) =>
        new(ChannelScheduleId(owner), owner.Platform, owner.Workspace, "C-" + owner.User, null, owner.User, new TimeOnly(23, 5), "America/New_York",
            Enum.GetValues<DayOfWeek>(), T0);

    protected static MockInterview Mock(PersonKey interviewer, string candidate, DateTimeOffset at, MockState state = MockState.Opening, string? channel = null) => new()
    {
        Id = "mock-" + Guid.NewGuid().ToString("N"),
        Platform = interviewer.Platform,
        Workspace = interviewer.Workspace,
        Channel = channel ?? "C-mocks-" + interviewer.User,
        Interviewer = interviewer.User,
        Candidate = candidate,
        Level = Level.L7,
        Principle = "ownership",
        QuestionId = "own-1",
        Question = "Tell me about a time you took on something outside your area. “Quoted”, 😬.",
        State = state,
        CreatedAt = at,
        UpdatedAt = at,
    };

    private static void AssertSameSchedule(DailySchedule expected, DailySchedule? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Days = [] }, actual with { Days = [] });
        Assert.Equal(expected.Days, actual.Days);
    }

    private static void AssertSameMock(MockInterview expected, MockInterview? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected, MockJson), JsonSerializer.Serialize(actual, MockJson));
    }

    /// <summary>Rows in every schedule and mock table about the person (used by the forget test).</summary>
    protected static async Task AddScheduleAndMockRowsAsync(ICoachStore store, PersonKey p)
    {
        var schedules = (IScheduleStore)store;
        var mocks = (IMockStore)store;
        DailySchedule own = PersonSchedule(p);
        await schedules.SaveScheduleAsync(own);
        Assert.True(await schedules.ClaimDeliveryAsync(own.Id, new DateOnly(2026, 3, 2), T0, "own-1"));
        await schedules.SaveScheduleAsync(ChannelSchedule(p));
        Assert.True(await schedules.ClaimDeliveryAsync(ChannelScheduleId(p), new DateOnly(2026, 3, 2), T0, "own-2"));
        // a mock they interview, and one where they are the candidate
        await mocks.SaveMockAsync(Mock(p, "U-stranger-" + Guid.NewGuid().ToString("N")[..6], T0));
        await mocks.SaveMockAsync(Mock(p with { User = "U-stranger-" + Guid.NewGuid().ToString("N")[..6] }, p.User, T0, MockState.Answering));
        await mocks.SetMockChannelAsync(p.Platform, p.Workspace, "C-mocks-" + p.User, on: true);
        await mocks.EnqueueAsync(new QueueEntry(p.Platform, p.Workspace, "C-mocks-" + p.User, p.User, "interviewer", T0));
        await mocks.SetLastRoleAsync(p.Platform, p.Workspace, p.User, "candidate");
    }

    [StoreFact]
    public async Task Schedules_round_trip_with_their_days_and_local_time_are_updated_listed_and_deleted()
    {
        (IScheduleStore store, _) = await StoresAsync();
        PersonKey ada = NewPerson();
        DailySchedule own = PersonSchedule(ada, "07:45", "Europe/London", DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Saturday, DayOfWeek.Sunday);
        DailySchedule channel = ChannelSchedule(ada);
        await store.SaveScheduleAsync(own);
        await store.SaveScheduleAsync(channel);

        AssertSameSchedule(own, await store.GetScheduleAsync(own.Id));
        AssertSameSchedule(channel, await store.GetScheduleAsync(channel.Id));
        Assert.True((await store.GetScheduleAsync(channel.Id))!.ForChannel);
        Assert.Null(await store.GetScheduleAsync("slack:T01:person:nobody"));

        // another store instance sees them; a list holds both, in id order
        ICoachStore otherStore = await StoreAsync();
        var other = (IScheduleStore)otherStore;
        AssertSameSchedule(own, await other.GetScheduleAsync(own.Id));
        var listed = (await other.ListSchedulesAsync()).Where(s => s.Id == own.Id || s.Id == channel.Id).ToList();
        Assert.Equal(new[] { channel.Id, own.Id }.Order(StringComparer.Ordinal), listed.Select(s => s.Id));

        // saving again changes the time, zone, days and owner; the creation time stays
        DailySchedule moved = own with { LocalTime = new TimeOnly(18, 0), TimeZone = "Asia/Kolkata", Days = [DayOfWeek.Tuesday], Owner = "U-other", CreatedAt = T0.AddDays(9) };
        await store.SaveScheduleAsync(moved);
        AssertSameSchedule(moved with { CreatedAt = own.CreatedAt }, await other.GetScheduleAsync(own.Id));

        Assert.True(await store.ClaimDeliveryAsync(own.Id, new DateOnly(2026, 3, 3), T0, "own-1"));
        Assert.True(await store.DeleteScheduleAsync(own.Id));
        Assert.Null(await store.GetScheduleAsync(own.Id));
        Assert.Empty(await store.ListDeliveriesAsync(own.Id, 10)); // its deliveries go with it
        Assert.False(await store.DeleteScheduleAsync(own.Id));
        AssertSameSchedule(channel, await store.GetScheduleAsync(channel.Id));
    }

    [StoreFact]
    public async Task A_delivery_is_claimed_once_released_after_a_failed_send_marked_answered_and_listed_newest_first()
    {
        (IScheduleStore store, _) = await StoresAsync();
        var other = (IScheduleStore)await StoreAsync();
        PersonKey ada = NewPerson();
        DailySchedule s = PersonSchedule(ada);
        await store.SaveScheduleAsync(s);
        var monday = new DateOnly(2026, 3, 2);

        Assert.True(await store.ClaimDeliveryAsync(s.Id, monday, T0, "own-1"));
        Assert.False(await store.ClaimDeliveryAsync(s.Id, monday, T0.AddMinutes(1), "own-2"));
        Assert.False(await other.ClaimDeliveryAsync(s.Id, monday, T0.AddMinutes(1), "own-3"));
        DailyDelivery first = Assert.Single(await other.ListDeliveriesAsync(s.Id, 10));
        Assert.Equal(new DailyDelivery(s.Id, monday, T0, "own-1", false), first);

        // the send failed: the claim is given back, and a later pass (here: another worker) claims it again
        await store.ReleaseDeliveryAsync(s.Id, monday);
        Assert.Empty(await store.ListDeliveriesAsync(s.Id, 10));
        Assert.True(await other.ClaimDeliveryAsync(s.Id, monday, T0.AddMinutes(5), null));
        Assert.False(await store.ClaimDeliveryAsync(s.Id, monday, T0.AddMinutes(6), "own-1"));
        Assert.Equal(new DailyDelivery(s.Id, monday, T0.AddMinutes(5), null, false), Assert.Single(await store.ListDeliveriesAsync(s.Id, 10)));

        // answered: a release no longer removes it
        await store.MarkAnsweredAsync(s.Id, monday);
        await other.ReleaseDeliveryAsync(s.Id, monday);
        Assert.True(Assert.Single(await store.ListDeliveriesAsync(s.Id, 10)).Answered);
        await store.MarkAnsweredAsync(s.Id, new DateOnly(2026, 1, 1)); // nothing claimed that day: harmless
        await store.ReleaseDeliveryAsync(s.Id, new DateOnly(2026, 1, 1));

        // newest first, limited; claimed out of order
        foreach (int day in (int[])[4, 3, 6, 5])
        {
            Assert.True(await store.ClaimDeliveryAsync(s.Id, new DateOnly(2026, 3, day), T0.AddDays(day - 2), $"q{day}"));
        }
        await other.MarkAnsweredAsync(s.Id, new DateOnly(2026, 3, 5));
        IReadOnlyList<DailyDelivery> all = await other.ListDeliveriesAsync(s.Id, 10);
        Assert.Equal([6, 5, 4, 3, 2], all.Select(d => d.LocalDate.Day));
        Assert.Equal([false, true, false, false, true], all.Select(d => d.Answered));
        Assert.Equal(["q6", "q5", "q4", "q3", null], all.Select(d => d.QuestionId));
        Assert.Equal([6, 5], (await store.ListDeliveriesAsync(s.Id, 2)).Select(d => d.LocalDate.Day));
        // another schedule's deliveries are its own
        DailySchedule channel = ChannelSchedule(ada);
        await store.SaveScheduleAsync(channel);
        Assert.True(await store.ClaimDeliveryAsync(channel.Id, new DateOnly(2026, 3, 2), T0, null));
        Assert.Single(await store.ListDeliveriesAsync(channel.Id, 10));
    }

    [StoreFact]
    public async Task Two_stores_claiming_the_same_delivery_at_once_exactly_one_wins()
    {
        var a = (IScheduleStore)await StoreAsync();
        var b = (IScheduleStore)await StoreAsync();
        PersonKey ada = NewPerson();
        DailySchedule s = PersonSchedule(ada);
        await a.SaveScheduleAsync(s);
        for (int day = 1; day <= 20; day++)
        {
            var date = new DateOnly(2026, 4, day);
            bool[] won = await Task.WhenAll(
                Task.Run(() => a.ClaimDeliveryAsync(s.Id, date, T0, "a")),
                Task.Run(() => b.ClaimDeliveryAsync(s.Id, date, T0, "b")));
            Assert.Equal(1, won.Count(w => w));
            Assert.Equal(won[0] ? "a" : "b", (await a.ListDeliveriesAsync(s.Id, 1))[0].QuestionId);
        }
        Assert.Equal(20, (await b.ListDeliveriesAsync(s.Id, 100)).Count);
    }

    [StoreFact]
    public async Task Mocks_round_trip_and_are_found_by_thread_by_opening_and_as_unstarted()
    {
        (_, IMockStore store) = await StoresAsync();
        var other = (IMockStore)await StoreAsync();
        PersonKey ivy = NewPerson();
        string cid = "U" + Guid.NewGuid().ToString("N")[..10];
        MockInterview opening = Mock(ivy, cid, T0);
        await store.SaveMockAsync(opening);
        AssertSameMock(opening, await other.GetMockAsync(opening.Id));
        Assert.Null(await other.GetMockAsync("mock-none"));

        // the newest mock still opening in the channel, found by the interviewer or the candidate
        MockInterview newer = Mock(ivy, cid, T0.AddMinutes(1), channel: opening.Channel);
        await store.SaveMockAsync(newer);
        AssertSameMock(newer, await other.FindOpeningMockAsync(ivy.Platform, ivy.Workspace, opening.Channel, ivy.User));
        AssertSameMock(newer, await other.FindOpeningMockAsync(ivy.Platform, ivy.Workspace, opening.Channel, cid));
        Assert.Null(await other.FindOpeningMockAsync(ivy.Platform, ivy.Workspace, "C-elsewhere", ivy.User));
        Assert.Null(await other.FindOpeningMockAsync(ivy.Platform, ivy.Workspace, opening.Channel, "U-someone-else"));

        // the thread opens: answering, with messages, bands and a hire signal; found by its thread
        MockInterview answering = newer with
        {
            Thread = "1700000000.000200",
            State = MockState.Answering,
            Messages = ["Situation: our checkout lost $2M a year.", "I led 3 teams."],
            PeerBands = new Dictionary<string, Band> { ["Impact"] = Band.L6, ["Teams"] = Band.L7 },
            PeerHire = "hire",
            FromQueue = true,
            UpdatedAt = T0.AddMinutes(2),
        };
        await other.SaveMockAsync(answering);
        AssertSameMock(answering, await store.GetMockAsync(newer.Id));
        AssertSameMock(answering, await store.FindMockByThreadAsync(ivy.Platform, ivy.Workspace, "1700000000.000200"));
        Assert.Null(await store.FindMockByThreadAsync(ivy.Platform, ivy.Workspace, "1700000000.999999"));
        Assert.Null(await store.FindMockByThreadAsync(Platforms.Discord, ivy.Workspace, "1700000000.000200"));
        AssertSameMock(opening, await other.FindOpeningMockAsync(ivy.Platform, ivy.Workspace, opening.Channel, ivy.User));

        // unstarted: opening or answering with no start yet; a started or finished one is not
        MockInterview started = Mock(ivy, cid, T0, MockState.Answering) with { StartedAt = T0.AddMinutes(3) };
        MockInterview done = Mock(ivy, cid, T0, MockState.Done);
        MockInterview dissolved = Mock(ivy, cid, T0, MockState.Dissolved);
        foreach (MockInterview m in (MockInterview[])[started, done, dissolved])
        {
            await store.SaveMockAsync(m);
        }
        HashSet<string> ours = [opening.Id, newer.Id, started.Id, done.Id, dissolved.Id];
        Assert.Equal(new[] { opening.Id, newer.Id }.Order(StringComparer.Ordinal),
            (await other.ListUnstartedMocksAsync()).Where(m => ours.Contains(m.Id)).Select(m => m.Id).Order(StringComparer.Ordinal));
        await store.SaveMockAsync(answering with { StartedAt = T0.AddMinutes(4) });
        Assert.Equal([opening.Id], (await other.ListUnstartedMocksAsync()).Where(m => ours.Contains(m.Id)).Select(m => m.Id));
    }

    [StoreFact]
    public async Task Parts_of_a_mock_answer_written_by_two_stores_at_once_are_all_kept()
    {
        var a = (IMockStore)await StoreAsync();
        var b = (IMockStore)await StoreAsync();
        PersonKey ivy = NewPerson();
        MockInterview mock = Mock(ivy, "U" + Guid.NewGuid().ToString("N")[..10], T0, MockState.Answering) with { Thread = "1700000000.000300" };
        await a.SaveMockAsync(mock);

        // 2 x 15 parts appended at once from two stores (two workers): none is lost to the other's write
        await Task.WhenAll(Enumerable.Range(0, 30).Select(n => Task.Run(() => (n % 2 == 0 ? a : b).UpdateMockAsync(mock.Id,
            m => m.State == MockState.Answering ? m with { Messages = [.. m.Messages, $"part {n}"], StartedAt = m.StartedAt ?? T0 } : null))));
        MockInterview stored = (await b.GetMockAsync(mock.Id))!;
        Assert.Equal(Enumerable.Range(0, 30).Select(n => $"part {n}").Order(StringComparer.Ordinal), stored.Messages.Order(StringComparer.Ordinal));
        Assert.Equal(T0, stored.StartedAt);

        // a change that does not apply in the current state writes nothing and says so
        Assert.Null(await a.UpdateMockAsync(mock.Id, m => m.State == MockState.Opening ? m with { State = MockState.Dissolved } : null));
        Assert.Equal(MockState.Answering, (await a.GetMockAsync(mock.Id))!.State);
        Assert.Null(await a.UpdateMockAsync("mock-none", m => m with { State = MockState.Done }));

        // two stores moving it on at once: exactly one transition lands
        MockInterview?[] moved = await Task.WhenAll(
            Task.Run(() => a.UpdateMockAsync(mock.Id, m => m.State == MockState.Answering ? m with { State = MockState.Scoring, PeerHire = "a" } : null)),
            Task.Run(() => b.UpdateMockAsync(mock.Id, m => m.State == MockState.Answering ? m with { State = MockState.Scoring, PeerHire = "b" } : null)));
        MockInterview winner = Assert.Single(moved, m => m is not null)!;
        Assert.Equal(winner.PeerHire, (await a.GetMockAsync(mock.Id))!.PeerHire);
        Assert.Equal(MockState.Scoring, (await b.FindMockByThreadAsync(ivy.Platform, ivy.Workspace, "1700000000.000300"))!.State);
    }

    [StoreFact]
    public async Task Transport_state_is_kept_per_key_and_the_last_save_wins_across_stores()
    {
        var a = (ITransportStateStore)await StoreAsync();
        var b = (ITransportStateStore)await StoreAsync();
        string key = "discord:test:" + Guid.NewGuid().ToString("N");
        Assert.Null(await a.GetTransportStateAsync(key));
        await a.SaveTransportStateAsync(key, """{"session":"one","seq":4}""", T0);
        await b.SaveTransportStateAsync(key, """{"session":"one","seq":9}""", T0.AddSeconds(3));
        (string value, DateTimeOffset at) = (await a.GetTransportStateAsync(key))!.Value;
        Assert.Equal("""{"session":"one","seq":9}""", value);
        Assert.Equal(T0.AddSeconds(3), at);
        Assert.Null(await b.GetTransportStateAsync(key + ":other"));
    }

    [StoreFact]
    public async Task A_mock_channel_is_turned_on_and_off()
    {
        (_, IMockStore store) = await StoresAsync();
        var other = (IMockStore)await StoreAsync();
        string channel = "C" + Guid.NewGuid().ToString("N")[..10];
        Assert.False(await store.IsMockChannelAsync(Platforms.Slack, "T01", channel));
        await store.SetMockChannelAsync(Platforms.Slack, "T01", channel, on: true);
        await other.SetMockChannelAsync(Platforms.Slack, "T01", channel, on: true); // twice is once
        Assert.True(await other.IsMockChannelAsync(Platforms.Slack, "T01", channel));
        Assert.False(await other.IsMockChannelAsync(Platforms.Discord, "T01", channel));
        Assert.False(await other.IsMockChannelAsync(Platforms.Slack, "T02", channel));
        await other.SetMockChannelAsync(Platforms.Slack, "T01", channel, on: false);
        Assert.False(await store.IsMockChannelAsync(Platforms.Slack, "T01", channel));
        await other.SetMockChannelAsync(Platforms.Slack, "T01", channel, on: false);
        Assert.False(await store.IsMockChannelAsync(Platforms.Slack, "T01", channel));
    }

    [StoreFact]
    public async Task The_queue_is_joined_once_in_order_and_a_pair_leaves_it_together_or_not_at_all()
    {
        (_, IMockStore store) = await StoresAsync();
        string channel = "C" + Guid.NewGuid().ToString("N")[..10];
        QueueEntry Entry(string user, int minute, string? role = null) => new(Platforms.Slack, "T01", channel, user, role, T0.AddMinutes(minute));

        Assert.Equal(["zed"], (await store.EnqueueAsync(Entry("zed", 0, "candidate"))).Select(e => e.User));
        Assert.Equal(["zed", "amy"], (await store.EnqueueAsync(Entry("amy", 1))).Select(e => e.User));
        // joining again keeps the first place and role
        IReadOnlyList<QueueEntry> queue = await store.EnqueueAsync(Entry("zed", 5, "interviewer"));
        Assert.Equal([Entry("zed", 0, "candidate"), Entry("amy", 1)], queue);
        // the same minute: by user id
        await store.EnqueueAsync(Entry("cat", 2));
        Assert.Equal(["zed", "amy", "bob", "cat"], (await store.EnqueueAsync(Entry("bob", 2))).Select(e => e.User));
        // another channel's queue is its own
        Assert.Single(await store.EnqueueAsync(Entry("zed", 0) with { Channel = channel + "-2" }));

        Assert.True(await store.DequeueAsync(Platforms.Slack, "T01", channel, ["zed", "amy"]));
        Assert.Equal(["bob", "cat", "dan"], (await store.EnqueueAsync(Entry("dan", 9))).Select(e => e.User));
        // one of the pair is gone (another worker paired them): nobody leaves
        Assert.False(await store.DequeueAsync(Platforms.Slack, "T01", channel, ["amy", "bob"]));
        Assert.Equal(["bob", "cat", "dan"], (await store.EnqueueAsync(Entry("dan", 9))).Select(e => e.User));
        Assert.True(await store.DequeueAsync(Platforms.Slack, "T01", channel, ["dan"]));
        Assert.Equal(["bob", "cat"], (await store.EnqueueAsync(Entry("cat", 9))).Select(e => e.User));
    }

    [StoreFact]
    public async Task Two_stores_dequeuing_the_same_pair_at_once_exactly_one_wins()
    {
        var a = (IMockStore)await StoreAsync();
        var b = (IMockStore)await StoreAsync();
        for (int round = 0; round < 15; round++)
        {
            string channel = "C" + Guid.NewGuid().ToString("N")[..10];
            foreach (string user in (string[])["ann", "ben", "cyd"])
            {
                await a.EnqueueAsync(new QueueEntry(Platforms.Slack, "T01", channel, user, null, T0));
            }
            // the same pair named in either order, or two pairs sharing one person: one pairing only
            string[] first = ["ann", "ben"];
            string[] second = (round % 3) switch
            {
                0 => ["ann", "ben"],
                1 => ["ben", "ann"],
                _ => ["cyd", "ann"],
            };
            bool[] won = await Task.WhenAll(
                Task.Run(() => a.DequeueAsync(Platforms.Slack, "T01", channel, first)),
                Task.Run(() => b.DequeueAsync(Platforms.Slack, "T01", channel, second)));
            Assert.Equal(1, won.Count(w => w));
            string[] paired = won[0] ? first : second;
            IReadOnlyList<QueueEntry> left = await b.EnqueueAsync(new QueueEntry(Platforms.Slack, "T01", channel, "ann", null, T0.AddHours(1)));
            // whoever was not paired is still waiting (ann joins again if she was paired)
            var waiting = new[] { "ann", "ben", "cyd" }.Except(paired).Union(["ann"]).Order(StringComparer.Ordinal);
            Assert.Equal(waiting, left.Select(e => e.User).Order(StringComparer.Ordinal));
        }
    }

    [StoreFact]
    public async Task The_last_role_is_kept_per_person_and_replaced()
    {
        (_, IMockStore store) = await StoresAsync();
        var other = (IMockStore)await StoreAsync();
        PersonKey ada = NewPerson();
        Assert.Null(await store.LastRoleAsync(ada.Platform, ada.Workspace, ada.User));
        await store.SetLastRoleAsync(ada.Platform, ada.Workspace, ada.User, "interviewer");
        Assert.Equal("interviewer", await other.LastRoleAsync(ada.Platform, ada.Workspace, ada.User));
        await other.SetLastRoleAsync(ada.Platform, ada.Workspace, ada.User, "candidate");
        Assert.Equal("candidate", await store.LastRoleAsync(ada.Platform, ada.Workspace, ada.User));
        Assert.Null(await store.LastRoleAsync(Platforms.Discord, ada.Workspace, ada.User));
    }
}
