using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubectlKlutch.TestRegistry;

/// <summary>
/// A registry token service written for the tests (the role of auth.docker.io or public ECR's /token):
/// it reads <c>service</c> and <c>scope</c>, optionally Basic credentials, and answers with a JWT the
/// distribution registry accepts: RS256, the signing certificate in <c>x5c</c>, and the claims
/// iss/sub/aud/exp/nbf/iat/jti plus <c>access</c>. Anonymous callers may pull every repository but
/// the private ones; the configured user may pull and push everything. The user is known by the
/// password (a GET with Basic) or by <see cref="IdentityToken"/> (docker's OAuth2 POST with
/// grant_type=refresh_token).
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string Service = "klutch-test-registry";
    public const string Issuer = "klutch-test-issuer";

    public enum Behaviour { Normal, AccessTokenOnly, ServerError, NoToken, NotJson }

    private readonly WebApplication _app;
    private readonly X509Certificate2 _signer;
    private int _requests;

    public string User { get; }
    public string Password { get; }
    /// <summary>The refresh token a <c>docker login</c> would have stored as identitytoken for <see cref="User"/>.</summary>
    public string IdentityToken { get; } = "identity-" + Guid.NewGuid().ToString("N");
    public Func<string, bool> IsPrivate { get; }
    public Behaviour Mode { get; set; } = Behaviour.Normal;
    public int Requests => Volatile.Read(ref _requests);
    public Uri Realm { get; private set; } = null!;
    public string RootCertBundlePath { get; }

    private TokenIssuer(WebApplication app, X509Certificate2 signer, string user, string password, Func<string, bool> isPrivate, string bundlePath)
    {
        _app = app;
        _signer = signer;
        User = user;
        Password = password;
        IsPrivate = isPrivate;
        RootCertBundlePath = bundlePath;
    }

    public static async Task<TokenIssuer> StartAsync(string directory, string user, string password, Func<string, bool> isPrivate)
    {
        var signer = TestCertificates.CreateTokenSigner();
        var bundle = Path.Combine(directory, "token-signer.crt");
        await File.WriteAllTextAsync(bundle, signer.ExportCertificatePem() + "\n");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var issuer = new TokenIssuer(app, signer, user, password, isPrivate, bundle);
        app.Run(issuer.HandleAsync);
        await app.StartAsync();
        issuer.Realm = new Uri(app.Urls.Single().TrimEnd('/') + "/token");
        return issuer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Path != "/token") { context.Response.StatusCode = 404; return; }
        switch (Mode)
        {
            case Behaviour.ServerError:
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("token service down");
                return;
            case Behaviour.NoToken:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"expires_in": 300}""");
                return;
            case Behaviour.NotJson:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>login</html>");
                return;
        }

        string subject = "";
        IEnumerable<string?> scopes = context.Request.Query["scope"];
        var service = context.Request.Query["service"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] != IdentityToken)
            {
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":"invalid_grant"}""");
                return;
            }
            subject = User;
            scopes = form["scope"];
            service = form["service"].ToString();
        }
        else if (authorization.Length > 0)
        {
            var ok = false;
            if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]));
                ok = pair == User + ":" + Password;
            }
            if (!ok)
            {
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"details":"incorrect username or password"}""");
                return;
            }
            subject = User;
        }

        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            // repository:NAME:ACTIONS (NAME has no colon here; a host:port never appears in a scope)
            var parts = scope.Split(':');
            if (parts.Length != 3 || parts[0] != "repository") continue;
            var wanted = parts[2].Split(',');
            var granted = subject.Length > 0 ? wanted : IsPrivate(parts[1]) ? [] : wanted.Where(a => a == "pull").ToArray();
            if (granted.Length > 0) access.Add(Access(parts[1], granted));
        }

        var token = Mint(subject, service, access);
        context.Response.ContentType = "application/json";
        var answer = new JsonObject { ["expires_in"] = 300, ["issued_at"] = DateTimeOffset.UtcNow.ToString("O") };
        if (Mode != Behaviour.AccessTokenOnly) answer["token"] = token;
        answer["access_token"] = token;
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    public static JsonObject Access(string repository, params string[] actions) =>
        new() { ["type"] = "repository", ["name"] = repository, ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()) };

    /// <summary>A signed token, as the registry's token auth (registry/auth/token) verifies it.</summary>
    public string Mint(string subject, string audience, JsonArray access)
    {
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_signer.RawData)),
        };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        using var key = _signer.GetRSAPrivateKey()!;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signer.Dispose();
    }
}
