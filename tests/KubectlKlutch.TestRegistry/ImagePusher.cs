using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace KubectlKlutch.TestRegistry;

/// <summary>
/// Pushes small images over the distribution API itself: a config blob and one layer (POST then PUT
/// of each blob), then one OCI image manifest per tag. Each tag gets its own manifest (an annotation
/// carries the tag), so each has its own digest.
/// </summary>
public static class ImagePusher
{
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Returns tag -> manifest digest.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PushAsync(
        Uri registry, string repository, IEnumerable<string> tags, AuthenticationHeaderValue? authorization = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // test setup only
        }) { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = authorization;

        var layer = Encoding.UTF8.GetBytes($"layer of {repository}\n" + new string('x', 512));
        var layerDigest = Digest(layer);
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{layerDigest}}}"]}}""");
        await UploadBlobAsync(http, repository, config);
        await UploadBlobAsync(http, repository, layer);

        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var manifest = Encoding.UTF8.GetBytes($$$"""
                {"schemaVersion":2,"mediaType":"{{{ManifestType}}}",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Digest(config)}}}","size":{{{config.Length}}}},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{layerDigest}}}","size":{{{layer.Length}}}}],
                 "annotations":{"org.opencontainers.image.version":"{{{tag}}}"}}
                """);
            using var content = new ByteArrayContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
            using var response = await http.PutAsync($"/v2/{repository}/manifests/{tag}", content);
            await Expect(response, HttpStatusCode.Created, $"PUT manifest {repository}:{tag}");
            digests[tag] = Digest(manifest);
        }
        return digests;
    }

    private static async Task UploadBlobAsync(HttpClient http, string repository, byte[] blob)
    {
        using var start = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        await Expect(start, HttpStatusCode.Accepted, $"POST blob upload to {repository}");
        var location = start.Headers.Location ?? throw new InvalidOperationException("blob upload without Location");
        var target = location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
        var put = new UriBuilder(target);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(Digest(blob));
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await http.PutAsync(put.Uri, content);
        await Expect(done, HttpStatusCode.Created, $"PUT blob to {repository}");
    }

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
            throw new InvalidOperationException($"{what}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
