using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Risk;

namespace AfterSalesDesk.Data.Customers;

/// <summary>A buyer on the platform. Buyers do not log in here; agents act on their behalf.</summary>
public class Customer
{
    private Customer()
    {
    }

    public const int AddressMaxLength = 200;

    public Customer(string code, string name, string phone, string city, DateTimeOffset createdAt, string? address = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Code = code.Trim();
        Name = name.Trim();
        CreatedAt = createdAt;
        Update(name, phone, city, address);
    }

    public long Id { get; private set; }

    /// <summary>The buyer's platform account number, e.g. "C0000042".</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string City { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The delivery address the order system last gave, if any.</summary>
    public string? Address { get; private set; }

    /// <summary>
    /// The phone as a key that links buyers (its digits, without China's country code), or null when it cannot link anyone: empty, or masked
    /// ("138****1234"), since two masked phones alike are usually two people.
    /// </summary>
    public string? PhoneKey { get; private set; }

    /// <summary>The address as a key that links buyers: lower case, without spaces and punctuation; null without an address.</summary>
    public string? AddressKey { get; private set; }

    /// <summary>A supervisor's allow or block listing (null: neither), with who, when and why.</summary>
    public BuyerListing? Listing { get; private set; }

    public string? ListingReason { get; private set; }

    public string? ListedBy { get; private set; }

    public DateTimeOffset? ListedAt { get; private set; }

    /// <summary>The buyer's details as the order system now gives them; the account number never changes. A null address keeps the one known.</summary>
    public void Update(string name, string phone, string city, string? address = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        Phone = phone.Trim();
        City = city.Trim();
        PhoneKey = KeyOfPhone(Phone);
        if (address is not null)
        {
            Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
            AddressKey = KeyOfAddress(Address);
        }
    }

    /// <summary>Puts the buyer on the allow or block list, or takes them off (null), with the reason.</summary>
    public void List(BuyerListing? listing, string? reason, string by, DateTimeOffset at)
    {
        if (listing is not null && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Listing a buyer needs its reason.");
        }

        if (reason is { Length: > 500 })
        {
            throw new DomainException("The reason can have at most 500 characters.");
        }

        Listing = listing;
        ListingReason = listing is null ? null : reason!.Trim();
        ListedBy = listing is null ? null : by;
        ListedAt = listing is null ? null : at;
    }

    public static string? KeyOfPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone) || phone.Contains('*'))
        {
            return null;
        }

        // The same number written "+86 139-0000-1111", "0086 13900001111" or "13900001111".
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        digits = digits.StartsWith("0086", StringComparison.Ordinal) ? digits[4..] : digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13 ? digits[2..] : digits;
        return digits.Length >= 7 ? digits : null;
    }

    public static string? KeyOfAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var key = new string(address.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return key.Length >= 4 ? key[..Math.Min(key.Length, AddressMaxLength)] : null;
    }
}
