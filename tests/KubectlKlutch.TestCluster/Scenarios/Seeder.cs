using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Puts Klutch-shaped objects into a state, all created "three hours ago" and fully settled.</summary>
internal sealed class Seeder(ClusterState state, CrossplaneRelease crossplane)
{
    public const string NewPrefix = "public.ecr.aws/w5n9a2g2/klutch/";
    public const string LegacyPrefix = "public.ecr.aws/w5n9a2g2/anynines/";

    private readonly DateTimeOffset _created = state.Clock().AddHours(-3);

    public DateTimeOffset Created => _created;

    public CrossplaneRelease Crossplane => crossplane;

    public void Namespace(string name)
    {
        if (state.Get("v1", "Namespace", null, name) != null)
        {
            return;
        }
        var ns = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = Json.Time(_created) },
        };
        Admission.Default(state.Types.Find("", "v1", "namespaces")!, ns);
        state.Put(ns);
    }

    public void Put(JsonObject obj) => state.Put(obj);

    public void ServiceAccount(string ns, string name) => state.Put(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Json.Time(_created) },
    });

    /// <summary>The konnector Deployment as the Klutch release bundles install it.</summary>
    public void Konnector(string ns, string image, bool productPage = false)
    {
        Namespace(ns);
        ServiceAccount(ns, "konnector");
        var podSpec = new JsonObject();
        if (productPage)
        {
            podSpec["restartPolicy"] = "Always";
        }
        podSpec["serviceAccountName"] = "konnector";
        podSpec["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "konnector",
            ["image"] = image,
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = "POD_NAME", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.name" } } },
                new JsonObject { ["name"] = "POD_NAMESPACE", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } } }),
        });
        RolledOutDeployment(ns, "konnector", new JsonObject { ["app"] = "konnector" }, null, 2, "RollingUpdate", podSpec);
    }

    /// <summary>A Deployment with its ReplicaSet and ready pods, status as the controller leaves a finished rollout.</summary>
    public JsonObject RolledOutDeployment(string ns, string name, JsonObject labels, JsonObject? annotations, int replicas,
        string strategy, JsonObject podSpec, JsonObject? selector = null, JsonArray? ownerReferences = null)
    {
        Namespace(ns);
        var selectorLabels = selector ?? new JsonObject { ["app"] = labels.Str("app") };
        var meta = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["creationTimestamp"] = Json.Time(_created),
            ["generation"] = 1,
            ["labels"] = labels,
        };
        if (ownerReferences != null)
        {
            meta["ownerReferences"] = ownerReferences;
        }
        var deploymentAnnotations = annotations ?? new JsonObject();
        deploymentAnnotations["deployment.kubernetes.io/revision"] = "1";
        meta["annotations"] = deploymentAnnotations;
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = selectorLabels },
                ["strategy"] = new JsonObject { ["type"] = strategy },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = selectorLabels.DeepClone() },
                    ["spec"] = podSpec,
                },
            },
        };
        var type = state.Types.Find("apps", "v1", "deployments")!;
        Admission.Default(type, deployment);
        deployment = state.Put(deployment);

        var hash = Workloads.TemplateHash(deployment);
        var rs = state.Put(Workloads.NewReplicaSet(deployment, hash, 1, replicas, _created));
        for (var i = 0; i < replicas; i++)
        {
            state.Put(Workloads.NewPod(rs, PodOutcome.Running, _created, i));
        }
        rs["status"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["fullyLabeledReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["observedGeneration"] = 1,
        };
        state.Put(rs);

        var t = Json.Time(_created);
        deployment["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["conditions"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Available",
                    ["status"] = "True",
                    ["lastUpdateTime"] = t,
                    ["lastTransitionTime"] = t,
                    ["reason"] = "MinimumReplicasAvailable",
                    ["message"] = "Deployment has minimum availability.",
                },
                new JsonObject
                {
                    ["type"] = "Progressing",
                    ["status"] = "True",
                    ["lastUpdateTime"] = t,
                    ["lastTransitionTime"] = t,
                    ["reason"] = "NewReplicaSetAvailable",
                    ["message"] = $"ReplicaSet \"{rs.Name()}\" has successfully progressed.",
                }),
        };
        return state.Put(deployment);
    }

    public void CrossplaneCrds()
    {
        foreach (var crd in Crds.Crossplane(_created, crossplane))
        {
            state.Put(crd);
        }
    }

    /// <summary>
    /// A Crossplane package (Provider, Configuration, Function) with one Active, Healthy revision,
    /// in the Crossplane release's vocabulary, with its runtime Deployment where the release plays one.
    /// </summary>
    public void Package(string apiVersion, string kind, string name, string package)
    {
        var spec = new JsonObject
        {
            ["package"] = package,
            ["packagePullPolicy"] = "IfNotPresent",
            ["revisionActivationPolicy"] = "Automatic",
            ["revisionHistoryLimit"] = 1,
            ["ignoreCrossplaneConstraints"] = false,
            ["skipDependencyResolution"] = false,
        };
        if (kind != "Configuration")
        {
            spec["runtimeConfigRef"] = new JsonObject
            {
                ["apiVersion"] = "pkg.crossplane.io/v1beta1",
                ["kind"] = "DeploymentRuntimeConfig",
                ["name"] = "default",
            };
        }
        var pkg = state.Put(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = Json.Time(_created), ["generation"] = 1 },
            ["spec"] = spec,
        });
        var (resolved, imageConfig) = crossplane.ImageConfigs ? ImageConfigs.Resolve(state, package) : (package, null);
        var revision = Packages.NewRevision(pkg, package, 1, _created);
        revision.Obj("status")["resolvedImage"] = resolved;
        var runtime = Packages.HasRuntime(kind) && crossplane.Runtimes;
        Packages.SetRevisionHealth(revision, kind, crossplane.V2Conditions, runtime ? true : null, _created);
        revision = state.Put(revision);
        if (runtime)
        {
            var labels = Packages.RuntimeLabels(kind, name, revision.Name());
            RolledOutDeployment(Packages.RuntimeNamespace, revision.Name(), labels, null, 1, "RollingUpdate", Packages.RuntimePodSpec(resolved),
                (JsonObject)labels.DeepClone(), new JsonArray(Workloads.OwnerRef(revision)));
        }
        pkg["status"] = new JsonObject { ["currentRevision"] = revision.Name(), ["currentIdentifier"] = package };
        if (crossplane.ImageConfigs)
        {
            ImageConfigs.Record(pkg, resolved, imageConfig);
        }
        long? generation = crossplane.V2Conditions ? 1 : null;
        pkg.SetCondition("Installed", "True", "ActivePackageRevision", "", _created, observedGeneration: generation);
        pkg.SetCondition("Healthy", "True", "HealthyPackageRevision", "", _created, observedGeneration: generation);
        state.Put(pkg);
    }

    /// <summary>
    /// An AppClusterBinding with spec.konnector.deploy, the konnector Deployment the backend runs for
    /// it and its ClusterBinding, heartbeating.
    /// </summary>
    public void BackendKonnector(string bindingNamespace, string binding, string image)
    {
        Namespace(bindingNamespace);
        state.Put(BindingSeeds.AppClusterBinding(bindingNamespace, binding, null, _created));
        var ns = BindingSeeds.KonnectorNamespace(bindingNamespace, binding);
        ServiceAccount(ns, "klutch-binder");
        var labels = BindingSeeds.KonnectorLabels(bindingNamespace, binding);
        RolledOutDeployment(ns, BindingSeeds.KonnectorName(binding), labels, null, 1, "RollingUpdate",
            BindingSeeds.KonnectorPodSpec(bindingNamespace, binding, image), (JsonObject)labels.DeepClone());
        var tag = image[(image.LastIndexOf(':') + 1)..];
        state.Put(BindingSeeds.ClusterBinding(ns, binding, tag, state.Clock().AddMinutes(-1), "5m0s", _created));
    }

    /// <summary>A ClusterBinding of a remote app cluster whose konnector last heartbeat <paramref name="ago"/>.</summary>
    public void BoundAppCluster(string ns, string konnectorVersion, TimeSpan ago, bool silent = false)
    {
        Namespace(ns);
        var binding = BindingSeeds.ClusterBinding(ns, ns, konnectorVersion, state.Clock() - ago, "5m0s", _created, silent ? "silent" : null);
        state.Put(binding);
    }

    /// <summary>The APIServiceBinding CRD of the release line and two bindings (postgresql, mongodb), all heartbeating.</summary>
    public void ServiceBindings(string? ns)
    {
        state.Put(Crds.ApiServiceBindings(_created, namespaced: ns != null));
        foreach (var service in new[] { "postgresql", "mongodb" })
        {
            state.Put(BindingSeeds.ApiServiceBinding(service, ns, "a9s " + service, _created));
        }
    }
}
