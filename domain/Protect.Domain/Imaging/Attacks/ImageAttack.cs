using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Attacks;

/// <summary>
/// One parameterized, reproducible image attack: the same name and seed always give the same image. Attacks
/// return a new image and leave the input untouched, so one marked image can be attacked many ways.
/// </summary>
/// <param name="Name">Short stable identifier, e.g. "jpeg-50", used in reports.</param>
/// <param name="Target">Exact-recovery rate the robust image engine aims at after this attack (issue 3's table).</param>
/// <param name="Random">True when the seed changes the result (crop position, noise, logo placement).</param>
/// <param name="HostScale">Embed on a copy upscaled by this factor first (the "25% of a 2x copy" protocol); 1 otherwise.</param>
public sealed record ImageAttack(string Name, double Target, bool Random, Func<Image<Rgba32>, int, Image<Rgba32>> Apply, int HostScale = 1)
{
    public override string ToString() => Name;
}
