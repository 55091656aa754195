using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Protect.Integration.Tests.Infrastructure;

/// <summary>Small helpers over HttpClient for the REST contract.</summary>
public static class ApiCalls
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string route, byte[] content, string fileName, string contentType = "application/octet-stream", string? message = null)
    {
        using var form = new MultipartFormDataContent();
        if (message is not null) form.Add(new StringContent(message), "message");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync(route, form);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls a resource until its status leaves queued/processing (jobs run on the real Hangfire server).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string route, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var json = await (await client.GetAsync(route)).JsonAsync(HttpStatusCode.OK);
            var status = json.GetProperty("status").GetString();
            if (status is not ("queued" or "processing")) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{route} still '{status}' after {timeout}: {json}");
            await Task.Delay(200);
        }
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(expected);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static Task<T?> GetJsonAsync<T>(this HttpClient client, string route) => client.GetFromJsonAsync<T>(route);
}
