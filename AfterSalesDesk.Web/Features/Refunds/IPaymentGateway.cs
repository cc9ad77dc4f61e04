namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// Where refunds are actually paid out. Every call carries an idempotency key: the gateway pays a key
/// at most once and answers a repeated key with the first result, so a retry after a timeout or a
/// crash can never pay twice.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Pays <paramref name="amountMinor"/> back for the order under <paramref name="idempotencyKey"/>.
    /// Throws <see cref="GatewayTransientException"/> (or <see cref="TimeoutException"/>) when the outcome
    /// is unknown or temporarily refused: call again with the same key. Throws
    /// <see cref="GatewayRejectedException"/> when the gateway will never pay this request.
    /// </summary>
    Task<GatewayReceipt> RefundAsync(string idempotencyKey, string orderNo, long amountMinor, string currency, CancellationToken cancellationToken = default);

    /// <summary>The gateway's own record of a key, or null when it never paid it.</summary>
    Task<GatewayReceipt?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}

/// <summary>The gateway's record of a refund it paid.</summary>
public sealed record GatewayReceipt(string IdempotencyKey, string GatewayReference, long AmountMinor, string Currency, DateTimeOffset PaidAt);

public sealed class GatewayTransientException(string message) : Exception(message);

public sealed class GatewayRejectedException(string message) : Exception(message);
