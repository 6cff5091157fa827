using System.Net.Sockets;

namespace KubectlKlutch.Net;

/// <summary>
/// Why a connection failed, in the words of the operating system's own messages ("connection
/// refused", "no route to host"), for the Kube and the registry clients alike.
/// </summary>
public static class SocketErrors
{
    /// <summary>The reason inside a failed request, or null when it names none (the caller says what failed instead).</summary>
    public static string? Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.HostUnreachable => "no route to host",
                    SocketError.NetworkUnreachable => "network unreachable",
                    SocketError.ConnectionReset => "connection reset",
                    _ => s.SocketErrorCode.ToString(),
                };
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            HttpRequestError.InvalidResponse => "the answer was not HTTP",
            _ => null,
        };
    }
}
