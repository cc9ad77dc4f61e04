using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AfterSalesDesk.Tests.TestSupport;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// The API's OpenAPI document, as the app serves it, checked by a validator no one here wrote
/// (@seriousme/openapi-schema-validator, installed by test.sh into tools/openapi-check), and shown to fail on a broken one.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly AppFactory app = new();
    private readonly TempDirectory folder = new();

    public void Dispose()
    {
        app.Dispose();
        folder.Dispose();
    }

    private static string CheckFolder => Path.Combine(RepositoryPaths.Root, "tools", "openapi-check");

    [Fact]
    public async Task TheServedDocument_IsValidOpenApi_WithEveryEndpointsHeadersAndProblems()
    {
        using var http = app.ApiHttpClient(null);
        var text = await http.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(folder.Path, "openapi.json");
        await File.WriteAllTextAsync(file, text);

        var (exit, output) = await ValidateAsync(file);

        Assert.True(exit == 0, output);
        Assert.Contains("valid OpenAPI 3.1", output, StringComparison.Ordinal);
        var document = JsonNode.Parse(text)!;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
                Assert.True(method != "post" || parameters.Contains("Idempotency-Key"), $"{method} {path} lacks Idempotency-Key");
                Assert.True(method != "put" || parameters.Contains("If-Match"), $"{method} {path} lacks If-Match");
                Assert.True(operation["responses"]!.AsObject().ContainsKey("401"), $"{method} {path} does not document 401");
                Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            }
        }
    }

    [Fact]
    public async Task TheValidator_RefusesABrokenDocument()
    {
        using var http = app.ApiHttpClient(null);
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject();
        document.Remove("info");
        document["paths"]!.AsObject().First().Value!.AsObject()["get"] = JsonNode.Parse("""{"responses": "none"}""");
        var file = Path.Combine(folder.Path, "broken.json");
        await File.WriteAllTextAsync(file, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var (exit, output) = await ValidateAsync(file);

        Assert.Equal(1, exit);
        Assert.Contains("info", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> ValidateAsync(string file)
    {
        Assert.True(Directory.Exists(Path.Combine(CheckFolder, "node_modules", "@seriousme")),
            $"The OpenAPI validator is not installed: run `npm ci --prefix {CheckFolder}` (test.sh does).");
        var start = new ProcessStartInfo("node", ["check.mjs", file])
        {
            WorkingDirectory = CheckFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
