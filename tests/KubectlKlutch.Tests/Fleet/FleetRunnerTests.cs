using KubectlKlutch.Fleet;

namespace KubectlKlutch.Tests.Fleet;

/// <summary>The rolling order, proven with work the test finishes by hand: no timing involved.</summary>
public class FleetRunnerTests
{
    /// <summary>Work per member that runs until the test says how it ended.</summary>
    private sealed class HeldWork
    {
        private readonly Dictionary<string, TaskCompletionSource<string>> held = [];
        private readonly SemaphoreSlim starts = new(0);
        public List<string> Started { get; } = [];

        public Task<string> Run(string member, CancellationToken _)
        {
            lock (held)
            {
                Started.Add(member);
                starts.Release();
                return (held[member] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        /// <summary>Ends a member's work, then waits until the runner has started <paramref name="thenStarts"/> more.</summary>
        public async Task FinishAsync(string member, string result, int thenStarts = 0)
        {
            while (starts.CurrentCount > 0) await starts.WaitAsync();
            lock (held) held[member].SetResult(result);
            for (var i = 0; i < thenStarts; i++)
                Assert.True(await starts.WaitAsync(TimeSpan.FromSeconds(30)), $"the runner started no more work after {member}");
        }
    }

    private static Task<IReadOnlyList<string>> Roll(HeldWork work, int maxParallel, bool continueOnError, params string[] members) =>
        FleetRunner.RollingAsync(members, maxParallel, continueOnError, work.Run, r => r.EndsWith("failed", StringComparison.Ordinal), m => $"{m} not started", CancellationToken.None);

    [Fact]
    public async Task The_canary_runs_alone_then_the_others_widen_to_max_parallel()
    {
        var work = new HeldWork();
        var rolling = Roll(work, 2, false, "a", "b", "c", "d");
        Assert.Equal(["a"], work.Started);

        await work.FinishAsync("a", "a ok", thenStarts: 2);
        Assert.Equal(["a", "b", "c"], work.Started);

        await work.FinishAsync("c", "c ok", thenStarts: 1);
        Assert.Equal(["a", "b", "c", "d"], work.Started);
        await work.FinishAsync("b", "b ok");
        await work.FinishAsync("d", "d ok");
        Assert.Equal(["a ok", "b ok", "c ok", "d ok"], await rolling);
    }

    [Fact]
    public async Task A_failed_canary_stops_everything_after_it()
    {
        var work = new HeldWork();
        var rolling = Roll(work, 4, false, "a", "b", "c");
        await work.FinishAsync("a", "a failed");
        Assert.Equal(["a failed", "b not started", "c not started"], await rolling);
        Assert.Equal(["a"], work.Started);
    }

    [Fact]
    public async Task A_failure_lets_running_members_finish_and_starts_no_more()
    {
        var work = new HeldWork();
        var rolling = Roll(work, 2, false, "a", "b", "c", "d");
        await work.FinishAsync("a", "a ok", thenStarts: 2);
        await work.FinishAsync("b", "b failed");
        Assert.Equal(["a", "b", "c"], work.Started);
        await work.FinishAsync("c", "c ok");
        Assert.Equal(["a ok", "b failed", "c ok", "d not started"], await rolling);
    }

    [Fact]
    public async Task Continue_on_error_goes_on_past_failures_even_the_canarys()
    {
        var work = new HeldWork();
        var rolling = Roll(work, 1, true, "a", "b", "c");
        await work.FinishAsync("a", "a failed", thenStarts: 1);
        await work.FinishAsync("b", "b failed", thenStarts: 1);
        await work.FinishAsync("c", "c ok");
        Assert.Equal(["a failed", "b failed", "c ok"], await rolling);
    }

    [Fact]
    public async Task After_a_failed_canary_continue_on_error_goes_on_one_at_a_time()
    {
        var work = new HeldWork();
        var rolling = Roll(work, 3, true, "a", "b", "c", "d");
        await work.FinishAsync("a", "a failed", thenStarts: 1);
        Assert.Equal(["a", "b"], work.Started);
        await work.FinishAsync("b", "b ok", thenStarts: 1);
        Assert.Equal(["a", "b", "c"], work.Started);
        await work.FinishAsync("c", "c ok", thenStarts: 1);
        await work.FinishAsync("d", "d ok");
        Assert.Equal(["a failed", "b ok", "c ok", "d ok"], await rolling);
    }

    [Fact]
    public async Task Reading_runs_at_most_max_parallel_at_once_and_keeps_the_members_order()
    {
        var running = 0;
        var most = 0;
        var results = await FleetRunner.AllAsync(Enumerable.Range(0, 20).ToList(), 3, async (i, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            lock (this) most = Math.Max(most, now);
            await Task.Delay(20 - i, ct);
            Interlocked.Decrement(ref running);
            return i * 10;
        }, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 10), results);
        Assert.Equal(3, most);
    }
}
