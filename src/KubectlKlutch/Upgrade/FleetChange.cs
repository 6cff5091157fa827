using KubectlKlutch.Fleet;
using KubectlKlutch.Kube;
using KubectlKlutch.Session;

namespace KubectlKlutch.Upgrade;

/// <summary>One cluster of a fleet change: its entry in the report, and what the confirmed run needs (absent when it could not be read).</summary>
public sealed record FleetMember(FleetClusterChange Entry, PreparedChange? Prepared) : IDisposable
{
    public void Dispose() => Prepared?.Read.Dispose();
}

/// <summary>
/// A change rolled through a fleet with the single-cluster pipeline: every member read and
/// prepared first (concurrently, nothing written), then, once the caller has confirmed, the
/// members one at a time, the first as the canary, each followed to its end. What keeps a
/// member out (not reachable, forbidden, refused) is its result, never an error for the fleet.
/// </summary>
public static class FleetChange
{
    public const int ReadParallel = 16;

    public static Task<IReadOnlyList<FleetMember>> PrepareAsync(ChosenFleet fleet, ChangePipeline pipeline, DryRun dryRun, CancellationToken ct) =>
        FleetRunner.AllAsync(fleet.Members, ReadParallel, (member, c) => PrepareOneAsync(fleet, member, pipeline, dryRun, c), ct);

    private static async Task<FleetMember> PrepareOneAsync(ChosenFleet fleet, KnownContext member, ChangePipeline pipeline, DryRun dryRun, CancellationToken ct)
    {
        var entry = new FleetClusterChange { Context = member.Name, Server = member.Server ?? "", Result = ClusterResult.Refused };
        ClusterRead? read = null;
        try
        {
            read = await fleet.ReadAsync(member, ct);
            var prepared = await pipeline.PrepareAsync(read, dryRun, ct);
            var change = prepared.Change;
            return new(entry with
            {
                Server = read.Server, Result = change.Result, Reason = change.Reason,
                Change = change.Plan is null ? null : change.Report(),
            }, prepared);
        }
        catch (OperationFailedException e)
        {
            read?.Dispose();
            return new(entry with { Result = Classify(e), Reason = e.Message }, null);
        }
    }

    /// <summary>Why a member could not be read or planned, as the fleet counts it.</summary>
    private static ClusterResult Classify(OperationFailedException e) => e switch
    {
        KubeException { Failure: KubeFailure.Forbidden or KubeFailure.Unauthorized } => ClusterResult.Forbidden,
        KubeException { Failure: KubeFailure.Unreachable or KubeFailure.Timeout or KubeFailure.NotKubernetes } => ClusterResult.NotReachable,
        _ => ClusterResult.Refused,
    };

    /// <param name="starting">The observer of one member's run (its progress line).</param>
    /// <param name="finished">Told of each member's result as it ends.</param>
    public static async Task<IReadOnlyList<FleetClusterChange>> RollAsync(IReadOnlyList<FleetMember> members, ChangePipeline pipeline, RunSettings settings,
        int maxParallel, bool continueOnError, Func<string, IUpgradeObserver> starting, Action<FleetClusterChange> finished, CancellationToken ct)
    {
        var planned = members.Where(m => m.Entry.Result == ClusterResult.Planned).ToList();
        var ran = await FleetRunner.RollingAsync(planned, maxParallel, continueOnError,
            async (member, token) =>
            {
                var result = await ExecuteAsync(member, pipeline, settings, starting(member.Entry.Context), token);
                finished(result);
                return result;
            },
            r => !r.Fine,
            m => m.Entry with { Result = ClusterResult.NotStarted, Reason = "an earlier cluster did not finish" }, ct);
        return [.. members.Select(m => ran.FirstOrDefault(r => r.Context == m.Entry.Context) ?? m.Entry)];
    }

    /// <summary>Runs one confirmed member; a failure is its result, so that the rolling runner can decide what comes next.</summary>
    private static async Task<FleetClusterChange> ExecuteAsync(FleetMember member, ChangePipeline pipeline, RunSettings settings, IUpgradeObserver observer, CancellationToken ct)
    {
        try
        {
            var report = await pipeline.ExecuteAsync(member.Prepared!, settings, observer, ct);
            var failure = report.Outcome.FirstOrDefault(o => !o.Succeeded);
            return member.Entry with
            {
                Change = report,
                Result = failure is not null ? ClusterResult.Failed : settings.ServerDryRun ? ClusterResult.DryRun : ClusterResult.Changed,
                Reason = failure is null ? null : $"{failure.Component}: {failure.Detail}",
            };
        }
        catch (Exception e) when (e is OperationFailedException or OperationCanceledException)
        {
            return member.Entry with { Result = ClusterResult.Failed, Reason = e is OperationFailedException ? e.Message : "interrupted" };
        }
    }
}
