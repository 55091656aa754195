namespace Protect.Web.Auth;

public static class ApiPolicies
{
    /// <summary>Writes through the REST API need an API key: a browser cookie alone cannot upload (no CSRF surface).</summary>
    public const string ApiKey = "api-key";

    /// <summary>The default scheme picks the API key when the header is present, the portal cookie otherwise.</summary>
    public const string SmartScheme = "api-key-or-cookie";
}
