using KubectlKlutch.Cli;

namespace KubectlKlutch.Tests.Cli;

public class ArgumentsTests
{
    [Theory]
    [InlineData("status -o=json", "status -o json")]
    [InlineData("status --v=6", "status -v 6")]
    [InlineData("status -v=8 -n=bind", "status -v 8 -n bind")]
    [InlineData("status --output=yaml --context=prod", "status --output=yaml --context=prod")]
    public void Accepts_kubectl_spellings(string given, string parsed)
    {
        Assert.Equal(parsed.Split(' '), Arguments.Normalize(given.Split(' ')));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1m30s", 90)]
    [InlineData("2h", 7200)]
    [InlineData("10", 10)]
    public void Reads_kubectl_durations(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("five")]
    [InlineData("5 m")]
    [InlineData("-5s")]
    [InlineData("")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(90, "1m30s")]
    [InlineData(300, "5m")]
    public void Formats_durations_as_kubectl_does(int seconds, string text) => Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
