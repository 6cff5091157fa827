using System.Text;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// kubectl's typed clients (`create namespace`, `auth can-i`, `auth whoami`) send bodies as
/// Kubernetes protobuf, whatever the server prefers. This decodes the envelope ("k8s\0" + Unknown)
/// and the few kinds those commands send into the JSON the store speaks; answers stay JSON, which
/// the client accepts. Other kinds get 415, as they would from a server that lacked the type.
/// </summary>
internal static class Protobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw ApiError.BadRequest("protobuf body without the k8s envelope");
        }
        var unknown = Fields(body.AsSpan(4).ToArray());
        var typeMeta = unknown.TryGetValue(1, out var tm) ? Fields(tm[0]) : [];
        var apiVersion = Text(typeMeta, 1) ?? "";
        var kind = Text(typeMeta, 2) ?? "";
        var raw = unknown.TryGetValue(2, out var r) ? Fields(r[0]) : [];
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        if (raw.TryGetValue(1, out var meta))
        {
            obj["metadata"] = ObjectMeta(Fields(meta[0]));
        }
        switch (kind)
        {
            case "Namespace":
                break;
            case "SelfSubjectReview":
                break;
            case "SelfSubjectAccessReview":
                {
                    var spec = raw.TryGetValue(2, out var s) ? Fields(s[0]) : [];
                    var specJson = new JsonObject();
                    if (spec.TryGetValue(1, out var ra))
                    {
                        var attrs = Fields(ra[0]);
                        string[] names = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
                        var attrsJson = new JsonObject();
                        for (var i = 0; i < names.Length; i++)
                        {
                            if (Text(attrs, i + 1) is { } v)
                            {
                                attrsJson[names[i]] = v;
                            }
                        }
                        specJson["resourceAttributes"] = attrsJson;
                    }
                    if (spec.TryGetValue(2, out var nra))
                    {
                        var attrs = Fields(nra[0]);
                        specJson["nonResourceAttributes"] = new JsonObject { ["path"] = Text(attrs, 1), ["verb"] = Text(attrs, 2) };
                    }
                    obj["spec"] = specJson;
                    break;
                }
            default:
                throw new ApiError(415, "UnsupportedMediaType",
                    $"the test cluster does not decode {kind} from protobuf; send application/json");
        }
        return obj;
    }

    private static JsonObject ObjectMeta(Dictionary<int, List<byte[]>> meta)
    {
        var json = new JsonObject();
        if (Text(meta, 1) is { } name)
        {
            json["name"] = name;
        }
        if (Text(meta, 2) is { } generateName)
        {
            json["generateName"] = generateName;
        }
        if (Text(meta, 3) is { } ns)
        {
            json["namespace"] = ns;
        }
        foreach (var (field, key) in new[] { (11, "labels"), (12, "annotations") })
        {
            if (!meta.TryGetValue(field, out var entries))
            {
                continue;
            }
            var map = new JsonObject();
            foreach (var entry in entries)
            {
                var kv = Fields(entry);
                map[Text(kv, 1) ?? ""] = Text(kv, 2) ?? "";
            }
            json[key] = map;
        }
        return json;
    }

    private static string? Text(Dictionary<int, List<byte[]>> fields, int number) =>
        fields.TryGetValue(number, out var values) ? Encoding.UTF8.GetString(values[0]) : null;

    /// <summary>Splits a message into its length-delimited fields (varints and fixed fields are skipped: none are needed here).</summary>
    private static Dictionary<int, List<byte[]>> Fields(byte[] message)
    {
        var result = new Dictionary<int, List<byte[]>>();
        var pos = 0;
        while (pos < message.Length)
        {
            var key = Varint(message, ref pos);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(message, ref pos);
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    {
                        var length = (int)Varint(message, ref pos);
                        if (pos + length > message.Length)
                        {
                            throw ApiError.BadRequest("truncated protobuf body");
                        }
                        if (!result.TryGetValue(number, out var list))
                        {
                            result[number] = list = [];
                        }
                        list.Add(message.AsSpan(pos, length).ToArray());
                        pos += length;
                        break;
                    }
                case 5:
                    pos += 4;
                    break;
                default:
                    throw ApiError.BadRequest("unsupported protobuf wire type");
            }
        }
        return result;
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && pos < data.Length; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw ApiError.BadRequest("malformed protobuf varint");
    }
}
