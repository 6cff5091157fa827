using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// A failure that the API server answers with a meta/v1 Status object. The messages copy the real
/// API server's wording, because kubectl prints them verbatim ("Error from server (NotFound): ...")
/// and the plugin's tests assert on what users would really see.
/// </summary>
internal sealed class ApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusObject(Code, Reason, Message, Details);

    public static JsonObject StatusObject(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details != null)
        {
            status["details"] = details;
        }
        status["code"] = code;
        return status;
    }

    private static JsonObject Detail(ResourceType type, string? name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group.Length == 0 ? null : type.Group,
        ["kind"] = type.Plural,
    };

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", Detail(type, name));

    public static ApiError NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static ApiError PathNotFound() => new(404, "NotFound", "the server could not find the requested resource");

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", Detail(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Detail(type, name));

    public static ApiError Invalid(ResourceType type, string name, string field, string problem)
    {
        var details = Detail(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = problem,
            ["field"] = field,
        });
        var kind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new ApiError(422, "Invalid", $"{kind} \"{name}\" is invalid: {field}: {problem}", details);
    }

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiError Forbidden(string user, string verb, ResourceType? type, string resource, string group, string? ns, string? name)
    {
        var what = type == null ? resource : (name == null ? type.QualifiedName : $"{type.QualifiedName} \"{name}\"");
        var scope = ns == null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        return new ApiError(403, "Forbidden",
            $"{what} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" {scope}",
            new JsonObject { ["name"] = name, ["group"] = group.Length == 0 ? null : group, ["kind"] = resource });
    }

    public static ApiError UnsupportedPatch() =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    public static ApiError MethodNotAllowed(string verb, ResourceType type) =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", Detail(type, null));

    public static ApiError Injected(int code) => code switch
    {
        503 => new ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
        500 => new ApiError(500, "InternalError", "Internal error occurred: injected fault"),
        429 => new ApiError(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later"),
        504 => new ApiError(504, "Timeout", "the server was unable to return a response in the time allotted"),
        _ => new ApiError(code, "InternalError", $"injected fault ({code})"),
    };
}
