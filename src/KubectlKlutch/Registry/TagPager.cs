using System.Globalization;
using System.Net;
using System.Text.Json;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// Every tag of a repository: <c>GET /v2/NAME/tags/list?n=...</c>, then each page that the
/// <c>Link: &lt;...&gt;; rel="next"</c> header names, on the same server only, until there is none.
/// Pages that loop, or never end, are stopped and named.
/// </summary>
internal static class TagPager
{
    private const int MaxPages = 10_000;

    public static async Task<IReadOnlyList<string>> FetchAsync(
        RegistryTarget target, int pageSize, Func<Uri, CancellationToken, Task<HttpResponseMessage>> get, CancellationToken ct)
    {
        var tags = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Uri? next = new(target.BaseUri, $"/v2/{target.Repository}/tags/list?n={pageSize.ToString(CultureInfo.InvariantCulture)}");
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri)) throw RegistryErrors.PageLoop(target, next);
            if (visited.Count > MaxPages) throw RegistryErrors.TooManyPages(target, MaxPages);

            using var response = await get(next, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) throw RegistryErrors.RepositoryNotFound(target);
            RegistryErrors.EnsureSuccess(target, response);

            var body = await target.ReadBodyAsync(response, ct).ConfigureAwait(false);
            TagListResponse? page;
            try
            {
                page = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TagListResponse);
            }
            catch (JsonException e)
            {
                throw RegistryErrors.TagListNotJson(target, e);
            }
            if (page is null) throw RegistryErrors.TagListEmpty(target);
            foreach (var tag in page.Tags ?? [])
            {
                if (tag is null || !ImageReference.IsValidTag(tag)) throw RegistryErrors.InvalidTag(target, tag);
                if (known.Add(tag)) tags.Add(tag);
            }
            next = NextLink(target, response, next);
        }
        return tags;
    }

    private static Uri? NextLink(RegistryTarget target, HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var close = link.IndexOf('>');
                if (!link.StartsWith('<') || close < 0) continue;
                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var isNext = parameters.Any(p =>
                {
                    var eq = p.IndexOf('=');
                    return eq > 0 && p[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && p[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (!isNext) continue;
                if (!Uri.TryCreate(current, link[1..close], out var uri)) throw RegistryErrors.LinkNotUrl(target, link[1..close]);
                // Never carry the registry's credentials to another server.
                if (uri.Scheme != current.Scheme || !uri.Authority.Equals(current.Authority, StringComparison.OrdinalIgnoreCase))
                    throw RegistryErrors.LinkElsewhere(target, uri);
                return uri;
            }
        }
        return null;
    }

    /// <summary>Links are separated by commas outside <c>&lt;...&gt;</c>.</summary>
    private static IEnumerable<string> SplitLinks(string header)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '<') depth++;
            else if (header[i] == '>') depth = Math.Max(0, depth - 1);
            else if (header[i] == ',' && depth == 0)
            {
                yield return header[start..i].Trim();
                start = i + 1;
            }
        }
        yield return header[start..].Trim();
    }
}
