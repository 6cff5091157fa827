namespace KubectlKlutch.Fleet;

/// <summary>
/// Runs one piece of work per cluster, knowing nothing of what the work is. Results come back
/// in the members' order, whatever order the work finished in.
/// </summary>
public static class FleetRunner
{
    /// <summary>Everything at once, at most <paramref name="maxParallel"/> at a time: reading a fleet.</summary>
    public static async Task<IReadOnlyList<TResult>> AllAsync<TMember, TResult>(IReadOnlyList<TMember> members, int maxParallel,
        Func<TMember, CancellationToken, Task<TResult>> work, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(maxParallel);
        return await Task.WhenAll(members.Select(async member =>
        {
            await slots.WaitAsync(ct);
            try
            {
                return await work(member, ct);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>
    /// A rolling change: the first member alone (the canary), then the others, at most
    /// <paramref name="maxParallel"/> at a time. After a failure no further member starts unless
    /// <paramref name="continueOnError"/>; those get <paramref name="notStarted"/>. Members
    /// already running finish: a change in flight is never abandoned half way.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> RollingAsync<TMember, TResult>(IReadOnlyList<TMember> members, int maxParallel,
        bool continueOnError, Func<TMember, CancellationToken, Task<TResult>> work, Func<TResult, bool> failed,
        Func<TMember, TResult> notStarted, CancellationToken ct)
    {
        var results = new TResult[members.Count];
        var failure = false;
        var next = 0;
        var running = new List<(Task<TResult> Task, int Index)>();
        while (next < members.Count || running.Count > 0)
        {
            // Wider only after a healthy canary: with --continue-on-error, a failed canary leaves the roll one at a time.
            var healthyCanary = next > 0 && running.All(r => r.Index != 0) && !failed(results[0]);
            var width = healthyCanary ? maxParallel : 1;
            while (next < members.Count && running.Count < width && !(failure && !continueOnError) && !ct.IsCancellationRequested)
            {
                running.Add((work(members[next], ct), next));
                next++;
            }
            if (running.Count == 0) break;
            var finished = await Task.WhenAny(running.Select(r => r.Task));
            var done = running.First(r => r.Task == finished);
            running.Remove(done);
            results[done.Index] = await finished;
            failure |= failed(results[done.Index]);
        }
        for (var i = next; i < members.Count; i++) results[i] = notStarted(members[i]);
        return results;
    }
}
