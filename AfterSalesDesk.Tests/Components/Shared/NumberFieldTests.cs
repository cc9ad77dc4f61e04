using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>
/// The app's one numeric input: a number out of range or not a number gets a message and is not passed on; the field
/// is never rewritten to something else (clamped, rounded, emptied).
/// </summary>
public sealed class NumberFieldTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private readonly List<decimal?> reported = [];
    private bool? valid;

    [Theory]
    [InlineData("1000", "Enter a number from 0 to 5.")]
    [InlineData("6", "Enter a number from 0 to 5.")]
    [InlineData("-1", "Enter a number from 0 to 5.")]
    [InlineData("1000000000000000000000", "Enter a number from 0 to 5.")]
    [InlineData("ten", "Enter a whole number, such as 2.")]
    [InlineData("1e12", "Enter a whole number, such as 2.")]
    [InlineData("2.5", "Enter a whole number, such as 2.")]
    [InlineData("1,000", "Enter a whole number, such as 2.")]
    public void AFieldLeftWithARefusedNumber_SaysWhy_KeepsTheText_AndPassesNothingOn(string typed, string message)
    {
        var field = RenderQuantity(value: 1);

        field.Find("input[data-testid=qty]").Change(typed);

        Assert.Equal(message, field.Find("[data-testid=qty-error]").TextContent.Trim());
        Assert.Equal("alert", field.Find("[data-testid=qty-error]").GetAttribute("role"));
        Assert.Equal(typed, field.Find("input[data-testid=qty]").GetAttribute("value"));
        Assert.Empty(reported);
        Assert.False(valid);
    }

    [Fact]
    public void AKeystroke_IsReadAsTyped_WithoutWritingAnythingBackIntoTheField()
    {
        var field = RenderQuantity(value: 1);

        field.Find("input[data-testid=qty]").Input("1000");

        Assert.Equal("Enter a number from 0 to 5.", field.Find("[data-testid=qty-error]").TextContent.Trim());
        // The field's own text is untouched: the browser keeps showing what was typed.
        Assert.Equal("1", field.Find("input[data-testid=qty]").GetAttribute("value"));
        Assert.Empty(reported);
        Assert.False(valid);

        field.Find("input[data-testid=qty]").Input("3");

        Assert.Empty(field.FindAll("[data-testid=qty-error]"));
        Assert.Equal("1", field.Find("input[data-testid=qty]").GetAttribute("value"));
        Assert.Equal([3m], reported);
        Assert.True(valid);
    }

    [Fact]
    public void AValidValue_IsPassedOn_AndClearsTheMessage()
    {
        var field = RenderQuantity(value: 1);
        field.Find("input[data-testid=qty]").Change("-1");
        Assert.Single(field.FindAll("[data-testid=qty-error]"));
        Assert.NotEmpty(field.FindAll(".mud-input-error"));

        field.Find("input[data-testid=qty]").Change("5");

        Assert.Empty(field.FindAll("[data-testid=qty-error]"));
        Assert.Equal("5", field.Find("input[data-testid=qty]").GetAttribute("value"));
        Assert.Equal([5m], reported);
        Assert.True(valid);
        Assert.Empty(field.FindAll(".mud-input-error"));
    }

    [Fact]
    public void Money_TakesTwoDecimals_AndSaysSoForAThird()
    {
        var field = Render<NumberField>(p => p
            .Add(f => f.Max, 999.99m).Add(f => f.Decimals, 2).Add(f => f.TestId, "price")
            .Add(f => f.ValueChanged, v => reported.Add(v)));

        field.Find("input[data-testid=price]").Change("12.345");
        Assert.Equal("Use at most 2 decimals.", field.Find("[data-testid=price-error]").TextContent.Trim());
        Assert.Empty(reported);

        field.Find("input[data-testid=price]").Change("12.34");
        Assert.Empty(field.FindAll("[data-testid=price-error]"));
        Assert.Equal([12.34m], reported);
        Assert.Equal("decimal", field.Find("input[data-testid=price]").GetAttribute("inputmode"));
    }

    [Fact]
    public void AnEmptyField_IsAMistake_UnlessEmptyIsAllowed()
    {
        var required = RenderQuantity(value: 1);
        required.Find("input[data-testid=qty]").Change("");
        Assert.Equal("Enter a number from 0 to 5.", required.Find("[data-testid=qty-error]").TextContent.Trim());
        Assert.Empty(reported);

        var optional = Render<NumberField>(p => p
            .Add(f => f.Value, 2m).Add(f => f.Max, 5m).Add(f => f.AllowEmpty, true).Add(f => f.TestId, "opt")
            .Add(f => f.ValueChanged, v => reported.Add(v)));
        optional.Find("input[data-testid=opt]").Change("");
        Assert.Empty(optional.FindAll("[data-testid=opt-error]"));
        Assert.Equal([null], reported);
    }

    [Fact]
    public async Task AValueSetFromOutside_ReplacesTheTextAndTheMessage()
    {
        var field = RenderQuantity(value: 1);
        field.Find("input[data-testid=qty]").Change("99");
        Assert.Single(field.FindAll("[data-testid=qty-error]"));
        Assert.False(valid);

        await field.InvokeAsync(() => field.Instance.Reset(4m));

        Assert.Empty(field.FindAll("[data-testid=qty-error]"));
        Assert.Equal("4", field.Find("input[data-testid=qty]").GetAttribute("value"));
        Assert.True(valid);
    }

    [Fact]
    public void TheCallersAttributes_AndTheTestId_GoOnTheInput()
    {
        var field = Render<NumberField>(p => p
            .Add(f => f.Max, 5m).Add(f => f.TestId, "qty").AddUnmatched("aria-label", "Quantity: Kettle"));

        Assert.Equal("Quantity: Kettle", field.Find("input[data-testid=qty]").GetAttribute("aria-label"));
        Assert.Equal("numeric", field.Find("input[data-testid=qty]").GetAttribute("inputmode"));
    }

    /// <summary>A quantity from 0 to 5, bound both ways as a form binds it (@bind-Value, @bind-Valid).</summary>
    private IRenderedComponent<BoundField> RenderQuantity(decimal value) =>
        Render<BoundField>(p => p
            .Add(f => f.Value, value)
            .Add(f => f.Reported, v => reported.Add(v))
            .Add(f => f.ValidReported, ok => valid = ok));

    /// <summary>A form's field: what the number field reports comes back to it as its parameters, as with @bind.</summary>
    private sealed class BoundField : ComponentBase
    {
        private decimal? value;
        private bool valid = true;

        [Parameter]
        public decimal? Value { get; set; }

        [Parameter]
        public Action<decimal?> Reported { get; set; } = _ => { };

        [Parameter]
        public Action<bool> ValidReported { get; set; } = _ => { };

        protected override void OnInitialized() => value = Value;

        /// <summary>The form sets the value itself (a reset, a reload).</summary>
        public void Reset(decimal? to)
        {
            value = to;
            StateHasChanged();
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<NumberField>(0);
            builder.AddComponentParameter(1, nameof(NumberField.Value), value);
            builder.AddComponentParameter(2, nameof(NumberField.ValueChanged), EventCallback.Factory.Create<decimal?>(this, v =>
            {
                value = v;
                Reported(v);
            }));
            builder.AddComponentParameter(3, nameof(NumberField.Valid), valid);
            builder.AddComponentParameter(4, nameof(NumberField.ValidChanged), EventCallback.Factory.Create<bool>(this, ok =>
            {
                valid = ok;
                ValidReported(ok);
            }));
            builder.AddComponentParameter(5, nameof(NumberField.Min), 0m);
            builder.AddComponentParameter(6, nameof(NumberField.Max), 5m);
            builder.AddComponentParameter(7, nameof(NumberField.TestId), "qty");
            builder.CloseComponent();
        }
    }
}
