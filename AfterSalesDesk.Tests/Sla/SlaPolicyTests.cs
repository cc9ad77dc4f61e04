using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Queues;

namespace AfterSalesDesk.Tests.Sla;

/// <summary>Deadline configuration: defaults, overrides per kind and priority, and refusal of outcomes that cannot work.</summary>
public class SlaPolicyTests
{
    [Fact]
    public void Defaults_AreWeChatShops()
    {
        var sla = SlaPolicy.Default;

        Assert.Equal(TimeSpan.FromHours(48), sla.Duration(DeadlineKind.MerchantResponse, CaseKind.Exchange, CasePriority.Low));
        Assert.Equal(TimeSpan.FromDays(7), sla.Duration(DeadlineKind.BuyerReturnShipment, CaseKind.ReturnAndRefund, CasePriority.Normal));
        Assert.Equal(TimeSpan.FromDays(10), sla.Duration(DeadlineKind.MerchantReceipt, CaseKind.ReturnAndRefund, CasePriority.Urgent));
        Assert.Equal([CaseAction.MerchantAgree, CaseAction.RequestRefund], sla.Outcome(DeadlineKind.MerchantResponse, CaseKind.RefundOnly, CasePriority.Normal));
        Assert.Equal([CaseAction.MerchantAgree, CaseAction.RequestReturn], sla.Outcome(DeadlineKind.MerchantResponse, CaseKind.Repair, CasePriority.Normal));
        Assert.Empty(sla.Outcome(DeadlineKind.Resolution, CaseKind.Repair, CasePriority.Normal));
        Assert.Empty(sla.Validate());
    }

    [Fact]
    public void Rules_MostSpecificWins_AndUnsetFieldsFallThrough()
    {
        var sla = new SlaPolicy
        {
            Rules =
            [
                new SlaRule { Deadline = DeadlineKind.MerchantResponse, Hours = 24 },
                new SlaRule { Deadline = DeadlineKind.MerchantResponse, Kind = CaseKind.Repair, Hours = 72 },
                new SlaRule { Deadline = DeadlineKind.MerchantResponse, Kind = CaseKind.Repair, Priority = CasePriority.Urgent, Hours = 12 },
            ],
        };

        Assert.Equal(TimeSpan.FromHours(24), sla.Duration(DeadlineKind.MerchantResponse, CaseKind.RefundOnly, CasePriority.Normal));
        Assert.Equal(TimeSpan.FromHours(72), sla.Duration(DeadlineKind.MerchantResponse, CaseKind.Repair, CasePriority.Normal));
        Assert.Equal(TimeSpan.FromHours(12), sla.Duration(DeadlineKind.MerchantResponse, CaseKind.Repair, CasePriority.Urgent));
        Assert.Equal([CaseAction.MerchantAgree, CaseAction.RequestReturn], sla.Outcome(DeadlineKind.MerchantResponse, CaseKind.Repair, CasePriority.Urgent));
    }

    [Fact]
    public void AnOutcomeThatCannotBeApplied_IsRefused_WithTheReason()
    {
        var sla = new SlaPolicy
        {
            AtRiskFraction = 1.5,
            Rules =
            [
                new SlaRule { Deadline = DeadlineKind.BuyerReturnShipment, Outcome = [CaseAction.MerchantAgree] },
                new SlaRule { Deadline = DeadlineKind.Resolution, Outcome = [CaseAction.Close] },
                new SlaRule { Deadline = DeadlineKind.MerchantReceipt, Hours = -1 },
            ],
        };

        var problems = new AfterSalesDesk.Web.Infrastructure.OptionsProblems<SlaPolicy>(p => p.Validate()).Validate(null, sla);

        Assert.True(problems.Failed);
        Assert.Contains(problems.Failures!, p => p.Contains("cannot do MerchantAgree from AwaitingReturnShipment"));
        Assert.Contains(problems.Failures!, p => p.Contains("Resolution is a service target"));
        Assert.Contains(problems.Failures!, p => p.Contains("hours must be above 0"));
        Assert.Contains(problems.Failures!, p => p.Contains("AtRiskFraction"));
    }
}
