namespace KubectlKlutch.TestCluster;

/// <summary>Faults a test can inject. All members are thread-safe: the server reads them per request.</summary>
public sealed class FaultInjector
{
    private int _failCount;
    private int _failStatus = 503;
    private int _conflictNext;
    private long _latencyTicks;
    private volatile bool _hang;

    internal event Action? WatchesDropped;

    /// <summary>Answers the next <paramref name="count"/> requests with a Status of that code (503 by default).</summary>
    public void FailNext(int count, int status = 503)
    {
        Volatile.Write(ref _failStatus, status);
        Volatile.Write(ref _failCount, count);
    }

    /// <summary>Delay added before every request is answered.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Accepts connections and requests but never answers (until set back to false or the server stops).</summary>
    public bool Hang
    {
        get => _hang;
        set => _hang = value;
    }

    /// <summary>Breaks every open watch connection at once, as a load balancer or API server restart would.</summary>
    public void DropWatches() => WatchesDropped?.Invoke();

    /// <summary>The next mutating request fails with 409 Conflict, as if someone else wrote first.</summary>
    public void ConflictOnNextWrite() => Volatile.Write(ref _conflictNext, 1);

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        Volatile.Write(ref _failCount, 0);
        Volatile.Write(ref _conflictNext, 0);
        Latency = TimeSpan.Zero;
        _hang = false;
    }

    internal int? TakeFailure()
    {
        while (true)
        {
            var n = Volatile.Read(ref _failCount);
            if (n <= 0)
            {
                return null;
            }
            if (Interlocked.CompareExchange(ref _failCount, n - 1, n) == n)
            {
                return Volatile.Read(ref _failStatus);
            }
        }
    }

    internal bool TakeConflict() => Interlocked.Exchange(ref _conflictNext, 0) == 1;
}
