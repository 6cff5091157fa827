using KubectlKlutch.Versions;

namespace KubectlKlutch.Tests.Versions;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", "public.ecr.aws", "w5n9a2g2/klutch/konnector", "v1.3.0", null)]
    [InlineData("mirror.example:5000/klutch/konnector:v1.3.0", "mirror.example:5000", "klutch/konnector", "v1.3.0", null)]
    [InlineData("localhost:5000/konnector", "localhost:5000", "konnector", null, null)]
    [InlineData("nginx", "docker.io", "library/nginx", null, null)]
    [InlineData("xpkg.upbound.io/crossplane/crossplane:v1.17.1", "xpkg.upbound.io", "crossplane/crossplane", "v1.17.1", null)]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector@sha256:abc", "public.ecr.aws", "w5n9a2g2/klutch/konnector", null, "sha256:abc")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0@sha256:abc", "public.ecr.aws", "w5n9a2g2/klutch/konnector", "v1.3.0", "sha256:abc")]
    public void Splits_registry_repository_tag_and_digest(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
    }

    [Fact]
    public void Changing_the_tag_keeps_host_and_repository_and_drops_a_digest()
    {
        var reference = ImageReference.Parse("mirror.example:5000/klutch/konnector:v1.2.0@sha256:abc");
        Assert.Equal("mirror.example:5000/klutch/konnector:v1.3.0", reference.WithTag("v1.3.0").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b:v1")]
    [InlineData("repo:v1;rm -rf")]
    [InlineData("repo:-v1")]
    [InlineData("registry.example//x:v1")]
    public void Refuses_what_an_image_reference_cannot_hold(string text)
    {
        Assert.False(ImageReference.TryParse(text, out _));
    }
}
