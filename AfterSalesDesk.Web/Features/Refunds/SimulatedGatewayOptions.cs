using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// How the embedded gateway misbehaves, so that exactly-once refunds can be tried against slowness, refusals
/// and lost answers. All zero (the default) is a gateway that always answers at once.
/// </summary>
public sealed class SimulatedGatewayOptions
{
    public const string Section = "Gateway";

    public const int MaxDelayMilliseconds = 60_000;

    /// <summary>Latency before every refund answer, whatever the answer is.</summary>
    public int DelayMilliseconds { get; set; }

    /// <summary>Probability (0–1) that a refund call is refused as unavailable before anything is recorded.</summary>
    public double FailureRate { get; set; }

    /// <summary>
    /// Probability (0–1) that a refund is recorded and then the answer is lost (<see cref="TimeoutException"/>):
    /// the caller cannot tell that it was paid and must retry with the same key.
    /// </summary>
    public double TimeoutAfterSuccessRate { get; set; }

    /// <summary>Makes the failure and timeout draws repeatable; null draws from <see cref="Random.Shared"/>.</summary>
    public int? Seed { get; set; }

    /// <summary>Empty means <c>{DataDirectory}/gateway.db</c>; a relative path is resolved against the data directory.</summary>
    public string DatabasePath { get; set; } = "";
}

/// <summary>Refuses to start with rates or a delay the simulation cannot honour.</summary>
public sealed class SimulatedGatewayOptionsValidation : IValidateOptions<SimulatedGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatedGatewayOptions options)
    {
        var problems = new List<string>();
        CheckRate(problems, nameof(options.FailureRate), options.FailureRate);
        CheckRate(problems, nameof(options.TimeoutAfterSuccessRate), options.TimeoutAfterSuccessRate);
        if (options.DelayMilliseconds is < 0 or > SimulatedGatewayOptions.MaxDelayMilliseconds)
        {
            problems.Add($"{SimulatedGatewayOptions.Section}:{nameof(options.DelayMilliseconds)} must be between 0 and "
                + $"{SimulatedGatewayOptions.MaxDelayMilliseconds} (is {options.DelayMilliseconds}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckRate(List<string> problems, string name, double rate)
    {
        // Written so that NaN fails too.
        if (!(rate >= 0 && rate <= 1))
        {
            problems.Add($"{SimulatedGatewayOptions.Section}:{name} must be a probability between 0 and 1 (is {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }
}
