using System.Numerics;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Rendering;
using SixLabors.ImageSharp;

namespace Protect.Domain.Tests.Splats;

public class SplatRendererTests
{
    [Fact]
    public void One_gaussian_in_front_of_the_camera_is_a_centred_blob_of_its_colour()
    {
        var s = new GaussianScene(1, 0);
        s.Scales[0] = s.Scales[1] = s.Scales[2] = MathF.Log(0.1f);
        s.Rotations[0] = 1;
        s.Opacities[0] = GaussianScene.Logit(0.9f);
        s.Colors[0] = (1f - 0.5f) / GaussianScene.ShC0; // red
        s.Colors[1] = s.Colors[2] = -0.5f / GaussianScene.ShC0;
        var camera = Camera.LookAt(new Vector3(0, 0, -3), Vector3.Zero, new Vector3(0, -1, 0), 64, 48, 1f);
        var image = SplatRenderer.Render(s, camera);
        var centre = (24 * 64 + 32) * 3;
        Assert.InRange(image[centre], 0.8f, 0.95f);
        Assert.True(image[centre + 1] < 0.01f);
        Assert.True(image[0] < 1e-3f); // the corner is background
    }

    [Fact]
    public void A_real_scene_renders_with_content_in_every_orbit_view()
    {
        var scene = SplatScenes.Guitar;
        foreach (var camera in Camera.Orbit(scene, 4, 160, 120))
        {
            var image = SplatRenderer.Render(scene, camera);
            var lit = image.Count(v => v > 0.05f);
            Assert.True(lit > image.Length / 50, $"only {lit} lit values");
            var dump = Environment.GetEnvironmentVariable("PROTECT_RENDER_DUMP");
            if (dump is not null)
            {
                using var png = RenderComparison.ToImage(image, 160, 120);
                png.SaveAsPng(Path.Combine(dump, $"guitar-{camera.Position.X:F1}.png"));
            }
        }
    }

    [Fact]
    public void Identical_scenes_compare_as_identical()
    {
        var scene = SplatScenes.Random(2000, 1);
        var fidelity = RenderComparison.Compare(scene, scene.Clone(), 2, 64, 48);
        Assert.Equal(1.0, fidelity.MeanSsim, 6);
        Assert.True(fidelity.MeanPsnr >= 99);
    }
}
