using System.Globalization;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Tests.Localization;

/// <summary>Identity's rule messages follow the request's language.</summary>
public class IdentityErrorTests
{
    [Theory]
    [InlineData("en", "Passwords must be at least 10 characters.", "Incorrect password.")]
    [InlineData("zh-CN", "密码至少需要 10 个字符。", "密码不正确。")]
    public void Describer_SpeaksTheRequestLanguage(string culture, string tooShort, string mismatch)
    {
        using var provider = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            IdentityErrorDescriber describer = new LocalizedIdentityErrors(provider.GetRequiredService<IStringLocalizer<SharedResource>>());

            Assert.Equal(tooShort, describer.PasswordTooShort(10).Description);
            Assert.Equal(mismatch, describer.PasswordMismatch().Description);
            Assert.Equal("PasswordTooShort", describer.PasswordTooShort(10).Code);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
