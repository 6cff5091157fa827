using KubectlKlutch.Registry;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Cli;

/// <summary>The plugin's settings (file and KLUTCH_* variables) and a registry client built from them.</summary>
public static class RegistrySession
{
    public static KlutchSettings Settings(CliIo io)
    {
        try
        {
            return SettingsLoader.Load(io.Environment, io.Home);
        }
        catch (SettingsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static RegistryClient Client(RegistrySettings settings) =>
        new(RegistryClient.CreateHttpClient(settings), settings, settings.CacheTtl > TimeSpan.Zero ? TagCache.ForSettings(settings) : null);
}
