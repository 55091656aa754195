namespace Protect.Cli;

internal static class Commands
{
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "--admin", "--help", "-h", "--quick", "--no-speed", "--audio-only" };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(Help.Text);
            return 0;
        }
        var parsed = CliArgs.Parse(args.Skip(1), Switches);
        return args[0] switch
        {
            "image" => await ImageCommands.RunAsync(parsed),
            "splat" => await SplatCommands.RunAsync(parsed),
            "video" => await MediaCommands.VideoAsync(parsed),
            "audio" => await MediaCommands.AudioAsync(parsed),
            "bench" => await Bench.BenchCommands.RunAsync(parsed),
            "migrate" => await AdminCommands.MigrateAsync(parsed),
            "users" => await AdminCommands.UsersAsync(parsed),
            "apikeys" => await AdminCommands.ApiKeysAsync(parsed),
            _ => throw new UsageException($"Unknown verb '{args[0]}'. See ./protect --help."),
        };
    }
}

internal static class Help
{
    public const string Text = """
        Usage: ./protect <verb> [options]

          serve [--urls URL] [--data DIR]      portal + REST API + in-process workers (embedded SQLite)
          test                                 build and run every test suite
          worker [--queues image,video] [--data DIR]
                                               a process that only runs jobs
          migrate [--data DIR]                 create or upgrade the database
          users add EMAIL --password P [--admin] [--data DIR]
                                               create an account
          apikeys create EMAIL [--name NAME] [--data DIR]
                                               issue an API key (printed once)
          image embed --in IN --out OUT --payload HEX16 [--key-file F] [--data DIR]
                                               -> {"payload","psnr","ssim"}
          image detect --in IN [--key-file F] [--data DIR]
                                               -> {"detected","payload","confidence","falseMatchProbability","bitErrors","geometry"}
          splat embed --in IN --out OUT --payload HEX16 [--key-file F] [--views N] [--message TEXT] [--image IMG]
                                               -> {"payload","psnr","ssim","gaussians","carriers","message","image"}
          splat detect --in IN [--original ORIG] [--key-file F] [--image-out OUT.png]
                                               -> {"detected","payload","confidence","falseMatchProbability","alignmentApplied","message","image"}
          splat render --in IN --out OUT.png [--width 800] [--height 600] [--view 0..7]
          splat convert --in IN --out OUT(.ply|.compressed.ply|.splat|.spz)
          bench splat [--out docs/benchmarks/splat.md] [--scenes DIR]
                                               attacks, fidelity and speed on the shared splat scenes
          video embed --in IN --out OUT --payload HEX16 [--preset P] [--key-file F] [--data DIR]
                                               -> {"payload","frames","psnrY","audioSnr"}  (H.264 CRF 18 + AAC 192k)
          video detect --in IN [--key-file F] [--data DIR]
                                               -> {"detected","payload","confidence","falseMatchProbability","frames","audio","agree"}
          audio embed --in IN --out OUT --payload HEX16 [--key-file F] [--data DIR]
                                               -> {"payload","snr"}
          audio detect --in IN [--key-file F] [--data DIR]
                                               -> {"detected","payload","confidence","falseMatchProbability","syncAgreement","audibleSeconds"}
          bench video [--clips N] [--preset P] [--out FILE]
                                               -> docs/benchmarks/video-audio.md (ID recovery, quality, speed)
          bench image [--images DIR] [--out FILE] [--seeds N] [--quick] [--attacks a,b] [--max-images N] [--false-trials N] [--no-speed]
                                               production grid engine vs experimental tiled engine vs DWT-DCT:
                                               attacks, PSNR/SSIM, false matches, speed (docs/benchmarks/image-watermark.md)

        A key file holds 64 hex characters (256 bits). Without --key-file the service key in DATA/keys is used.
        Exit codes: 0 success (also when nothing is detected), 2 bad input (one line on stderr), 1 internal error.

        """;
}
