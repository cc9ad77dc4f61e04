using System.Diagnostics;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>The embedded gateway against a real SQLite file, read back both through the gateway and with plain SQL.</summary>
public sealed class SimulatedPaymentGatewayTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory data = new();
    private readonly FakeTimeProvider clock = new(Now);

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Refund_WithTheSameKeyTwice_PaysOnceAndAnswersWithTheFirstReceipt()
    {
        var gateway = Gateway();

        var first = await gateway.RefundAsync("case-7/refund-1", "SO-1001", 12_50, "CNY");
        clock.Advance(TimeSpan.FromDays(2));
        var second = await gateway.RefundAsync("case-7/refund-1", "SO-1001", 12_50, "CNY");

        Assert.Equal(first, second);
        Assert.Matches("^SIM-20260314-[0-9A-F]{8}$", first.GatewayReference);
        Assert.Equal(new GatewayReceipt("case-7/refund-1", first.GatewayReference, 12_50, "CNY", Now), first);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM GatewayRefunds"));
        Assert.Equal(first.GatewayReference, await ScalarAsync("SELECT GatewayReference FROM GatewayRefunds WHERE IdempotencyKey = 'case-7/refund-1' AND OrderNo = 'SO-1001'"));
        Assert.Equal(first, await Gateway().FindAsync("case-7/refund-1"));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Refund_WithDifferentKeys_PaysEachKey()
    {
        var gateway = Gateway();

        var first = await gateway.RefundAsync("key-1", "SO-1001", 500, "CNY");
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await gateway.RefundAsync("key-2", "SO-1001", 500, "CNY");
        var other = await gateway.RefundAsync("key-3", "SO-2002", 700, "usd");

        Assert.NotEqual(first.GatewayReference, second.GatewayReference);
        Assert.Equal("USD", other.Currency);
        Assert.Equal(3L, await gateway.CountAsync());
        Assert.Equal(3L, await ScalarAsync("SELECT COUNT(DISTINCT GatewayReference) FROM GatewayRefunds"));
        Assert.Equal([first, second], await gateway.ListAsync("SO-1001"));
        Assert.Equal(3, (await gateway.ListAsync()).Count);
        Assert.Null(await gateway.FindAsync("key-4"));
    }

    [Fact]
    public async Task Refund_From200ParallelCallsOnTwoInstancesSharingTheFile_PaysEachOfTwentyKeysOnce()
    {
        // Two instances on one file stand for two app instances; SQLite is all they share. Each call gets its own
        // thread, released at once: SQLite answers synchronously, so on a thread pool of two they would mostly queue.
        SimulatedPaymentGateway[] instances = [Gateway(), Gateway()];
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 200).Select(i => Task.Factory.StartNew(
            async () =>
            {
                start.Wait();
                var key = $"key-{i % 20}";
                var receipt = await instances[i / 20 % 2].RefundAsync(key, $"SO-{i % 20}", 100 + i % 20, "CNY");
                return (Key: key, Receipt: receipt);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToList();

        start.Set();
        var answers = await Task.WhenAll(calls);

        Assert.Equal(20L, await ScalarAsync("SELECT COUNT(*) FROM GatewayRefunds"));
        var stored = (await instances[0].ListAsync()).ToDictionary(r => r.IdempotencyKey);
        Assert.All(answers.GroupBy(a => a.Key), perKey =>
        {
            Assert.Equal(10, perKey.Count());
            Assert.All(perKey, answer => Assert.Equal(stored[perKey.Key], answer.Receipt));
        });
    }

    [Fact]
    public async Task Refund_WhenKeyIsReusedForAnotherAmountCurrencyOrOrder_IsRejectedAndWritesNothing()
    {
        var gateway = Gateway();
        var paid = await gateway.RefundAsync("key-1", "SO-1001", 1_000, "CNY");

        var amount = await Assert.ThrowsAsync<GatewayRejectedException>(() => gateway.RefundAsync("key-1", "SO-1001", 1_500, "CNY"));
        var currency = await Assert.ThrowsAsync<GatewayRejectedException>(() => gateway.RefundAsync("key-1", "SO-1001", 1_000, "USD"));
        var order = await Assert.ThrowsAsync<GatewayRejectedException>(() => gateway.RefundAsync("key-1", "SO-9999", 1_000, "CNY"));

        Assert.Contains("key reused with a different amount", amount.Message);
        Assert.Contains("key reused with a different amount", currency.Message);
        Assert.Contains("key reused for a different order", order.Message);
        Assert.Equal([paid], await gateway.ListAsync());
        Assert.Equal("key-1|SO-1001|1000|CNY", await ScalarAsync("SELECT IdempotencyKey || '|' || OrderNo || '|' || AmountMinor || '|' || Currency FROM GatewayRefunds"));
    }

    [Fact]
    public async Task Refund_WhenGatewayIsUnavailable_ThrowsTransientAndWritesNothing()
    {
        var gateway = Gateway(new SimulatedGatewayOptions { FailureRate = 1 });

        var error = await Assert.ThrowsAsync<GatewayTransientException>(() => gateway.RefundAsync("key-1", "SO-1001", 1_000, "CNY"));

        Assert.Equal("gateway unavailable", error.Message);
        Assert.Equal(0L, await gateway.CountAsync());
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM GatewayRefunds"));
    }

    [Fact]
    public async Task Refund_WhenTheAnswerIsLost_HasPaidAndARetryWithTheSameKeyGetsThatReceipt()
    {
        var losing = Gateway(new SimulatedGatewayOptions { TimeoutAfterSuccessRate = 1 });

        await Assert.ThrowsAsync<TimeoutException>(() => losing.RefundAsync("key-1", "SO-1001", 1_000, "CNY"));

        var recorded = await ScalarAsync("SELECT GatewayReference FROM GatewayRefunds WHERE IdempotencyKey = 'key-1'");
        Assert.IsType<string>(recorded);
        clock.Advance(TimeSpan.FromMinutes(5));
        var retry = await Gateway().RefundAsync("key-1", "SO-1001", 1_000, "CNY");
        Assert.Equal(recorded, retry.GatewayReference);
        Assert.Equal(Now, retry.PaidAt);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM GatewayRefunds"));
    }

    [Theory]
    [InlineData("", 1_000, "CNY")]
    [InlineData("   ", 1_000, "CNY")]
    [InlineData("key-1", 0, "CNY")]
    [InlineData("key-1", -100, "CNY")]
    [InlineData("key-1", 1_000, "CN")]
    [InlineData("key-1", 1_000, "CNYY")]
    [InlineData("key-1", 1_000, "C1Y")]
    [InlineData("key-1", 1_000, "")]
    public async Task Refund_WithInvalidInput_IsRejectedAndWritesNothing(string key, long amountMinor, string currency)
    {
        var gateway = Gateway();

        await Assert.ThrowsAsync<GatewayRejectedException>(() => gateway.RefundAsync(key, "SO-1001", amountMinor, currency));

        Assert.Equal(0L, await gateway.CountAsync());
    }

    [Fact]
    public async Task Refund_WithADelay_AnswersNoSooner()
    {
        var gateway = Gateway(new SimulatedGatewayOptions { DelayMilliseconds = 300 });

        var watch = Stopwatch.StartNew();
        await gateway.RefundAsync("key-1", "SO-1001", 1_000, "CNY");

        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Refund_WithTheSameSeed_FailsOnTheSameCalls()
    {
        async Task<string> OutcomesAsync(string run, SimulatedGatewayOptions options)
        {
            var gateway = Gateway(options);
            var outcomes = "";
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await gateway.RefundAsync($"{run}-{i}", "SO-1001", 100, "CNY");
                    outcomes += "p";
                }
                catch (GatewayTransientException)
                {
                    outcomes += "u";
                }
                catch (TimeoutException)
                {
                    outcomes += "t";
                }
            }

            return outcomes;
        }

        var options = new SimulatedGatewayOptions { FailureRate = 0.4, TimeoutAfterSuccessRate = 0.4, Seed = 42 };
        var first = await OutcomesAsync("first", options);
        var second = await OutcomesAsync("second", options);

        Assert.Equal(first, second);
        Assert.Contains('p', first);
        Assert.Contains('u', first);
        Assert.Contains('t', first);
    }

    [Fact]
    public async Task Refund_WithADatabasePathOverride_KeepsItsLedgerInThatFile()
    {
        var gateway = Gateway(new SimulatedGatewayOptions { DatabasePath = "ledgers/other.db" });

        await gateway.RefundAsync("key-1", "SO-1001", 1_000, "CNY");

        Assert.Equal(Path.Combine(data.Path, "ledgers", "other.db"), gateway.DatabasePath);
        Assert.True(File.Exists(gateway.DatabasePath));
        Assert.False(File.Exists(Path.Combine(data.Path, "gateway.db")));
        Assert.Equal(1L, await gateway.CountAsync());
    }

    [Fact]
    public void Options_WithARateOutside0To1OrAnOverlongDelay_AreRefusedWithTheReason()
    {
        var problems = new SimulatedGatewayOptionsValidation().Validate(null, new SimulatedGatewayOptions
        {
            FailureRate = 1.5,
            TimeoutAfterSuccessRate = double.NaN,
            DelayMilliseconds = 60_001,
        });

        Assert.True(problems.Failed);
        Assert.Contains(problems.Failures!, p => p.Contains("Gateway:FailureRate must be a probability between 0 and 1 (is 1.5)"));
        Assert.Contains(problems.Failures!, p => p.Contains("Gateway:TimeoutAfterSuccessRate"));
        Assert.Contains(problems.Failures!, p => p.Contains("Gateway:DelayMilliseconds must be between 0 and 60000"));
        Assert.True(new SimulatedGatewayOptionsValidation().Validate(null, new SimulatedGatewayOptions { FailureRate = 1, TimeoutAfterSuccessRate = 0 }).Succeeded);
    }

    [Fact]
    public void Registration_WithARateOf1Point5_RefusesTheOptions()
    {
        using var services = Services(new() { ["Gateway:FailureRate"] = "1.5" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatedGatewayOptions>>().Value);

        Assert.Contains("FailureRate must be a probability between 0 and 1", error.Message);
    }

    [Fact]
    public async Task Registration_ResolvesThePaymentGatewayToOneSimulatedGatewayInTheDataDirectory()
    {
        using var services = Services(new() { ["Gateway:FailureRate"] = "0" });

        var gateway = services.GetRequiredService<IPaymentGateway>();
        await gateway.RefundAsync("key-1", "SO-1001", 1_000, "CNY");

        Assert.Same(services.GetRequiredService<SimulatedPaymentGateway>(), gateway);
        Assert.Same(gateway, services.GetRequiredService<IPaymentGateway>());
        Assert.Equal(Path.Combine(data.Path, "gateway.db"), services.GetRequiredService<SimulatedPaymentGateway>().DatabasePath);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM GatewayRefunds"));
    }

    private SimulatedPaymentGateway Gateway(SimulatedGatewayOptions? options = null) =>
        new(Options.Create(options ?? new SimulatedGatewayOptions()), Paths(), clock);

    private AppPaths Paths() =>
        new(Options.Create(new StorageOptions { DataDirectory = data.Path }), new HostingEnvironment { ContentRootPath = data.Path });

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = data.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = data.Path });
        services.AddAfterSalesWeb(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Reads the gateway's file directly, at the path the gateway should be using by default.</summary>
    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "gateway.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
