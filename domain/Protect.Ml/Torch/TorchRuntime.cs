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
            LimitOneDnnIsa();
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

    /// <summary>
    /// oneDNN's AVX2 / AVX-512 convolution kernels return NaN gradients and outputs at random on this machine's CPU
    /// (reproduced by ZooGeneratorTests: a 3-layer transposed-conv decoder's gradients turn NaN within 0-20 Adam
    /// steps, with or without dispose scopes, malloc tuning or GC activity; ONEDNN_MAX_CPU_ISA=AVX2 still fails,
    /// SSE41 passes). oneDNN reads the variable once, at its first primitive, so it is set here, before any torch
    /// call; an operator's own setting wins. It must go through libc's setenv: .NET's SetEnvironmentVariable does
    /// not change the native environment that getenv reads.
    /// </summary>
    private static void LimitOneDnnIsa()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = setenv("ONEDNN_MAX_CPU_ISA", "SSE41", 0);
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

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
