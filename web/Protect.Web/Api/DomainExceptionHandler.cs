using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Protect.Domain.Errors;

namespace Protect.Web.Api;

/// <summary>The one place that turns failures into RFC 9457 problems with a clear title.</summary>
internal sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            MediaTooLargeException e => (StatusCodes.Status413PayloadTooLarge, e.Title, e.Message),
            ResourceNotFoundException e => (StatusCodes.Status404NotFound, e.Title, e.Message),
            DomainException e => (StatusCodes.Status400BadRequest, e.Title, e.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "File too large", "The request body is larger than the upload limit."),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            // The form reader reports its body limit (the upload limit plus room for multipart framing) this way.
            InvalidDataException e when e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal) =>
                (StatusCodes.Status413PayloadTooLarge, "File too large", "The file is larger than the upload limit."),
            InvalidDataException e => (StatusCodes.Status400BadRequest, "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on our side; the request was not completed."),
        };
        if (status >= 500) LogUnhandled(exception);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(LogLevel.Error, "Unhandled error")]
    private partial void LogUnhandled(Exception exception);
}
