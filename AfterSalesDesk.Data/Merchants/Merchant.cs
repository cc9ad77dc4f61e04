namespace AfterSalesDesk.Data.Merchants;

/// <summary>A store selling on the platform. Merchant users see only their own store's data.</summary>
public class Merchant
{
    private Merchant()
    {
    }

    public Merchant(string code, string name, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Code = code.Trim();
        Name = name.Trim();
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    /// <summary>Short unique store code, e.g. "M001"; stable across renames.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The store's name as the order system now gives it; the code never changes.</summary>
    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }
}
