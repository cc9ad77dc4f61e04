using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Refuses options whose own check lists problems (each a readable sentence), so that the app does not
/// start with a configuration that cannot work.
/// </summary>
public sealed class OptionsProblems<TOptions>(Func<TOptions, IReadOnlyList<string>> problemsOf) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = problemsOf(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
