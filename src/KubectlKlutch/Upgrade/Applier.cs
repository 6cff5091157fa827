using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// Writes one plan step's field: reads the live object, checks that the field still holds what
/// the plan was made from, and patches against that read, retrying a 409 on fresh state.
/// </summary>
public sealed class Applier(KubeClient client)
{
    private const int ConflictAttempts = 4;

    /// <summary>Sets the step's field from <paramref name="from"/> to <paramref name="to"/>; returns what the server stored (or would store, in a dry run).</summary>
    public async Task<string?> ApplyAsync(PlanStep step, string from, string to, ChangeKind kind, bool dryRun, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var live = step.Target.ReadFrom(await client.GetAsync(step.Target.ObjectPath, KubeJson.Default.JsonElement, ct));
            if (live.Current == to && !dryRun) return live.Current;
            if (live.Current != from)
                throw new KubeException(KubeFailure.Conflict,
                    $"{step.Component} changed while the plan was made ({step.Field} is now {live.Current}, not {from}): nothing was changed; run the command again to plan from the new state");
            try
            {
                var stored = await client.PatchAsync(live.ObjectPath, live.Patch(to, kind), live.PatchType, dryRun, KubeJson.Default.JsonElement, ct);
                return live.Path.ValueIn(stored);
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Conflict && attempt < ConflictAttempts)
            {
                // Someone else wrote the object between our read and our patch: read again.
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Conflict)
            {
                throw new KubeException(KubeFailure.Conflict,
                    $"{step.Component} kept changing while it was patched ({ConflictAttempts} conflicts): nothing was changed; try again when whatever else edits it is done");
            }
        }
    }
}
