namespace KubectlKlutch.Tests.Integration.Fleet;

/// <summary>A plugin settings file (named by KLUTCH_CONFIG) beside the test registry's settings; removed on dispose.</summary>
public sealed class FleetSettings : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("klutch-settings-").FullName;

    public FleetSettings(string json) => File.WriteAllText(Path.Combine(dir, "klutch.json"), json);

    public async Task<IReadOnlyDictionary<string, string?>> EnvironmentAsync() =>
        new Dictionary<string, string?>(await TestRegistry.EnvironmentAsync()) { ["KLUTCH_CONFIG"] = Path.Combine(dir, "klutch.json") };

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
