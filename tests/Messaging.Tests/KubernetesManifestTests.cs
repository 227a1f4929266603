using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Tthc.Messaging.Tests;

/// <summary>
/// The province overlay of <c>deploy/k8s</c>, rendered by <c>kubectl kustomize</c> and read into the Kubernetes API's
/// typed models, against what the services expect: Dapr sidecars named as the services with their app port and
/// tokens, probes on <c>/health</c> and <c>/alive</c>, Kestrel's own endpoints, a database secret per service, the
/// pub/sub component the services publish to, autoscaling for the gateway and Cases.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] DaprServices = ["cases", "apologies", "reporting"];

    private static readonly Lazy<List<(string Kind, string Yaml)>> Rendered = new(Render);

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tthc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Tthc.sln not found above the test's folder.");
    }

    private static List<(string Kind, string Yaml)> Render()
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Repository(), "deploy", "k8s", "overlays", "province")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var kubectl = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start (it is needed to render deploy/k8s).");
        var output = kubectl.StandardOutput.ReadToEnd();
        var error = kubectl.StandardError.ReadToEnd();
        kubectl.WaitForExit();
        Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize failed: {error}");
        return output.Split("\n---\n").Select(doc => (doc.Split('\n').First(l => l.StartsWith("kind: ", StringComparison.Ordinal))[6..].Trim(), doc)).ToList();
    }

    private static IEnumerable<T> Objects<T>(string kind) =>
        Rendered.Value.Where(o => o.Kind == kind).Select(o => KubernetesYaml.Deserialize<T>(o.Yaml));

    private static V1Deployment Deployment(string name) => Objects<V1Deployment>("Deployment").Single(d => d.Metadata.Name == name);

    [Fact]
    public void Every_object_lands_in_the_province_namespace_and_every_service_has_a_deployment_and_a_service()
    {
        Assert.All(Rendered.Value, o => Assert.Contains("namespace: tthc", o.Yaml));
        Assert.Equal(["apologies", "cases", "feedback", "gateway", "notifications", "reporting", "web"], Objects<V1Deployment>("Deployment").Select(d => d.Metadata.Name).Order());
        Assert.Equal(["apologies", "cases", "feedback", "gateway", "notifications", "reporting", "web"], Objects<V1Service>("Service").Select(s => s.Metadata.Name).Order());
    }

    [Theory]
    [InlineData("cases")]
    [InlineData("apologies")]
    [InlineData("reporting")]
    [InlineData("feedback")]
    [InlineData("notifications")]
    public void A_service_runs_beside_a_dapr_sidecar_named_after_it_on_its_REST_port_with_both_tokens(string name)
    {
        var pod = Deployment(name).Spec.Template;
        var container = Assert.Single(pod.Spec.Containers);
        var http = container.Ports.Single(p => p.Name == "http").ContainerPort;

        Assert.Equal("true", pod.Metadata.Annotations["dapr.io/enabled"]);
        Assert.Equal(name, pod.Metadata.Annotations["dapr.io/app-id"]);
        Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), pod.Metadata.Annotations["dapr.io/app-port"]);
        Assert.Equal("http", pod.Metadata.Annotations["dapr.io/app-protocol"]);
        Assert.False(string.IsNullOrEmpty(pod.Metadata.Annotations["dapr.io/app-token-secret"])); // the app checks dapr-api-token
        Assert.False(string.IsNullOrEmpty(pod.Metadata.Annotations["dapr.io/api-token-secret"]));
        Assert.Contains(Rendered.Value, o => o.Kind == "Configuration" && o.Yaml.Contains($"name: {pod.Metadata.Annotations["dapr.io/config"]}"));
        Assert.Equal($"tthc-{name}-db", container.Env.Single(e => e.Name == $"ConnectionStrings__{name}").ValueFrom.SecretKeyRef.Name);
        Assert.Equal($"tthc/{name}", container.Env.Single(e => e.Name == "Messaging__Source").Value);
    }

    [Theory]
    [InlineData("cases")]
    [InlineData("apologies")]
    [InlineData("reporting")]
    [InlineData("notifications")]
    [InlineData("gateway")]
    public void Probes_ports_and_resources_match_what_the_process_listens_on(string name)
    {
        var container = Assert.Single(Deployment(name).Spec.Template.Spec.Containers);
        var service = Objects<V1Service>("Service").Single(s => s.Metadata.Name == name);

        Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.NotNull(container.Resources.Requests["cpu"]);
        Assert.NotNull(container.Resources.Limits["memory"]);
        Assert.Equal("tthc-jwt", container.Env.Single(e => e.Name == "Jwt__SigningKey").ValueFrom.SecretKeyRef.Name);

        // Kestrel's endpoints "http" (HTTP/1.1) and "grpc" (HTTP/2) of the service's appsettings, moved to the container ports.
        var appsettings = Path.Combine(Repository(), "src", name == "gateway" ? "Gateway" : Path.Combine("Services", char.ToUpperInvariant(name[0]) + name[1..]), "appsettings.json");
        var endpoints = JsonDocument.Parse(File.ReadAllText(appsettings)).RootElement.GetProperty("Kestrel").GetProperty("Endpoints");
        foreach (var (endpoint, protocols) in new[] { ("http", "Http1"), ("grpc", "Http2") })
        {
            Assert.Equal(protocols, endpoints.GetProperty(endpoint).GetProperty("Protocols").GetString());
            var port = container.Ports.Single(p => p.Name == endpoint).ContainerPort;
            Assert.Equal($"http://+:{port}", container.Env.Single(e => e.Name == $"Kestrel__Endpoints__{endpoint}__Url").Value);
            Assert.Equal(endpoint, service.Spec.Ports.Single(p => p.Name == endpoint).TargetPort.Value);
        }
    }

    [Fact]
    public void The_settings_send_events_through_dapr_and_point_each_service_at_the_others()
    {
        var settings = Objects<V1ConfigMap>("ConfigMap").Single(c => c.Metadata.Name == "tthc-settings").Data;
        var services = Objects<V1Service>("Service").ToDictionary(s => s.Metadata.Name);

        Assert.Equal("dapr", settings["Messaging__Transport"]);
        Assert.StartsWith("https://", settings["Intake__PublicBaseUrl"]);
        Assert.Equal(settings["Intake__PublicBaseUrl"], settings["Apologies__PublicBaseUrl"]);
        // What the AppHost gives every process too: two malloc arenas, and 32 MiB (hex, as the runtime reads it)
        // allocated between two collections of the young generation at least.
        Assert.Equal("2", settings["MALLOC_ARENA_MAX"]);
        Assert.Equal(32 * 1024 * 1024, Convert.ToInt64(settings["DOTNET_GCgen0size"], 16));
        foreach (var name in DaprServices)
        {
            foreach (var endpoint in new[] { "http", "grpc" })
            {
                var port = services[name].Spec.Ports.Single(p => p.Name == endpoint).Port;
                Assert.Equal($"http://{name}:{port}", settings[$"services__{name}__{endpoint}__0"]);
            }
        }

        Assert.All(Deployment("gateway").Spec.Template.Spec.Containers.Concat(DaprServices.SelectMany(n => Deployment(n).Spec.Template.Spec.Containers)),
            c => Assert.Contains(c.EnvFrom, e => e.ConfigMapRef?.Name == "tthc-settings"));
    }

    [Fact]
    public void The_web_app_runs_without_a_sidecar_on_a_key_ring_its_replicas_share_and_the_gateway_knows_the_clients_scheme()
    {
        var deployment = Deployment("web");
        var pod = deployment.Spec.Template;
        var container = Assert.Single(pod.Spec.Containers);
        var settings = Objects<V1ConfigMap>("ConfigMap").Single(c => c.Metadata.Name == "tthc-settings").Data;
        var services = Objects<V1Service>("Service").ToDictionary(s => s.Metadata.Name);
        var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository(), "src", "Web", "appsettings.json"))).RootElement;

        Assert.Empty(pod.Metadata.Annotations?.Keys.Where(k => k.StartsWith("dapr.io/", StringComparison.Ordinal)) ?? []);
        Assert.True(deployment.Spec.Replicas >= 2);
        Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("tthc-jwt", container.Env.Single(e => e.Name == "Jwt__SigningKey").ValueFrom.SecretKeyRef.Name);
        Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == "tthc-settings");

        // Its one Kestrel endpoint (HTTP/1.1), where the gateway sends the pages; it calls the gateway by its name.
        Assert.Equal("Http1", appsettings.GetProperty("Kestrel").GetProperty("Endpoints").GetProperty("http").GetProperty("Protocols").GetString());
        var port = container.Ports.Single(p => p.Name == "http").ContainerPort;
        Assert.Equal($"http://+:{port}", container.Env.Single(e => e.Name == "Kestrel__Endpoints__http__Url").Value);
        Assert.Equal($"http://web:{services["web"].Spec.Ports.Single(p => p.Name == "http").Port}", settings["services__web__http__0"]);
        Assert.Equal("http://gateway", appsettings.GetProperty("Web").GetProperty("GatewayAddress").GetString());
        Assert.Equal($"http://gateway:{services["gateway"].Spec.Ports.Single(p => p.Name == "http").Port}", settings["services__gateway__http__0"]);

        // The key ring that seals sign-in cookies and forms: one volume every replica reads and writes.
        var keys = container.Env.Single(e => e.Name == "Web__KeysPath").Value;
        var mount = container.VolumeMounts.Single(m => m.MountPath == keys);
        var claim = pod.Spec.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName;
        var volume = Objects<V1PersistentVolumeClaim>("PersistentVolumeClaim").Single(c => c.Metadata.Name == claim);
        Assert.Equal(["ReadWriteMany"], volume.Spec.AccessModes);
        Assert.False(string.IsNullOrEmpty(volume.Spec.StorageClassName));
        // Sealed at rest with a TLS secret's pair, mounted where the settings look for it.
        foreach (var (setting, file) in new[] { ("Web__KeysCertificate", "tls.crt"), ("Web__KeysCertificateKey", "tls.key") })
        {
            var path = container.Env.Single(e => e.Name == setting).Value;
            var certificateMount = container.VolumeMounts.Single(m => path == $"{m.MountPath}/{file}");
            Assert.Equal("tthc-web-keys-cert", pod.Spec.Volumes.Single(v => v.Name == certificateMount.Name).Secret.SecretName);
        }

        // The gateway believes the ingress's X-Forwarded-Proto (the web app's cookies are HTTPS-only) from its network;
        // the web app believes the gateway's, and only the gateway's pods may connect to it.
        Assert.True(System.Net.IPNetwork.TryParse(settings["Gateway__TrustedProxies__0"], out _));
        var policy = Assert.Single(Objects<V1NetworkPolicy>("NetworkPolicy"));
        Assert.Equal("web", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        var from = Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty);
        Assert.Equal("gateway", from.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal("gateway", Deployment("gateway").Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void The_provinces_address_reaches_the_gateway_over_TLS_and_the_data_platform_its_grpc_port()
    {
        var settings = Objects<V1ConfigMap>("ConfigMap").Single(c => c.Metadata.Name == "tthc-settings").Data;
        var gateway = Objects<V1Service>("Service").Single(s => s.Metadata.Name == "gateway").Spec.Ports.ToDictionary(p => p.Name);
        var ingresses = Objects<V1Ingress>("Ingress").ToDictionary(i => i.Metadata.Name);

        // The address every link and QR code carries is the one the ingress answers, over HTTPS, for every path.
        var address = new Uri(settings["Intake__PublicBaseUrl"]);
        Assert.Equal("https", address.Scheme);
        Assert.All(settings.Where(s => s.Key.EndsWith("__PublicBaseUrl", StringComparison.Ordinal)), s => Assert.Equal(address, new Uri(s.Value)));
        var site = ingresses["tthc"];
        var rule = Assert.Single(site.Spec.Rules);
        Assert.Equal(address.Host, rule.Host);
        Assert.Contains(site.Spec.Tls, t => t.Hosts.Contains(address.Host) && !string.IsNullOrEmpty(t.SecretName));
        var path = Assert.Single(rule.Http.Paths);
        Assert.Equal(("/", "Prefix", "gateway", "http"), (path.Path, path.PathType, path.Backend.Service.Name, path.Backend.Service.Port.Name));
        Assert.True(gateway.ContainsKey("http"));
        // The gateway's own 413 (a problem document) comes before the controller's HTML page for a large body.
        var bodyLimit = site.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"];
        Assert.True(long.Parse(bodyLimit.TrimEnd('m')) * 1024 * 1024 > Microsoft.Extensions.Hosting.Extensions.DefaultMaxRequestBodySize, bodyLimit);

        // gRPC: HTTP/2 to the gateway's gRPC port, which the Service marks as cleartext HTTP/2.
        var grpc = ingresses["tthc-grpc"];
        Assert.Equal("GRPC", grpc.Metadata.Annotations["nginx.ingress.kubernetes.io/backend-protocol"]);
        var grpcRule = Assert.Single(grpc.Spec.Rules);
        Assert.Contains(grpc.Spec.Tls, t => t.Hosts.Contains(grpcRule.Host));
        var grpcPath = Assert.Single(grpcRule.Http.Paths);
        Assert.Equal(("gateway", "grpc"), (grpcPath.Backend.Service.Name, grpcPath.Backend.Service.Port.Name));
        Assert.Equal("kubernetes.io/h2c", gateway["grpc"].AppProtocol);
    }

    [Fact]
    public void The_pub_sub_component_is_the_one_the_services_publish_to_with_its_retry_policy()
    {
        var component = Assert.Single(Rendered.Value, o => o.Kind == "Component").Yaml;

        Assert.Contains($"name: {new MessagingOptions().PubSubName}\n", component);
        Assert.Contains("type: pubsub.redis", component);
        Assert.DoesNotContain("localhost", component);
        Assert.Single(Rendered.Value, o => o.Kind == "Resiliency");
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("rabbitmq")]
    [InlineData("kafka")]
    public void Every_broker_scopes_every_app_and_gives_the_contacts_topic_to_notifications_alone(string broker)
    {
        var yaml = File.ReadAllText(Path.Combine(Repository(), "deploy", "dapr", "components", broker, "pubsub.yaml"));
        Dictionary<string, string[]> Scopes(string name)
        {
            var value = System.Text.RegularExpressions.Regex.Match(yaml, $@"- name: {name}\s+value: ""([^""]*)""").Groups[1].Value;
            return value.Split(';').Select(a => a.Split('=')).ToDictionary(a => a[0], a => a[1].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        var publishing = Scopes("publishingScopes");
        var subscription = Scopes("subscriptionScopes");
        string[] apps = ["apologies", "cases", "feedback", "gateway", "notifications", "reporting"];
        Assert.Equal(apps, publishing.Keys.Order());
        Assert.Equal(apps, subscription.Keys.Order());
        Assert.Equal(["notifications"], subscription.Where(a => a.Value.Contains("contacts")).Select(a => a.Key));
        Assert.Equal(["cases", "feedback"], publishing.Where(a => a.Value.Contains("contacts")).Select(a => a.Key).Order());
        // Each service publishes its own topic; Apologies hears Notifications (the deliveries it made).
        Assert.All(new[] { "cases", "apologies", "feedback", "notifications" }, app => Assert.Contains(app, publishing[app]));
        Assert.Contains("notifications", subscription["apologies"]);
    }

    [Fact]
    public void The_gateway_and_cases_scale_with_load_and_never_below_two()
    {
        var scalers = Objects<V2HorizontalPodAutoscaler>("HorizontalPodAutoscaler").ToDictionary(h => h.Spec.ScaleTargetRef.Name);

        Assert.Equal(["cases", "gateway"], scalers.Keys.Order());
        Assert.All(scalers.Values, h => Assert.True(h.Spec.MinReplicas >= 2 && h.Spec.MaxReplicas > h.Spec.MinReplicas));
        Assert.Empty(Deployment("gateway").Spec.Template.Metadata.Annotations?.Keys.Where(k => k.StartsWith("dapr.io/", StringComparison.Ordinal)) ?? []);
    }
}
