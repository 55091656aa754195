using Microsoft.Extensions.Hosting;
using Protect.Infrastructure;
using Protect.Workers;

// A process that only runs jobs: `./protect worker --queues image,video`. Many of these, on many machines,
// share one PostgreSQL (jobs + data) and one Azure blob container in production.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddProtectSources(args);
builder.AddProtectInfrastructure();
builder.AddProtectWorkers(runServer: true);
await builder.Build().RunAsync();
