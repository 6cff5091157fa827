using k8s;
using k8s.KubeConfigModels;

namespace KubectlKlutch.Kube;

/// <summary>
/// A kubeconfig user's credentials, in kubectl's order: `token`, else the `tokenFile`'s content,
/// else the exec plugin's token; user name and password only without a token; a client
/// certificate from the user or from the plugin. No credential at all is anonymous, as in kubectl.
/// </summary>
internal static class UserAuth
{
    public static void Apply(KubernetesClientConfiguration config, string name, User? user, UserExtras? extras)
    {
        var credentials = user?.UserCredentials;
        if (credentials is null) return;
        config.AccessToken = NonEmpty(credentials.Token) ?? (extras?.TokenFile is { } file ? ReadTokenFile(file, name) : null);
        if (config.AccessToken is null && NonEmpty(credentials.UserName) is { } userName)
        {
            config.Username = userName;
            config.Password = credentials.Password;
        }
        if (NonEmpty(credentials.ClientCertificateData) is { } certData && NonEmpty(credentials.ClientKeyData) is { } keyData)
        {
            config.ClientCertificateData = certData;
            config.ClientCertificateKeyData = keyData;
        }
        else if (NonEmpty(credentials.ClientCertificate) is { } certFile && NonEmpty(credentials.ClientKey) is { } keyFile)
        {
            config.ClientCertificateFilePath = certFile;
            config.ClientKeyFilePath = keyFile;
        }
        if (credentials.ExternalExecution is { } exec)
        {
            var status = ExecPlugin.Run(exec, name);
            config.AccessToken ??= NonEmpty(status.Token);
            // ClientCertificate.Load reads base64 of PEM, as a kubeconfig holds it; the plugin prints PEM.
            if (NonEmpty(status.ClientCertificateData) is { } pem && NonEmpty(status.ClientKeyData) is { } key)
            {
                config.ClientCertificateData = Base64(pem);
                config.ClientCertificateKeyData = Base64(key);
            }
        }
    }

    public static Impersonation Impersonation(User? user, UserExtras? extras)
    {
        var credentials = user?.UserCredentials;
        return new Impersonation(NonEmpty(credentials?.Impersonate), extras?.AsUid,
            [.. credentials?.ImpersonateGroups ?? []], extras?.AsUserExtra ?? Kube.Impersonation.None.Extra);
    }

    // The token is read now, before any request, so that a missing file is an input error; as
    // client-go, surrounding whitespace (the trailing newline of `echo > file`) is not part of it.
    private static string ReadTokenFile(string path, string user)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KubeException(KubeFailure.Config, $"the tokenFile {path} of user \"{user}\" does not exist: fix the path in the kubeconfig or create the file");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new KubeException(KubeFailure.Config, $"the tokenFile {path} of user \"{user}\" cannot be read (it is a directory): point it at the file that holds the token");
        }
        catch (UnauthorizedAccessException)
        {
            throw new KubeException(KubeFailure.Config, $"the tokenFile {path} of user \"{user}\" cannot be read (permission denied): check its permissions");
        }
        catch (IOException e)
        {
            throw new KubeException(KubeFailure.Config, $"the tokenFile {path} of user \"{user}\" cannot be read ({e.Message.TrimEnd('.')}): check the path in the kubeconfig");
        }
        var token = text.Trim();
        return token.Length > 0 ? token
            : throw new KubeException(KubeFailure.Config, $"the tokenFile {path} of user \"{user}\" is empty: write the token into it or fix the path in the kubeconfig");
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
