using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace Protect.Ml.Torch;

/// <summary>
/// Makes TorchSharp loadable on a stock Debian 12 machine and picks the device. Call <see cref="EnsureLoaded"/>
/// before the first use of <c>torch</c>: it writes a copy of libLibTorchSharp.so whose GLIBCXX_3.4.32 requirement
/// is weak (see <see cref="ElfVersionNeeds"/>) into a cache folder, and loads it (after libtorch.so, which it
/// depends on) so that TorchSharp's own DllImport binds to the already-loaded copy. The shipped file is never
/// modified: build outputs hard-link it from the NuGet cache.
/// </summary>
public static class TorchRuntime
{
    public const string MissingVersion = "GLIBCXX_3.4.32";
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            var folder = AppContext.BaseDirectory;
            var shipped = Path.Combine(folder, "libLibTorchSharp.so");
            if (OperatingSystem.IsLinux() && File.Exists(shipped))
            {
                var fixedCopy = WeakenedCopy(shipped);
                if (fixedCopy is not null)
                {
                    NativeLibrary.Load(Path.Combine(folder, "libtorch.so"));
                    NativeLibrary.Load(fixedCopy);
                }
            }
            _loaded = true;
        }
    }

    /// <summary>CUDA when a GPU is usable (production ml workers), the CPU otherwise.</summary>
    public static torch.Device Device
    {
        get
        {
            EnsureLoaded();
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }
    }

    /// <summary>Path of the patched copy, or null when the shipped library needs no patch.</summary>
    internal static string? WeakenedCopy(string shipped)
    {
        var bytes = File.ReadAllBytes(shipped);
        if (!ElfVersionNeeds.Read(bytes).Any(n => n.Version == MissingVersion && !n.IsWeak)) return null;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "protect-torchsharp", hash);
        var target = Path.Combine(directory, "libLibTorchSharp.so");
        if (File.Exists(target)) return target;
        ElfVersionNeeds.MarkWeak(bytes, MissingVersion);
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true); // concurrent starters write identical bytes: last rename wins
        return target;
    }
}
