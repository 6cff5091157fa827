using System.Text.Json.Nodes;
using KubectlKlutch.Output;
using KubectlKlutch.Tests.Golden;

namespace KubectlKlutch.Tests.Output;

public class YamlWriterTests
{
    /// <summary>Strings a careless writer turns into another type, or into broken YAML.</summary>
    private static readonly string[] Values =
    [
        "v1.3.0", "1/1 replicas available", "public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", "https://127.0.0.1:6443",
        "", " ", " leading", "trailing ", "two  spaces",
        "true", "True", "FALSE", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~",
        "1", "-1", "+1", "007", "1.5", "-.5", "1.", "1e3", "1E+3", "0x1F", "0o17", "0b101", "1_000", "1:30", "190:20:30",
        ".inf", "-.Inf", ".nan", "2024-01-15", "2024-1-5", "2001-12-14t21:59:43.10-05:00", "<<", "=",
        "a: b", "a:b", "key:", "a #b", "#comment", "a#b", "- item", "-", "--- x", "...", "... x", "?", "? x",
        "@x", "`x", "'single'", "\"double\"", "it's", "back\\slash", "a,b", "[x]", "{x}", "*alias", "&anchor", "!tag", "%x", "|x", ">x",
        "line one\nline two", "trailing newline\n", "\n", "crlf\r\n", "tab\there", "\u0001 control", "\u007f", "\u0085", "\u00a0nbsp", "\u2028",
        "ünïcödé", "日本語", "emoji 😀",
        new string('k', 300), "a long warning " + string.Concat(Enumerable.Repeat("that goes on and on ", 10)),
    ];

    public static TheoryData<string> Strings => new(Values);

    [Theory]
    [MemberData(nameof(Strings))]
    public void Every_string_reads_back_as_the_same_string_in_every_position(string value)
    {
        var json = new JsonObject
        {
            ["value"] = value,
            [value] = "as a key",
            ["list"] = new JsonArray(value, new JsonArray(value), new JsonObject { ["nested"] = value }),
        };
        AssertRoundTrip(json);
    }

    [Fact]
    public void Numbers_booleans_null_and_empty_collections_keep_their_types()
    {
        AssertRoundTrip(JsonNode.Parse("""
            {"int": 2, "negative": -3, "float": 1.5, "big": 12345678901234, "true": true, "false": false, "null": null,
             "empty": {}, "none": [], "mixed": [1, "1", true, "true", null, "null", {}, [], [[]], {"a": {}}]}
            """));
    }

    [Fact]
    public void Random_documents_read_back_as_the_json_they_came_from()
    {
        var random = new Random(14);
        for (var i = 0; i < 500; i++) AssertRoundTrip(Random(random, Values, 0));
    }

    /// <summary>Every golden YAML file carries exactly the object of the JSON file beside it.</summary>
    [Fact]
    public void Every_golden_yaml_file_reads_back_as_its_json_file()
    {
        var pairs = Directory.GetFiles(GoldenFile.Root, "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(pairs);
        foreach (var yaml in pairs)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(yaml, ".json")));
            Assert.True(JsonNode.DeepEquals(json, YamlReader.Read(File.ReadAllText(yaml))), Path.GetRelativePath(GoldenFile.Root, yaml));
        }
    }

    [Fact]
    public void Writes_block_yaml_like_kubectl()
    {
        var json = JsonNode.Parse("""
            {"context":"prod","roles":["app-cluster"],"components":[{"name":"konnector","replicas":2,"ok":true,"note":null,"tags":[],
             "rollout":{"ready":2}}],"empty":{},"nested":[["a"],[]]}
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
              rollout:
                ready: 2
            empty: {}
            nested:
            - - a
            - []

            """.ReplaceLineEndings(), YamlWriter.Write(json));
    }

    [Theory]
    [InlineData("v1.3.0", "v1.3.0")]
    [InlineData("2/2 replicas available", "2/2 replicas available")]
    [InlineData("true", "\"true\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("", "\"\"")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", "\"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0\"")]
    [InlineData("#comment", "\"#comment\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("1E+3", "\"1E+3\"")]
    [InlineData("1.5e-3", "\"1.5e-3\"")]
    [InlineData("2024-01-15", "\"2024-01-15\"")]
    [InlineData("...", "\"...\"")]
    [InlineData("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("emoji 😀", "\"emoji \\U0001F600\"")]
    [InlineData("a warning of more than eighty characters stays on one line as it is in the JSON output", "a warning of more than eighty characters stays on one line as it is in the JSON output")]
    public void Quotes_only_strings_yaml_would_read_as_something_else(string value, string written)
    {
        Assert.Equal($"k: {written}\n".ReplaceLineEndings(), YamlWriter.Write(new JsonObject { ["k"] = value }));
    }

    private static void AssertRoundTrip(JsonNode? json)
    {
        var yaml = YamlWriter.Write(json);
        var read = YamlReader.Read(yaml);
        Assert.True(JsonNode.DeepEquals(json, read), $"JSON:\n{json?.ToJsonString()}\nYAML:\n{yaml}\nread back:\n{read?.ToJsonString()}");
    }

    private static JsonNode? Random(Random r, string[] strings, int depth) => r.Next(depth > 3 ? 3 : 5) switch
    {
        0 => r.Next(3) switch { 0 => null, 1 => JsonValue.Create(r.Next(2) == 0), _ => JsonValue.Create(r.Next(-1000, 1000)) },
        1 or 2 => JsonValue.Create(strings[r.Next(strings.Length)]),
        3 => new JsonObject(Enumerable.Range(0, r.Next(4)).Select(i => KeyValuePair.Create(i % 2 == 0 ? $"k{i}" : strings[r.Next(strings.Length)], Random(r, strings, depth + 1)))
            .DistinctBy(p => p.Key)),
        _ => new JsonArray([.. Enumerable.Range(0, r.Next(4)).Select(_ => Random(r, strings, depth + 1))]),
    };
}
