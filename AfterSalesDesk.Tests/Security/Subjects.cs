namespace AfterSalesDesk.Tests.Security;

/// <summary>Who requests a route in the matrix: nobody, one demo user per role, and merchant1 with merchant2's ids.</summary>
public enum Subject
{
    Anonymous,
    Agent,
    Supervisor,
    Manager,
    Admin,

    /// <summary>merchant1, with merchant1's own ids.</summary>
    Merchant,

    /// <summary>merchant1 (its own session), with merchant2's ids in the route.</summary>
    MerchantWithOthersIds,
}

public static class Subjects
{
    public static readonly IReadOnlyList<Subject> All = Enum.GetValues<Subject>();

    public static string? Email(this Subject subject) => subject switch
    {
        Subject.Anonymous => null,
        Subject.Agent => "agent1@demo.local",
        Subject.Supervisor => "supervisor1@demo.local",
        Subject.Manager => "manager@demo.local",
        Subject.Admin => "admin@demo.local",
        Subject.Merchant or Subject.MerchantWithOthersIds => "merchant1@demo.local",
        _ => throw new ArgumentOutOfRangeException(nameof(subject)),
    };
}
