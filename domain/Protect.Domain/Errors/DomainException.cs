namespace Protect.Domain.Errors;

/// <summary>
/// A failure the caller can act on. The title is short and stable (it becomes ProblemDetails.title over HTTP and
/// the one stderr line in the CLI); the message says what exactly was wrong with this input.
/// </summary>
public abstract class DomainException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>The file is unreadable, unsupported or outside the limits on pixels, frames, duration. Nothing is stored.</summary>
public sealed class InvalidMediaException(string detail) : DomainException("Unreadable or unsupported file", detail);

/// <summary>The upload exceeds the configured byte limit.</summary>
public sealed class MediaTooLargeException(long limitBytes)
    : DomainException("File too large", $"The file is larger than the limit of {limitBytes:N0} bytes.")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The resource does not exist, or belongs to someone else (the two are indistinguishable on purpose).</summary>
public sealed class ResourceNotFoundException(string resource, string id)
    : DomainException("Not found", $"No {resource} with id '{id}' exists for this account.");

/// <summary>A request that cannot be carried out as asked (a duplicate account, a bad argument).</summary>
public sealed class InvalidRequestException(string title, string detail) : DomainException(title, detail);
