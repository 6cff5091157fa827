using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>SelfSubjectAccessReview (`kubectl auth can-i`) and SelfSubjectReview (`kubectl auth whoami`).</summary>
internal static class Reviews
{
    public static JsonObject AccessReview(JsonObject body, RbacRules rbac)
    {
        var attrs = body.At("spec.resourceAttributes") as JsonObject;
        var allowed = attrs == null ||
                      rbac.IsAllowed(attrs.Str("verb") ?? "", attrs.Str("resource") ?? "", attrs.Str("group") ?? "", attrs.Str("namespace"));
        var result = body.Copy();
        result["apiVersion"] = "authorization.k8s.io/v1";
        result["kind"] = "SelfSubjectAccessReview";
        result.Meta()["creationTimestamp"] = null;
        result["status"] = allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = "allowed by the test cluster's RBAC rules" }
            : new JsonObject { ["allowed"] = false, ["denied"] = true };
        return result;
    }

    public static JsonObject SubjectReview(JsonObject body)
    {
        var result = body.Copy();
        result["apiVersion"] = "authentication.k8s.io/v1";
        result["kind"] = "SelfSubjectReview";
        result.Meta()["creationTimestamp"] = Json.Time(DateTimeOffset.UtcNow);
        result["status"] = new JsonObject
        {
            ["userInfo"] = new JsonObject
            {
                ["username"] = TestApiServer.UserName,
                ["groups"] = new JsonArray("system:authenticated"),
            },
        };
        return result;
    }
}
