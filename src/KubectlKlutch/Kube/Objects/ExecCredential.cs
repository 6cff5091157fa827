namespace KubectlKlutch.Kube.Objects;

/// <summary>What an exec credential plugin prints (client.authentication.k8s.io): a token, or a client certificate and key in PEM.</summary>
public sealed record ExecCredential(string? ApiVersion, string? Kind, ExecCredentialStatus? Status);

public sealed record ExecCredentialStatus(string? Token, string? ClientCertificateData, string? ClientKeyData);
