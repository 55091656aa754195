using Microsoft.Extensions.Options;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;
using Protect.Web;
using Protect.Workers;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();
builder.Configuration.AddProtectSources(args);
var embedded = builder.Configuration.GetValue($"{ProtectDataOptions.SectionName}:Embedded", true);

builder.AddProtectInfrastructure();
builder.AddProtectWorkers(runServer: embedded);
builder.AddProtectWeb();

var app = builder.Build();
if (app.Services.GetRequiredService<IOptions<ProtectDataOptions>>().Value.Embedded)
    // Embedded mode owns its SQLite file: create or upgrade it before serving. Production runs `./protect migrate`.
    await ProtectDatabase.MigrateAsync(app.Services);
// The service key is created on first start (not on the first job), so a backup taken right after install has it.
_ = app.Services.GetRequiredService<ServiceKeyFile>().Key;

app.MapProtectWeb();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
