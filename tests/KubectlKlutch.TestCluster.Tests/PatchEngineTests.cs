using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The three patch types and the selectors, on plain inputs.</summary>
public sealed class PatchEngineTests
{
    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    private const string Deployment = """
        {"spec":{"template":{"spec":{"containers":[
          {"name":"konnector","image":"a:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
          {"name":"sidecar","image":"s:1"}]}}}}
        """;

    [Fact]
    public void Strategic_merge_merges_containers_by_name_and_keeps_the_rest()
    {
        var result = StrategicMergePatch.Apply(Obj(Deployment), Obj("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"konnector"},{"name":"sidecar"}],
              "containers":[{"name":"konnector","image":"a:2","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}}}
            """));
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("a:2", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("s:1", containers[1]!["image"]!.GetValue<string>());
        Assert.Equal(["A=1", "B=3", "C=4"], containers[0]!["env"]!.AsArray().Select(e => $"{e!["name"]}={e["value"]}"));
        Assert.DoesNotContain("$setElementOrder", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_honours_delete_and_replace_directives()
    {
        var deleted = StrategicMergePatch.Apply(Obj(Deployment), Obj("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"""));
        Assert.Equal(["konnector"], deleted["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

        var replaced = StrategicMergePatch.Apply(Obj(Deployment), Obj("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"},{"$patch":"replace"}]}}}}"""));
        Assert.Equal(["only"], replaced["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

        var nulled = StrategicMergePatch.Apply(Obj(Deployment), Obj("""{"spec":{"template":{"spec":{"containers":[{"name":"konnector","env":null}]}}}}"""));
        Assert.Null(nulled["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Merge_patch_replaces_lists_and_deletes_nulls()
    {
        var result = (JsonObject)MergePatch.Apply(Obj(Deployment), Obj("""{"spec":{"template":{"spec":{"containers":[{"name":"x","image":"x:1"}]}}},"metadata":{"labels":null}}"""))!;
        Assert.Single(result["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
        Assert.False(result.ContainsKey("metadata") && result["metadata"]!.AsObject().ContainsKey("labels"));
    }

    [Fact]
    public void Json_patch_supports_all_operations_and_fails_on_a_bad_test()
    {
        var doc = Obj("""{"a":{"b":[1,2,3]},"c":"d"}""");
        var result = JsonPatch.Apply(doc, (JsonArray)JsonNode.Parse("""
            [{"op":"add","path":"/a/b/-","value":4},{"op":"remove","path":"/a/b/0"},{"op":"replace","path":"/c","value":"e"},
             {"op":"copy","from":"/c","path":"/f"},{"op":"move","from":"/f","path":"/g"},{"op":"test","path":"/g","value":"e"},
             {"op":"add","path":"/h~1i","value":true}]
            """)!);
        Assert.Equal("""{"a":{"b":[2,3,4]},"c":"e","g":"e","h/i":true}""", result.ToJsonString());
        Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, (JsonArray)JsonNode.Parse("""[{"op":"test","path":"/c","value":"zz"}]""")!));
        Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, (JsonArray)JsonNode.Parse("""[{"op":"remove","path":"/nope"}]""")!));
    }

    [Theory]
    [InlineData("app=konnector", true)]
    [InlineData("app==konnector,tier!=db", true)]
    [InlineData("app in (konnector, backend)", true)]
    [InlineData("app notin (konnector)", false)]
    [InlineData("tier", false)]
    [InlineData("!tier", true)]
    [InlineData("app=other", false)]
    public void Label_selectors(string selector, bool matches)
    {
        var obj = Obj("""{"metadata":{"name":"n","namespace":"ns","labels":{"app":"konnector"}}}""");
        Assert.Equal(matches, Selector.ParseLabels(selector).Matches(obj));
    }

    [Theory]
    [InlineData("metadata.name=n", true)]
    [InlineData("metadata.namespace==ns,metadata.name!=x", true)]
    [InlineData("metadata.namespace=other", false)]
    public void Field_selectors(string selector, bool matches)
    {
        var obj = Obj("""{"metadata":{"name":"n","namespace":"ns"}}""");
        Assert.Equal(matches, Selector.ParseFields(selector).Matches(obj));
    }
}
