namespace AfterSalesDesk.Data.Customers;

/// <summary>A buyer on the platform. Buyers do not log in here; agents act on their behalf.</summary>
public class Customer
{
    private Customer()
    {
    }

    public Customer(string code, string name, string phone, string city, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Code = code.Trim();
        Name = name.Trim();
        Phone = phone.Trim();
        City = city.Trim();
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    /// <summary>The buyer's platform account number, e.g. "C0000042".</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string City { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The buyer's details as the order system now gives them; the account number never changes.</summary>
    public void Update(string name, string phone, string city)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        Phone = phone.Trim();
        City = city.Trim();
    }
}
