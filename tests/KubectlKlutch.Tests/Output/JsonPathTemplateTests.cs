using System.Text.Json.Nodes;
using KubectlKlutch.Output;

namespace KubectlKlutch.Tests.Output;

public class JsonPathTemplateTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"context": "prod", "components": [
          {"name": "konnector", "version": "v1.3.0", "rollout": {"ready": 2}},
          {"name": "backend", "version": "v1.2.0", "rollout": {"ready": 1}}
        ]}
        """)!;

    [Theory]
    [InlineData("{.context}", "prod")]
    [InlineData("$.context", "$.context")]
    [InlineData("{$.context}", "prod")]
    [InlineData("context={.context}!", "context=prod!")]
    [InlineData("{.components[*].name}", "konnector backend")]
    [InlineData("{.components[0].version}", "v1.3.0")]
    [InlineData("{.components[-1].name}", "backend")]
    [InlineData("{.components[?(@.name==\"backend\")].version}", "v1.2.0")]
    [InlineData("{.components[?(@.name!='backend')].version}", "v1.3.0")]
    [InlineData("{.components[?(@.rollout.ready==2)].name}", "konnector")]
    [InlineData("{.components[0]['version']}", "v1.3.0")]
    [InlineData("{.components[0].rollout}", "{\"ready\":2}")]
    [InlineData("{range .components[*]}{.name}={.version}{\"\\n\"}{end}", "konnector=v1.3.0\nbackend=v1.2.0\n")]
    [InlineData("{.missing}", "")]
    [InlineData("{.components[7].name}", "")]
    public void Renders_kubectl_templates(string template, string expected) =>
        Assert.Equal(expected, JsonPathTemplate.Parse(template).Render(Document));

    [Theory]
    [InlineData("{.context", "an unclosed {")]
    [InlineData("{range .components[*]}{.name}", "{range} without {end}")]
    [InlineData("{end}", "{end} without {range}")]
    [InlineData("{context}", "\"context\" does not start with . or $")]
    [InlineData("{.components[x]}", "\"[x]\" is not an index, [*] or a filter")]
    [InlineData("{.components[0}", "an unclosed [ in \".components[0\"")]
    [InlineData("{.components[?(@.name~x)]}", "the filter \"@.name~x\" is not @.field==value or @.field!=value")]
    public void Refuses_a_broken_template_in_one_sentence(string template, string what) =>
        Assert.Equal($"-o jsonpath={template} has {what}", Assert.Throws<FormatException>(() => JsonPathTemplate.Parse(template)).Message);
}
