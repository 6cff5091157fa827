using System.Diagnostics;
using System.Net;
using System.Text;

namespace KubectlKlutch.TestRegistry;

/// <summary>
/// The CNCF distribution registry (Debian's docker-registry), started by the test on a free loopback
/// port with its own config and storage in a temp directory, and stopped on dispose.
/// </summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    public abstract record AuthMode;
    public sealed record NoAuth : AuthMode;
    public sealed record Htpasswd(string User, string Password) : AuthMode;
    public sealed record Token(string Realm, string Service, string Issuer, string RootCertBundlePath) : AuthMode;

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public string Directory { get; }
    public int Port { get; }
    public bool Tls { get; }
    /// <summary>host:port as an image reference names it.</summary>
    public string Host => $"127.0.0.1:{Port}";
    public Uri BaseUri => new($"{(Tls ? "https" : "http")}://{Host}/");
    public TestCertificates.Tls? Certificates { get; }

    private DistributionRegistry(string directory, int port, TestCertificates.Tls? tls, Process process)
    {
        Directory = directory;
        Port = port;
        Tls = tls is not null;
        Certificates = tls;
        _process = process;
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<DistributionRegistry> StartAsync(AuthMode auth, bool tls)
    {
        var binary = Loopback.RequireProgram("docker-registry", "docker-registry");
        var dir = System.IO.Directory.CreateTempSubdirectory("klutch-registry-").FullName;
        var certificates = tls ? TestCertificates.CreateTls(dir) : null;

        string authYaml = auth switch
        {
            NoAuth => "",
            Htpasswd h => $"""
                auth:
                  htpasswd:
                    realm: klutch-test
                    path: {WriteHtpasswd(dir, h)}
                """,
            Token t => $"""
                auth:
                  token:
                    realm: {t.Realm}
                    service: {t.Service}
                    issuer: {t.Issuer}
                    rootcertbundle: {t.RootCertBundlePath}
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(auth)),
        };

        for (var attempt = 0; ; attempt++)
        {
            var port = Loopback.FreePort();
            var config = $"""
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(dir, "data")}
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:{port}
                  secret: klutch-test-secret
                {(certificates is null ? "" : $"""
                  tls:
                    certificate: {certificates.CertificatePemPath}
                    key: {certificates.KeyPemPath}
                """)}
                {authYaml}
                """;
            var configPath = Path.Combine(dir, "config.yml");
            await File.WriteAllTextAsync(configPath, config);

            var process = new Process
            {
                StartInfo = new ProcessStartInfo(binary)
                {
                    ArgumentList = { "serve", configPath },
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                    WorkingDirectory = dir,
                },
            };
            // The Debian package's default config sits in /etc; this one is ours alone, and has no debug listener.
            var registry = new DistributionRegistry(dir, port, certificates, process);
            process.OutputDataReceived += (_, e) => registry.Append(e.Data);
            process.ErrorDataReceived += (_, e) => registry.Append(e.Data);
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            if (await registry.WaitUntilReadyAsync(TimeSpan.FromSeconds(15))) return registry;
            var log = registry.Log;
            await registry.StopAsync();
            if (attempt < 2 && log.Contains("address already in use", StringComparison.Ordinal)) continue;
            System.IO.Directory.Delete(dir, true);
            throw new InvalidOperationException($"docker-registry did not start on 127.0.0.1:{port}; its log:\n{log}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) return false;
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        return false;
    }

    private static string WriteHtpasswd(string dir, Htpasswd h)
    {
        var htpasswd = Loopback.RequireProgram("htpasswd", "apache2-utils");
        var psi = new ProcessStartInfo(htpasswd) { ArgumentList = { "-Bbn", h.User, h.Password }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"htpasswd failed: {p.StandardError.ReadToEnd()}");
        var path = Path.Combine(dir, "htpasswd");
        File.WriteAllText(path, line.Trim() + "\n");
        return path;
    }

    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
