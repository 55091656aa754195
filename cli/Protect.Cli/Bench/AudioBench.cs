using System.Globalization;
using Protect.Domain.Audio;
using Protect.Domain.Keys;
using Protect.Domain.Media;

namespace Protect.Cli.Bench;

/// <summary>
/// The audio half of `bench video`: attacks on a protected soundtrack, 1-s presence, and `--audio-only`, which
/// marks the clips' soundtracks alone (no video encode) and prints the rows with their sync z-scores, so the audio
/// mark can be measured in a minute.
/// </summary>
internal static class AudioBench
{
    /// <summary>Runs every audio attack on <paramref name="marked"/>'s soundtrack; <paramref name="count"/> gets (row, hit).</summary>
    public static void Attack(string work, string marked, WatermarkKey key, ulong payload, Action<string, bool> count, bool verbose)
    {
        var track = Path.Combine(work, "track.wav");
        BenchMedia.Run("-i", marked, "-vn", "-c:a", "pcm_f32le", track);
        foreach (var (name, attack) in Attacks(Rms(track)))
        {
            var attacked = Path.Combine(work, "attacked" + attack.Extension);
            BenchMedia.Run(["-i", track, .. attack.Args, attacked]);
            var reading = AudioProtection.Detect(attacked, key);
            count(name, reading.Mark.Payload == payload);
            if (verbose) Show(name, reading);
        }
        // Presence in 1-s excerpts at six places (each its own detection).
        foreach (var start in new[] { 1.0, 2.3, 3.9, 5.2, 6.6, 8.1 })
        {
            var excerpt = Path.Combine(work, "excerpt.wav");
            BenchMedia.Run("-ss", start.ToString("0.0", CultureInfo.InvariantCulture), "-t", "1", "-i", track, excerpt);
            var reading = AudioProtection.Detect(excerpt, key);
            count("excerpt 1 s: mark present", reading.Present);
            if (verbose) Show($"1 s at {start:0.0}", reading);
        }
    }

    /// <summary>Unmarked audio: the whole file and six 1-s excerpts must show neither an ID nor presence.</summary>
    public static void Unmarked(string work, string original, WatermarkKey key, Action<string, bool> count, bool verbose)
    {
        var reading = AudioProtection.Detect(original, key);
        count("unmarked original: false detections", reading.Mark.Detected);
        if (verbose) Show("unmarked", reading);
        foreach (var start in new[] { 1.0, 2.3, 3.9, 5.2, 6.6, 8.1 })
        {
            var excerpt = Path.Combine(work, "excerpt.wav");
            BenchMedia.Run("-ss", start.ToString("0.0", CultureInfo.InvariantCulture), "-t", "1", "-i", original, "-vn", excerpt);
            var r = AudioProtection.Detect(excerpt, key);
            count("unmarked 1-s excerpts: false presence", r.Present || r.Mark.Detected);
            if (verbose) Show($"unmarked 1 s at {start:0.0}", r);
        }
    }

    private static void Show(string name, AudioMarkReading r) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"bench audio:   {name,-40} detected={r.Mark.Detected,-5} z={r.SyncZ,6:0.0} sync={r.SyncAgreement,5:0.00} conf={r.Mark.Confidence:0.00} speed={r.Speed:0.000} audible={r.AudibleSeconds:0.0}s"));

    /// <summary>`bench video --audio-only`: marks only the soundtracks (AAC 192k in M4A) and prints the audio rows.</summary>
    public static void RunAudioOnly(string work, IReadOnlyList<(string Name, string Path, ulong Payload)> clips, WatermarkKey key)
    {
        var table = new Dictionary<string, (int Hits, int Total)>();
        void Count(string row, bool hit) => table[row] = table.TryGetValue(row, out var t) ? (t.Hits + (hit ? 1 : 0), t.Total + 1) : (hit ? 1 : 0, 1);
        foreach (var clip in clips)
        {
            var marked = Path.Combine(work, clip.Name + ".marked.m4a");
            var info = MediaProbe.Probe(clip.Path, new MediaStreamLimits());
            var outcome = AudioProtection.Embed(clip.Path, marked, key, clip.Payload, info, new EncodeSettings(), ["-vn", "-c:a", "aac", "-b:a", "192k"]);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench audio: {clip.Name}: SNR {outcome.SnrDb:0.0} dB"));
            Attack(work, marked, key, clip.Payload, Count, verbose: true);
            Unmarked(work, clip.Path, key, Count, verbose: true);
        }
        foreach (var (row, t) in table) Console.Out.WriteLine($"| {row} | {100.0 * t.Hits / t.Total:0}% ({t.Hits}/{t.Total}) |");
    }

    private sealed record AudioAttack(string Extension, string[] Args);

    /// <summary>RMS over all samples and channels, for noise at a given SNR.</summary>
    private static double Rms(string path)
    {
        using var reader = new AudioSampleReader(path, 48000, 1);
        var buffer = new float[1 << 14];
        double sum = 0;
        long count = 0;
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++) sum += buffer[i] * (double)buffer[i];
            count += n;
        }
        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }

    private static IEnumerable<(string, AudioAttack)> Attacks(double rms)
    {
        // anoisesrc's white noise is uniform in [-a, a]: RMS a/sqrt(3).
        var amplitude = (rms * 0.1 * Math.Sqrt(3)).ToString("0.000000", CultureInfo.InvariantCulture);
        yield return ("none (soundtrack as muxed, AAC 192k)", new(".wav", ["-c:a", "pcm_f32le"]));
        yield return ("AAC 128k", new(".m4a", ["-c:a", "aac", "-b:a", "128k"]));
        yield return ("AAC 64k", new(".m4a", ["-c:a", "aac", "-b:a", "64k"]));
        yield return ("MP3 64k", new(".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]));
        yield return ("Opus 32k", new(".opus", ["-c:a", "libopus", "-b:a", "32k"]));
        yield return ("resample to 16 kHz mono", new(".wav", ["-ar", "16000", "-ac", "1"]));
        yield return ("volume -6 dB", new(".wav", ["-af", "volume=-6dB", "-c:a", "pcm_f32le"]));
        yield return ("volume +6 dB", new(".wav", ["-af", "volume=6dB", "-c:a", "pcm_f32le"]));
        yield return ("white noise at 20 dB SNR", new(".wav", ["-filter_complex",
            $"[0:a]aresample=48000,pan=mono|c0=0.5*c0+0.5*c1[x];anoisesrc=color=white:amplitude={amplitude}:sample_rate=48000:duration=30:seed=7[n];[x][n]amix=inputs=2:duration=first:normalize=0",
            "-c:a", "pcm_f32le"]));
        yield return ("excerpt 5 s from the middle", new(".wav", ["-ss", "2.5", "-t", "5"]));
        yield return ("excerpt 2 s from the middle", new(".wav", ["-ss", "4", "-t", "2"]));
        yield return ("speed 1.1x (atempo)", new(".wav", ["-af", "atempo=1.1"]));
    }
}
