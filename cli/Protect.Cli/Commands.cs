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
            "hash" => await HashCommands.RunAsync(parsed),
            "bench" => await Bench.BenchCommands.RunAsync(parsed),
            "attribute" => await AttributionCommands.RunAsync(parsed),
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
                                               -> {"payload","psnr","ssim"}  (copyright mark + integrity layer)
          image detect --in IN [--key-file F] [--data DIR]
                                               -> {"detected","payload","confidence","falseMatchProbability","bitErrors","geometry"}
          image verify --in IN [--key-file F] [--mask-out MASK.png] [--data DIR]
                                               -> {"detected","payload",...,"tamper":{"verdict","evidence","regions","clues","explanation"}}
                                               (--mask-out: grayscale PNG of the suspect's size, white = tampered)
          hash --in IN                         -> {"hash","quality"}  PDQ-style 256-bit perceptual hash (64 hex) and
                                               its 0-100 quality; near-duplicates are within Hamming distance 31
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
          bench hash [--out FILE]              near-duplicate hash: match rates after attacks, false matches,
                                               catalog search time over 1 M hashes (docs/benchmarks/hash.md)
          bench video [--clips N] [--preset P] [--out FILE]
                                               -> docs/benchmarks/video-audio.md (ID recovery, quality, speed)
          bench forensics [--out FILE] [--quick] [--max-images N]
                                               tamper localization on self-made edits -> docs/benchmarks/forensics.md
          attribute train --samples DIR --out MODEL [--model IN] [--steps N]
                                               DIR holds one subfolder of >= 2 images per generator; with --model,
                                               an incremental update of IN -> {"model","classes","trained","incremental"}
          attribute predict --in IMG --model MODEL
                                               -> {"generator","unknown","unknownScore","probabilities":[{"generator","probability"}]}
          bench attribution [--out FILE] [--quick]
                                               generator zoo, accuracy, incremental update, unknown AUROC, speed
                                               (docs/benchmarks/attribution.md)
          bench image [--images DIR] [--out FILE] [--seeds N] [--quick] [--attacks a,b] [--max-images N] [--false-trials N] [--no-speed]
                                               production grid engine vs experimental tiled engine vs DWT-DCT:
                                               attacks, PSNR/SSIM, false matches, speed (docs/benchmarks/image-watermark.md)

        A key file holds 64 hex characters (256 bits). Without --key-file the service key in DATA/keys is used.
        Exit codes: 0 success (also when nothing is detected), 2 bad input (one line on stderr), 1 internal error.

        """;
}
