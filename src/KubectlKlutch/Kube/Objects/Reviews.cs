namespace KubectlKlutch.Kube.Objects;

// SelfSubjectAccessReview and SelfSubjectReview: "may I?" and "who am I?", asked before a write.

public sealed record AccessReview(AccessReviewStatus? Status);

public sealed record AccessReviewStatus(bool Allowed, bool Denied, string? Reason);

public sealed record SubjectReview(SubjectReviewStatus? Status);

public sealed record SubjectReviewStatus(UserInfo? UserInfo);

public sealed record UserInfo(string? Username, List<string>? Groups);

/// <summary>One line of a watch stream: only what is needed to resume it.</summary>
public sealed record WatchEvent(string Type, WatchedObject? Object);

public sealed record WatchedObject(ObjectMeta? Metadata, int? Code, string? Message);
