using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using k8s.KubeConfigModels;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Kube;

/// <summary>
/// Runs a kubeconfig user's exec credential plugin as kubectl does: the command with each
/// argument passed as given (never through a shell), the entry's env on top of ours, and
/// KUBERNETES_EXEC_INFO. Its stdout holds the credential and is never shown; its stderr is
/// what the user needs when it fails.
/// </summary>
internal static class ExecPlugin
{
    private const int MaxStderr = 1000;

    public static ExecCredentialStatus Run(ExternalExecution exec, string user)
    {
        var plugin = $"the exec credential plugin \"{exec.Command}\" of user \"{user}\"";
        if (string.IsNullOrWhiteSpace(exec.Command))
            throw Config($"the exec credential plugin of user \"{user}\" has no command: fix the kubeconfig");
        if (string.IsNullOrWhiteSpace(exec.ApiVersion))
            throw Config($"{plugin} has no apiVersion: fix the kubeconfig (for example client.authentication.k8s.io/v1)");

        var start = new ProcessStartInfo(exec.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // not interactive: a plugin that prompts reads end of input, never hangs
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in exec.Arguments ?? []) start.ArgumentList.Add(argument);
        foreach (var variable in exec.EnvironmentVariables ?? [])
        {
            if (!variable.TryGetValue("name", out var name) || string.IsNullOrEmpty(name))
                throw Config($"{plugin} has an env entry without a name: fix the kubeconfig");
            start.Environment[name] = variable.GetValueOrDefault("value") ?? "";
        }
        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo(exec.ApiVersion);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw Config($"{plugin} could not be started");
        }
        catch (Win32Exception e) when (e.NativeErrorCode == 2)
        {
            var hint = string.IsNullOrWhiteSpace(exec.InstallHint) ? "" : $" (the kubeconfig says: {OneLine(exec.InstallHint)})";
            throw Config($"{plugin} was not found: install it or fix its command in the kubeconfig{hint}");
        }
        catch (Win32Exception e)
        {
            throw Config($"{plugin} could not be started ({e.Message}): check that it is an executable program");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Task.WaitAll(stdout, stderr);
            if (process.ExitCode != 0)
            {
                var said = OneLine(stderr.Result);
                throw Failed($"{plugin} failed with exit code {process.ExitCode}{(said.Length == 0 ? " and printed nothing on stderr" : $": {said}")}");
            }
            return Parse(stdout.Result, exec.ApiVersion, plugin);
        }
    }

    // Only the fields of the answer are named in errors: the output itself may be a credential.
    private static ExecCredentialStatus Parse(string stdout, string apiVersion, string plugin)
    {
        ExecCredential? credential;
        try
        {
            credential = JsonSerializer.Deserialize(stdout, KubeJson.Default.ExecCredential);
        }
        catch (JsonException)
        {
            throw Failed($"{plugin} printed something that is not an ExecCredential in JSON: run it by hand to check its output");
        }
        if (credential?.ApiVersion != apiVersion)
            throw Failed($"{plugin} answered with apiVersion {credential?.ApiVersion ?? "(none)"}, not the {apiVersion} the kubeconfig asks for: fix the kubeconfig's apiVersion");
        var status = credential.Status;
        if (string.IsNullOrEmpty(status?.Token) && (string.IsNullOrEmpty(status?.ClientCertificateData) || string.IsNullOrEmpty(status.ClientKeyData)))
            throw Failed($"{plugin} answered without a token or a client certificate and key: run it by hand to log in again");
        return status;
    }

    private static string ExecInfo(string apiVersion)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", apiVersion);
            json.WriteString("kind", "ExecCredential");
            json.WriteStartObject("spec");
            json.WriteBoolean("interactive", false);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The last lines of what the plugin said, as one line of bounded length.
    private static string OneLine(string text)
    {
        var line = string.Join(" / ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        return line.Length <= MaxStderr ? line : "…" + line[^MaxStderr..];
    }

    private static KubeException Config(string message) => new(KubeFailure.Config, message);

    // The plugin ran but gave no credential: not a mistake in the input, so not exit 2.
    private static KubeException Failed(string message) => new(KubeFailure.Unauthorized, message);
}
