using System.Text.Json.Serialization;

namespace KubectlKlutch.Kube.Objects;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectList<Deployment>))]
[JsonSerializable(typeof(ObjectList<Pod>))]
[JsonSerializable(typeof(ObjectList<Event>))]
[JsonSerializable(typeof(ObjectList<Package>))]
[JsonSerializable(typeof(ObjectList<PackageRevision>))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(Package))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(AccessReview))]
[JsonSerializable(typeof(SubjectReview))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(PackageRevision))]
[JsonSerializable(typeof(ObjectList<ProviderConfig>))]
[JsonSerializable(typeof(ExecCredential))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
public sealed partial class KubeJson : JsonSerializerContext;

/// <summary>`/version` of the API server.</summary>
public sealed record VersionInfo(string? GitVersion, string? Platform);
