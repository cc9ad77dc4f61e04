using AfterSalesDesk.Tests.TestSupport;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>
/// One demo app per test class: starting one is the slow part, and the knowledge tests create their
/// own uniquely named macros and articles, so they do not disturb each other.
/// </summary>
public sealed class KnowledgeApp : IDisposable
{
    public AppFactory App { get; } = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "200" });

    public void Dispose() => App.Dispose();
}
