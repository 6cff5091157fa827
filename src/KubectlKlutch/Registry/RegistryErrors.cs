using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using KubectlKlutch.Net;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry;

/// <summary>
/// Every sentence the registry client says when a call fails: what was wrong and what to do,
/// naming the host actually asked (after the mirror rewrite) and the repository, never a credential.
/// </summary>
internal static class RegistryErrors
{
    private const string Misbehaving = "the registry or a proxy in front of it is misbehaving";
    private const string ReportIt = "report this to the registry's operator";
    private const string TryLater = "try again later, or check the registry's status";

    // ---- the connection ----

    public static RegistryException Timeout(RegistryTarget t, TimeSpan limit, Exception e) =>
        Fail(t, RegistryFailure.Timeout,
            $"Registry {t.Host} did not answer within {Seconds(limit)} s for {t.Repository}; check the network, or raise Registry:Timeout in the settings.", e);

    public static RegistryException Unreachable(RegistryTarget t, HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException)
            return Fail(t, RegistryFailure.Unreachable,
                $"The TLS connection to registry {t.Host} for {t.Repository} failed (untrusted certificate, or the registry speaks plain http); add its CA to the system trust store, or list {t.Host} under Registry:Insecure in the settings only if it serves plain http.", e);
        return Fail(t, RegistryFailure.Unreachable,
            $"Cannot reach registry {t.Host} for {t.Repository} ({Reason(e)}); check the host name and the network, or set a mirror under Registry:Mirrors in the settings.", e);
    }

    public static RegistryException BrokeOff(RegistryTarget t, Exception e) =>
        Fail(t, RegistryFailure.Unreachable,
            $"The connection to registry {t.Host} broke off while reading the answer for {t.Repository}; try again, or check the network and any proxy in between.", e);

    // ---- answers ----

    public static void EnsureSuccess(RegistryTarget t, HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        throw response.StatusCode switch
        {
            HttpStatusCode.Forbidden => Fail(t, RegistryFailure.Forbidden,
                $"Registry {t.Host} denied access to {t.Repository} (403 Forbidden); ask its operator for pull access for the credentials in Registry:Credentials."),
            _ => Fail(t, RegistryFailure.ServerError, $"Registry {t.Host} answered {Status(response)} for {t.Repository}; {TryLater}."),
        };
    }

    public static RegistryException RateLimited(RegistryTarget t, TimeSpan waited) =>
        Fail(t, RegistryFailure.RateLimited,
            $"Registry {t.Host} is still rate limiting requests for {t.Repository} (429 Too Many Requests) after waiting {Seconds(waited)} s; try again later, or use a mirror under Registry:Mirrors in the settings.");

    // ---- the tag list ----

    public static RegistryException RepositoryNotFound(RegistryTarget t) =>
        Fail(t, RegistryFailure.NotFound,
            $"Repository {t.Repository} was not found on registry {t.Host} (404 Not Found); check the image name and Registry:Mirrors in the settings.");

    public static RegistryException PageLoop(RegistryTarget t, Uri next) =>
        Fail(t, RegistryFailure.PageLoop,
            $"Registry {t.Host} sent tag list pages for {t.Repository} that loop (the next-page link {next.PathAndQuery} came twice); stopped paging, {ReportIt}.");

    public static RegistryException TooManyPages(RegistryTarget t, int limit) =>
        Fail(t, RegistryFailure.PageLoop,
            $"Registry {t.Host} sent more than {limit} tag list pages for {t.Repository}; stopped paging, {ReportIt}.");

    public static RegistryException TagListNotJson(RegistryTarget t, JsonException e) =>
        Fail(t, RegistryFailure.Malformed,
            $"Registry {t.Host} sent a tag list for {t.Repository} that is not valid JSON (at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); {Misbehaving}.", e);

    public static RegistryException TagListEmpty(RegistryTarget t) =>
        Fail(t, RegistryFailure.Malformed, $"Registry {t.Host} sent an empty tag list document for {t.Repository}; {Misbehaving}.");

    public static RegistryException InvalidTag(RegistryTarget t, string? tag) =>
        Fail(t, RegistryFailure.Malformed, $"Registry {t.Host} sent a tag list for {t.Repository} with an invalid tag '{Printable(tag)}'; {Misbehaving}.");

    public static RegistryException LinkNotUrl(RegistryTarget t, string link) =>
        Fail(t, RegistryFailure.Malformed,
            $"Registry {t.Host} sent a next-page link for {t.Repository} that is not a URL ('{Printable(link)}'); {Misbehaving}.");

    public static RegistryException LinkElsewhere(RegistryTarget t, Uri link) =>
        Fail(t, RegistryFailure.Malformed,
            $"Registry {t.Host} sent a next-page link for {t.Repository} that points to another server ({link.Scheme}://{link.Authority}); stopped paging, {ReportIt}.");

    // ---- authentication ----

    public static RegistryException Unauthorized(RegistryTarget t, RegistryLogin? login, bool mayBeMissing = false) =>
        Fail(t, RegistryFailure.Unauthorized, login switch
        {
            null => $"Registry {t.Host} requires credentials for {t.Repository}{(mayBeMissing ? " (or has no repository of that name)" : "")}; add an entry for {t.Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile), or log in with docker login {t.Host}.",
            { Password: null } => $"Registry {t.Host} rejected the identity token from {login.Source} for {t.Repository}; log in again with docker login {t.Host}, and check the account's pull access.",
            _ => $"Registry {t.Host} rejected the credentials of user {login.Username} for {t.Repository}; check the password in {login.Source} and the user's pull access.",
        });

    public static RegistryException NoChallenge(RegistryTarget t) =>
        Fail(t, RegistryFailure.Unauthorized,
            $"Registry {t.Host} requires authentication for {t.Repository} but offers no Bearer or Basic challenge; check that {t.Host} is an OCI registry, or configure a mirror under Registry:Mirrors.");

    public static RegistryException PasswordNeeded(RegistryTarget t, RegistryLogin login) =>
        Fail(t, RegistryFailure.Unauthorized,
            $"Registry {t.Host} asks for a user and password for {t.Repository}, and {login.Source} holds only an identity token for it; add an entry for {t.Host} under Registry:Credentials in the settings.");

    public static RegistryException PasswordUnreadable(RegistryTarget t, RegistryCredential credential, string problem) =>
        Fail(t, RegistryFailure.Unauthorized,
            $"The password for user {credential.Username} of registry {t.Host} cannot be read for {t.Repository} ({problem}); set it, or fix Registry:Credentials in the settings.");

    public static RegistryException CredentialsUnavailable(RegistryTarget t, string sentence, Exception? e = null) =>
        Fail(t, RegistryFailure.CredentialsUnavailable, sentence, e);

    // ---- the token service of a bearer challenge ----

    public static RegistryException RealmNotHttp(RegistryTarget t, string realm) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"Registry {t.Host} named a token service for {t.Repository} that is not an http(s) URL ('{Printable(realm)}'); {ReportIt}.");

    public static RegistryException RealmPlainHttp(RegistryTarget t, Uri realm) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"The token service {realm.Authority} of registry {t.Host} uses plain http for {t.Repository}; list {realm.Authority} under Registry:Insecure in the settings only if that is intended.");

    public static RegistryException TokenUnreachable(RegistryTarget t, Uri realm, HttpRequestException e) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"The token service {realm.Authority} of registry {t.Host} could not be reached for {t.Repository} ({Reason(e)}); check the network, or the registry's status.", e);

    public static RegistryException TokenRefused(RegistryTarget t, Uri realm, HttpResponseMessage response) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"The token service {realm.Authority} of registry {t.Host} refused a token for {t.Repository} ({Status(response)}); {TryLater}.");

    public static RegistryException TokenNotJson(RegistryTarget t, Uri realm, JsonException e) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"The token service {realm.Authority} of registry {t.Host} answered with something other than JSON for {t.Repository}; {TryLater}.", e);

    public static RegistryException TokenMissing(RegistryTarget t, Uri realm) =>
        Fail(t, RegistryFailure.TokenFailed,
            $"The token service {realm.Authority} of registry {t.Host} answered without a token for {t.Repository}; {TryLater}.");

    // ---- words ----

    public static string Status(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd();

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Text from a server or a program, safe to print on one line: no control characters, at most 80 characters.</summary>
    public static string Printable(string? text, int limit = 80)
    {
        if (text is null) return "null";
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > limit ? clean[..limit] + "..." : clean;
    }

    private static string Reason(HttpRequestException e) => SocketErrors.Describe(e) ?? e.HttpRequestError.ToString();

    private static RegistryException Fail(RegistryTarget t, RegistryFailure failure, string message, Exception? inner = null) =>
        new(failure, t.Host, t.Repository, message, inner);
}
