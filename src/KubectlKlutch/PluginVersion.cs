using System.Reflection;

namespace KubectlKlutch;

/// <summary>The plugin's own version, stamped at build time from the `Version` property.</summary>
public static class PluginVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(PluginVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');   // drop the source revision the SDK appends
        return "v" + (plus < 0 ? informational : informational[..plus]);
    }
}
