using AfterSalesDesk.Web;
using AfterSalesDesk.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAfterSalesWeb(builder.Configuration);

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
