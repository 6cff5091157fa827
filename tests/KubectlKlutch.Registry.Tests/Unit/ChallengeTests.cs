using KubectlKlutch.Registry;

namespace KubectlKlutch.Registry.Tests.Unit;

public class ChallengeTests
{
    [Fact]
    public void Public_ecr_challenge()
    {
        Assert.True(BearerChallenge.TryParse(
            "Bearer realm=\"https://public.ecr.aws/token/\",service=\"public.ecr.aws\",scope=\"aws\"", out var c));
        Assert.Equal(new BearerChallenge("https://public.ecr.aws/token/", "public.ecr.aws", "aws"), c);
    }

    [Fact]
    public void Distribution_challenge_with_error_and_spaces()
    {
        Assert.True(BearerChallenge.TryParse(
            "Bearer realm=\"http://127.0.0.1:4000/token\", service=\"klutch-test\", scope=\"repository:w5n9a2g2/klutch/konnector:pull\", error=\"insufficient_scope\"", out var c));
        Assert.Equal("http://127.0.0.1:4000/token", c.Realm);
        Assert.Equal("klutch-test", c.Service);
        Assert.Equal("repository:w5n9a2g2/klutch/konnector:pull", c.Scope);
    }

    [Fact]
    public void Quoted_values_keep_commas_and_escapes()
    {
        Assert.True(BearerChallenge.TryParse(
            "bearer scope=\"repository:a/b:pull,push repository:c/d:pull\",REALM=\"https://auth.example/token?x=\\\"1\\\"\"", out var c));
        Assert.Equal("repository:a/b:pull,push repository:c/d:pull", c.Scope);
        Assert.Equal("https://auth.example/token?x=\"1\"", c.Realm);
        Assert.Null(c.Service);
    }

    [Fact]
    public void Unquoted_values_are_tokens()
    {
        Assert.True(BearerChallenge.TryParse("Bearer realm=https://auth.example/token,service=reg", out var c));
        Assert.Equal("https://auth.example/token", c.Realm);
        Assert.Equal("reg", c.Service);
    }

    [Fact]
    public void Several_challenges_in_one_header()
    {
        var all = AuthChallenge.ParseAll("Basic realm=\"Registry Realm\", Bearer realm=\"https://a/token\",service=\"s\"");
        Assert.Equal(["Basic", "Bearer"], all.Select(a => a.Scheme));
        Assert.Equal("Registry Realm", all[0]["realm"]);
        Assert.True(BearerChallenge.TryParse("Basic realm=\"x\", Bearer realm=\"https://a/token\"", out var c));
        Assert.Equal("https://a/token", c.Realm);
        Assert.True(BearerChallenge.IsBasic("Basic realm=\"basic-realm\""));
        Assert.False(BearerChallenge.IsBasic("Bearer realm=\"https://a/token\""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Bearer service=\"no-realm\"")]
    [InlineData("Bearer realm=\"unterminated")]
    [InlineData("Bearer realm=")]
    [InlineData("=oops")]
    public void Not_a_usable_bearer_challenge(string? header)
    {
        Assert.False(BearerChallenge.TryParse(header, out _));
    }
}
