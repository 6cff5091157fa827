using System.Text.Json;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>Who the API server says we are, and whether it lets us patch: asked before the confirmation, answered as values.</summary>
public sealed class Permissions(KubeClient client)
{
    /// <summary>The user as the API server sees it (SelfSubjectReview); the kubeconfig's user name where that is not served.</summary>
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

    /// <summary>Why RBAC denies the step's patch (SelfSubjectAccessReview), or null when it allows it or cannot be asked.</summary>
    public async Task<string?> DenialAsync(PlanStep step, string? user, CancellationToken ct)
    {
        var target = step.Target;
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
            return null; // reviews not served: the patch itself will be refused if it must be
        }
        return review.Status?.Allowed == true ? null
            : $"user \"{user}\" may not patch {target.Resource.QualifiedName} {step.Where} in context \"{client.Context.Context}\""
              + (string.IsNullOrEmpty(review.Status?.Reason) ? "" : $" ({review.Status.Reason})")
              + ": ask your cluster administrator for this permission; nothing was changed";
    }
}
