using System.Runtime.InteropServices;

namespace Protect.Ml.Torch;

/// <summary>
/// glibc's default malloc returns large tensor buffers to the OS after every step and maps them again on the
/// next (mmap threshold, trim threshold). Measured here: a small conv net trained at 14-19 steps/s by default
/// and at 65-112 steps/s with large thresholds. Worker processes call <see cref="Tune"/> once at start.
/// </summary>
public static class GlibcMalloc
{
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapThreshold = -3;

    /// <returns>True when all three settings were accepted (always false off glibc).</returns>
    public static bool Tune(int mmapThresholdBytes = 256 << 20, int trimThresholdBytes = 512 << 20, int topPadBytes = 64 << 20)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MMmapThreshold, mmapThresholdBytes) == 1
                   & mallopt(MTrimThreshold, trimThresholdBytes) == 1
                   & mallopt(MTopPad, topPadBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // musl and other C libraries have no mallopt
        }
    }

    // Plain ints cross without marshalling, so DllImport needs no unsafe code here.
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mallopt(int parameter, int value);
}
