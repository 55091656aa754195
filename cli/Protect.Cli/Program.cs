using Protect.Cli;
using Protect.Domain.Errors;
using Protect.Domain.Keys;

// `./protect <verb> ...`: the same domain code as the service, for automation. Stdout carries only results
// (JSON for the image verbs); errors are one line on stderr with exit code 2.
try
{
    return await Commands.RunAsync(args);
}
catch (Exception e) when (e is UsageException or DomainException or InvalidKeyException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"protect: {OneLine(e)}");
    return 2;
}

static string OneLine(Exception e) => e is DomainException d
    ? $"{d.Title}: {d.Message}".ReplaceLineEndings(" ")
    : e.Message.ReplaceLineEndings(" ");
