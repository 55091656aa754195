using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Imaging.Attacks;

/// <summary>
/// The robustness suite of issue 3 as code: every attack of its target table, built from the primitives in
/// <see cref="Transforms"/>, with the target exact-recovery rate beside it. Video and forensics reuse these.
/// </summary>
public static class ImageAttacks
{
    public static IReadOnlyList<ImageAttack> Standard { get; } =
    [
        new("none", 1.0, false, (i, _) => i.Clone()),
        new("jpeg-50", 0.99, false, (i, _) => Transforms.Jpeg(i, 50)),
        new("jpeg-30", 0.90, false, (i, _) => Transforms.Jpeg(i, 30)),
        new("webp-50", 0.99, false, (i, _) => Transforms.Webp(i, 50)),
        new("resize-50", 0.99, false, (i, _) => Transforms.Resize(i, 0.5)),
        new("resize-150", 0.99, false, (i, _) => Transforms.Resize(i, 1.5)),
        new("resize-25-of-2x", 0.90, false, (i, _) => Transforms.Resize(i, 0.25), HostScale: 2),
        new("crop-50", 0.99, true, (i, s) => Transforms.CropArea(i, 0.5, s)),
        new("crop-25", 0.90, true, (i, s) => Transforms.CropArea(i, 0.25, s)),
        new("rotate+2-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, 2)),
        new("rotate-2-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, -2)),
        new("rotate+5-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, 5)),
        new("rotate-5-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, -5)),
        new("rotate+15-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, 15)),
        new("rotate-15-crop", 0.95, false, (i, _) => Transforms.RotateAndCrop(i, -15)),
        new("rotate-90", 1.0, false, (i, _) => i.Clone(c => c.Rotate(RotateMode.Rotate90))),
        new("rotate-180", 1.0, false, (i, _) => i.Clone(c => c.Rotate(RotateMode.Rotate180))),
        new("rotate-270", 1.0, false, (i, _) => i.Clone(c => c.Rotate(RotateMode.Rotate270))),
        new("flip-h", 1.0, false, (i, _) => i.Clone(c => c.Flip(FlipMode.Horizontal))),
        new("stretch-w-120", 0.95, false, (i, _) => i.Clone(c => c.Resize((int)Math.Round(i.Width * 1.2), i.Height))),
        new("brightness+30", 0.99, false, (i, _) => i.Clone(c => c.Brightness(1.3f))),
        new("brightness-30", 0.99, false, (i, _) => i.Clone(c => c.Brightness(0.7f))),
        new("contrast+30", 0.99, false, (i, _) => i.Clone(c => c.Contrast(1.3f))),
        new("contrast-30", 0.99, false, (i, _) => i.Clone(c => c.Contrast(0.7f))),
        new("gamma-0.7", 0.99, false, (i, _) => Transforms.Gamma(i, 0.7)),
        new("gamma-1.4", 0.99, false, (i, _) => Transforms.Gamma(i, 1.4)),
        new("saturation-0", 0.99, false, (i, _) => i.Clone(c => c.Saturate(0f))),
        new("saturation-200", 0.99, false, (i, _) => i.Clone(c => c.Saturate(2f))),
        new("blur-1.5", 0.95, false, (i, _) => i.Clone(c => c.GaussianBlur(1.5f))),
        new("median-3", 0.95, false, (i, _) => Transforms.Median3(i)),
        new("noise-10", 0.99, true, (i, s) => Transforms.GaussianNoise(i, 10, s)),
        new("grayscale", 0.99, false, (i, _) => i.Clone(c => c.Grayscale())),
        new("screenshot", 0.95, true, (i, s) => Transforms.Screenshot(i, s)),
        new("logo-20", 0.99, true, (i, s) => Transforms.Logo(i, 0.2, s)),
    ];

    public static ImageAttack Get(string name) =>
        Standard.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"Unknown attack '{name}'.", nameof(name));
}
