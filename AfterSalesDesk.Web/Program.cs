using AfterSalesDesk.Web;
using AfterSalesDesk.Web.Infrastructure;

// Commands that need no web host (the Excel benchmark's driver and its writer runs) start here, so
// that what they measure is theirs alone.
if (CommandLine.IsHostless(args))
{
    return await CommandLine.RunHostlessAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAfterSalesWeb(builder.Configuration);
if (CommandLine.IsCommand(args))
{
    // A command's output is its answer (create-api-client prints a secret for a script to capture); logs go to stderr.
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app.Services, args);
}

// Schema migrations, roles and (in demo mode) demo data, before the first request is served.
await app.Services.InitializeDatabaseAsync();

app.UseAfterSalesWeb();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
