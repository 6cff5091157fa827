using System.Text.Json;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// Executes one plan step against the cluster: asks whether the patch is allowed, then
/// patches against the state it just read, retrying a 409 on fresh state.
/// </summary>
public sealed class Applier(KubeClient client)
{
    private const int ConflictAttempts = 4;

    /// <summary>Who the API server says we are (SelfSubjectReview); the kubeconfig's user name where it is not served.</summary>
    public async Task<string?> WhoAmIAsync(CancellationToken ct)
    {
        try
        {
            var review = await client.CreateAsync(ApiResource.SelfSubjectReviews.CollectionPath(null),
                """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", KubeJson.Default.SubjectReview, ct);
            return review.Status?.UserInfo?.Username ?? client.Context.User;
        }
        catch (KubeException e) when (e.Failure is KubeFailure.NotFound or KubeFailure.Forbidden)
        {
            return client.Context.User;
        }
    }

    /// <summary>Refuses before anything is written when RBAC denies the patch (SelfSubjectAccessReview).</summary>
    public async Task EnsureAllowedAsync(PlanStep step, string? user, CancellationToken ct)
    {
        var target = step.Target!;
        var attributes = new Dictionary<string, string>
        {
            ["verb"] = "patch", ["group"] = target.Resource.Group, ["resource"] = target.Resource.Plural, ["name"] = target.Name,
        };
        if (target.Namespace is not null) attributes["namespace"] = target.Namespace;
        var body = $$$"""{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{{{JsonSerializer.Serialize(attributes, UpgradeJson.Default.DictionaryStringString)}}}}}""";
        AccessReview review;
        try
        {
            review = await client.CreateAsync(ApiResource.SelfSubjectAccessReviews.CollectionPath(null), body, KubeJson.Default.AccessReview, ct);
        }
        catch (KubeException e) when (e.Failure is KubeFailure.NotFound or KubeFailure.Forbidden)
        {
            return; // reviews not served: the patch itself will be refused if it must be
        }
        if (review.Status?.Allowed != true)
            throw new KubeException(KubeFailure.Forbidden,
                $"user \"{user}\" may not patch {target.Resource.QualifiedName} {step.Where} in context \"{client.Context.Context}\""
                + (string.IsNullOrEmpty(review.Status?.Reason) ? "" : $" ({review.Status.Reason})")
                + ": ask your cluster administrator for this permission; nothing was changed");
    }

    /// <summary>Patches the step's field to `to`; returns what the server stored (or would store, in a dry run).</summary>
    public async Task<string?> ApplyAsync(PlanStep step, string from, string to, bool dryRun, CancellationToken ct)
    {
        var target = step.Target!;
        for (var attempt = 1; ; attempt++)
        {
            var (value, resourceVersion) = await target.ReadAsync(client, ct);
            if (value == to && !dryRun) return value;
            if (value != from)
                throw new KubeException(KubeFailure.Conflict,
                    $"{step.Component} changed while the plan was made ({target.Path} is now {value}, not {from}): nothing was changed; run the command again to plan from the new state");
            try
            {
                return await target.PatchAsync(client, to, resourceVersion, dryRun, ct);
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
