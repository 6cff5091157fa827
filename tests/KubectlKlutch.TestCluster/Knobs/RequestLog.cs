namespace KubectlKlutch.TestCluster;

/// <summary>Every request in arrival order; the status code is filled in once the answer is known.</summary>
internal sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    public Entry Start(string method, string path, string query, RequestInfo info, bool dryRun, IReadOnlyList<string> impersonation)
    {
        var entry = new Entry(new RecordedRequest(method, path, query.TrimStart('?'), info.IsResource ? info.Verb : method.ToLowerInvariant(),
            info.Group, info.Subresource == null ? info.Resource : $"{info.Resource}/{info.Subresource}", info.Namespace,
            info.Name, dryRun, 0) { Impersonation = impersonation });
        lock (_gate)
        {
            _entries.Add(entry);
        }
        return entry;
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Select(e => e.Request).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal sealed class Entry(RecordedRequest request)
    {
        private RecordedRequest _request = request;

        public RecordedRequest Request => Volatile.Read(ref _request);

        public void Complete(int status) => Volatile.Write(ref _request, _request with { StatusCode = status });
    }
}
