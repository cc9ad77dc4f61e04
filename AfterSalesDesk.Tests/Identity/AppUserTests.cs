using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;

namespace AfterSalesDesk.Tests.Identity;

public class AppUserTests
{
    [Fact]
    public void ScopeToRole_WhenMerchantWithoutMerchant_Throws()
    {
        var user = new AppUser { Email = "m@test.local" };

        var error = Assert.Throws<DomainException>(() => user.ScopeToRole(Roles.Merchant, null));

        Assert.Equal("A merchant user must belong to a merchant.", error.Message);
        Assert.Null(user.MerchantId);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Admin)]
    public void ScopeToRole_WhenPlatformRoleWithMerchant_Throws(string role)
    {
        var user = new AppUser { Email = "p@test.local" };

        var error = Assert.Throws<DomainException>(() => user.ScopeToRole(role, 7));

        Assert.Contains("Only merchant users belong to a merchant", error.Message);
        Assert.Null(user.MerchantId);
    }

    [Fact]
    public void ScopeToRole_WhenUnknownRole_Throws()
    {
        var user = new AppUser();

        Assert.Throws<DomainException>(() => user.ScopeToRole("Buyer", null));
    }

    [Fact]
    public void ScopeToRole_WhenMerchantUserBecomesAgent_DropsTheMerchant()
    {
        var user = new AppUser();
        user.ScopeToRole(Roles.Merchant, 3);

        user.ScopeToRole(Roles.Agent, null);

        Assert.Null(user.MerchantId);
    }

    [Fact]
    public void Disable_WhenAlreadyDisabled_Throws()
    {
        var user = new AppUser { Email = "x@test.local" };
        user.Disable();

        var error = Assert.Throws<DomainException>(user.Disable);

        Assert.Equal("x@test.local is already disabled.", error.Message);
        Assert.True(user.IsDisabled);
    }

    [Fact]
    public void Enable_WhenNotDisabled_Throws()
    {
        var user = new AppUser { Email = "y@test.local" };

        Assert.Throws<DomainException>(user.Enable);
        Assert.False(user.IsDisabled);
    }
}
