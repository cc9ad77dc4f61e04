namespace AfterSalesDesk.Data.Identity;

/// <summary>The roles of the platform, defined once. Role names are stored by these exact strings.</summary>
public static class Roles
{
    public const string Agent = nameof(Agent);
    public const string Supervisor = nameof(Supervisor);
    public const string Merchant = nameof(Merchant);
    public const string Manager = nameof(Manager);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Merchant, Manager, Admin];

    /// <summary>
    /// A buyer, acting through a storefront's API client (issue 18). Never a user's role and not in <see cref="All"/>: no
    /// page admits it and every platform-wide read refuses it; the case rules name what a buyer may do on their own cases.
    /// </summary>
    public const string Buyer = nameof(Buyer);

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
