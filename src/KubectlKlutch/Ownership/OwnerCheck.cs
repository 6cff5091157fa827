using System.Text.Json;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Ownership;

/// <summary>
/// Puts each step's owner into the plan and applies <see cref="OwnerPolicy"/>: the first owner
/// that would put its field back refuses the plan (unless taken over); the others become notes.
/// Reads the live object and, where it can, the owner's own object; writes nothing.
/// </summary>
public static class OwnerCheck
{
    public static async Task<(UpgradePlan Plan, string? Refusal)> ApplyAsync(UpgradePlan plan, KubeClient client, bool takeOver, CancellationToken ct)
    {
        var steps = new List<PlanStep>();
        foreach (var step in plan.Steps)
        {
            if (step.Done || await OwnerAsync(client, step.Target.ObjectPath, step.Target.Path, ct) is not { } owner)
            {
                steps.Add(step);
                continue;
            }
            var decision = OwnerPolicy.Decide(owner, takeOver);
            if (decision.Refuse) return (plan, OwnerPolicy.Refusal(step.Component, step.Target.Where, step.Field, owner));
            steps.Add(step with { Owner = owner, Notes = [.. step.Notes, decision.Note] });
        }
        return (plan with { Steps = steps }, null);
    }

    /// <summary>The owner of one field of one object; null when no known tool owns it or the object cannot be read.</summary>
    public static async Task<FieldOwner?> OwnerAsync(KubeClient client, string objectPath, FieldPath path, CancellationToken ct)
    {
        var live = await TryGetAsync(client, objectPath, ct);
        return live is { } obj ? await OwnerDetector.DetectAsync(obj, path, p => TryGetAsync(client, p, ct)) : null;
    }

    private static async Task<JsonElement?> TryGetAsync(KubeClient client, string path, CancellationToken ct)
    {
        try
        {
            return await client.GetAsync(path, KubeJson.Default.JsonElement, ct);
        }
        catch (KubeException)
        {
            // Not allowed, not there, or the kind is not served: the owner is judged without it.
            return null;
        }
    }
}
