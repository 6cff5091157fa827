using KubectlKlutch.TestRegistry;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubectlKlutch.Registry.Tests.Infrastructure;

/// <summary>
/// A plain-http server on loopback whose answers each test scripts, for the faults a real registry
/// will not produce on demand: 429, broken JSON, looping pages, a hung connection, odd headers.
/// </summary>
internal sealed class FakeRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    public RequestDelegate Handler { get; set; } = c => { c.Response.StatusCode = 404; return Task.CompletedTask; };
    public int Requests => Volatile.Read(ref _requests);
    public string Host { get; private set; } = "";

    private FakeRegistry(WebApplication app) => _app = app;

    public static async Task<FakeRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeRegistry(app);
        app.Run(c =>
        {
            Interlocked.Increment(ref fake._requests);
            return fake.Handler(c);
        });
        await app.StartAsync();
        fake.Host = new Uri(app.Urls.Single()).Authority;
        return fake;
    }

    public void Reset(RequestDelegate handler)
    {
        Handler = handler;
        Interlocked.Exchange(ref _requests, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
