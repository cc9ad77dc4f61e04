using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// The simulated gateway (its real ledger, once per key) misbehaving exactly as a test scripts it: refuse the
/// next N calls before paying, pay and then lose every answer, fail every lookup. It counts the calls, so a
/// test can tell what the app asked.
/// </summary>
public sealed class ScriptedGateway(SimulatedPaymentGateway ledger) : IPaymentGateway
{
    private readonly object gate = new();
    private int refusalsLeft;
    private bool refusalsFinal;
    private int refundCalls;
    private int findCalls;
    private Func<Task>? whileLookingUp;

    /// <summary>Pays (once per key) and then loses the answer, as a timeout.</summary>
    public volatile bool LoseAnswers;

    /// <summary>Lookups of a key fail as unavailable.</summary>
    public volatile bool LookupsFail;

    /// <summary>
    /// Runs once, inside the next lookup, after the ledger was read and before the answer returns: what others
    /// do while the caller waits for the gateway.
    /// </summary>
    public Func<Task>? WhileLookingUp
    {
        get => Volatile.Read(ref whileLookingUp);
        set => Volatile.Write(ref whileLookingUp, value);
    }

    public SimulatedPaymentGateway Ledger => ledger;

    private HashSet<string> paidBefore = [];

    /// <summary>
    /// Forgets what the app asked before the test began (a demo start pays the demo refunds through the
    /// gateway): the counts start again at zero, and <see cref="PaidAsync"/> leaves those payments out.
    /// </summary>
    public async Task ForgetStartupAsync()
    {
        paidBefore = (await ledger.ListAsync()).Select(r => r.IdempotencyKey).ToHashSet();
        Interlocked.Exchange(ref refundCalls, 0);
        Interlocked.Exchange(ref findCalls, 0);
    }

    /// <summary>The gateway's ledger without the payments made before <see cref="ForgetStartupAsync"/>.</summary>
    public async Task<IReadOnlyList<GatewayReceipt>> PaidAsync() =>
        (await ledger.ListAsync()).Where(r => !paidBefore.Contains(r.IdempotencyKey)).ToList();

    public int RefundCalls => Volatile.Read(ref refundCalls);

    public int FindCalls => Volatile.Read(ref findCalls);

    /// <summary>Registers it as the app's <see cref="IPaymentGateway"/>.</summary>
    public static void Use(IServiceCollection services)
    {
        services.AddSingleton<ScriptedGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<ScriptedGateway>());
    }

    /// <summary>The next <paramref name="times"/> refund calls are refused before anything is paid; final refusals are never retried by the worker.</summary>
    public void Refuse(int times, bool final = false)
    {
        lock (gate)
        {
            (refusalsLeft, refusalsFinal) = (times, final);
        }
    }

    public async Task<GatewayReceipt> RefundAsync(string idempotencyKey, string orderNo, long amountMinor, string currency, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref refundCalls);
        lock (gate)
        {
            if (refusalsLeft > 0)
            {
                refusalsLeft--;
                throw refusalsFinal ? new GatewayRejectedException("account closed (scripted)") : new GatewayTransientException("gateway unavailable (scripted)");
            }
        }

        var receipt = await ledger.RefundAsync(idempotencyKey, orderNo, amountMinor, currency, cancellationToken);
        if (LoseAnswers)
        {
            throw new TimeoutException("gateway did not answer in time (scripted)");
        }

        return receipt;
    }

    public async Task<GatewayReceipt?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref findCalls);
        if (LookupsFail)
        {
            throw new GatewayTransientException("gateway lookup unavailable (scripted)");
        }

        var receipt = await ledger.FindAsync(idempotencyKey, cancellationToken);
        if (Interlocked.Exchange(ref whileLookingUp, null) is { } meanwhile)
        {
            await meanwhile();
        }

        return receipt;
    }
}
