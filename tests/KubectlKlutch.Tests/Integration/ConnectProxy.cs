using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// An HTTP CONNECT proxy on loopback that counts the tunnels it opened: enough to prove that a
/// client sent its traffic through a kubeconfig's proxy-url.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly List<string> targets = [];

    public ConnectProxy()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>The host:port of each tunnel opened so far.</summary>
    public IReadOnlyList<string> Tunnels
    {
        get { lock (targets) return [.. targets]; }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(() => TunnelAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var parts = head.Split(' ');
            if (parts is not ["CONNECT", var target, ..])
            {
                await stream.WriteAsync("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
                return;
            }
            var (host, port) = (target[..target.LastIndexOf(':')], int.Parse(target[(target.LastIndexOf(':') + 1)..]));
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(host, port, stop.Token);
            lock (targets) targets.Add(target);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), stop.Token);
            var server = upstream.GetStream();
            await Task.WhenAny(Pipe(stream, server), Pipe(server, stream));
        }
    }

    private async Task Pipe(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    // The request line and headers, up to the blank line; nothing after it is read (the client waits for the answer).
    private async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stop.Token) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
