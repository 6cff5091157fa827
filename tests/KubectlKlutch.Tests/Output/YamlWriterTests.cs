using System.Text.Json.Nodes;
using KubectlKlutch.Output;

namespace KubectlKlutch.Tests.Output;

public class YamlWriterTests
{
    [Fact]
    public void Writes_block_yaml_like_kubectl()
    {
        var json = JsonNode.Parse("""
            {"context":"prod","roles":["app-cluster"],"components":[{"name":"konnector","replicas":2,"ok":true,"note":null,"tags":[]}],"empty":{}}
            """);
        Assert.Equal("""
            context: prod
            roles:
            - app-cluster
            components:
            - name: konnector
              replicas: 2
              ok: true
              note: null
              tags: []
            empty: {}

            """.ReplaceLineEndings("\n"), YamlWriter.Write(json).ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("v1.3.0", "v1.3.0")]
    [InlineData("true", "\"true\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("", "\"\"")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", "\"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0\"")]
    [InlineData("2/2 replicas available", "2/2 replicas available")]
    [InlineData("#comment", "\"#comment\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("1e3", "\"1e3\"")]
    public void Quotes_strings_yaml_would_read_as_something_else(string value, string written)
    {
        Assert.Equal($"k: {written}\n", YamlWriter.Write(new JsonObject { ["k"] = value }).ReplaceLineEndings("\n"));
    }
}
