using System.Globalization;
using System.Security.Cryptography;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// The embedded default gateway: it pays nobody, but keeps its own ledger of refunds in its own SQLite file
/// (never the app database, so the app cannot "fix" the gateway's view in the same transaction) and honours
/// idempotency keys the way a real gateway does, across threads and across app instances sharing the file.
/// Delay, refusals and lost answers are configured through <see cref="SimulatedGatewayOptions"/>.
/// </summary>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    private const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS GatewayRefunds (
            IdempotencyKey TEXT PRIMARY KEY,
            GatewayReference TEXT NOT NULL UNIQUE,
            OrderNo TEXT NOT NULL,
            AmountMinor INTEGER NOT NULL CHECK (AmountMinor > 0),
            Currency TEXT NOT NULL,
            PaidAt INTEGER NOT NULL
        );
        """;

    private const string ReceiptColumns = "IdempotencyKey, GatewayReference, AmountMinor, Currency, PaidAt, OrderNo";

    private readonly SimulatedGatewayOptions options;
    private readonly TimeProvider time;
    private readonly Random? seeded;
    private volatile bool schemaReady;

    public SimulatedPaymentGateway(IOptions<SimulatedGatewayOptions> options, AppPaths paths, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        seeded = this.options.Seed is { } seed ? new Random(seed) : null;
        DatabasePath = string.IsNullOrWhiteSpace(this.options.DatabasePath)
            ? paths.GatewayDatabasePath
            : Path.GetFullPath(this.options.DatabasePath, paths.DataDirectory);
    }

    /// <summary>The gateway's ledger file.</summary>
    public string DatabasePath { get; }

    // Default Timeout makes Microsoft.Data.Sqlite retry a busy statement for up to 30 s; the busy_timeout
    // pragma below makes SQLite itself wait for the write lock while another writer (or app instance) commits.
    private string ConnectionString => $"Data Source={DatabasePath};Default Timeout=30";

    public async Task<GatewayReceipt> RefundAsync(
        string idempotencyKey, string orderNo, long amountMinor, string currency, CancellationToken cancellationToken = default)
    {
        if (options.DelayMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.DelayMilliseconds), time, cancellationToken);
        }

        if (Draw(options.FailureRate))
        {
            throw new GatewayTransientException("gateway unavailable");
        }

        var normalizedCurrency = Validate(idempotencyKey, orderNo, amountMinor, currency);
        cancellationToken.ThrowIfCancellationRequested();

        var receipt = await PayOnceAsync(idempotencyKey, orderNo, amountMinor, normalizedCurrency, cancellationToken);

        // The refund is committed; only the answer is lost on the way back.
        if (Draw(options.TimeoutAfterSuccessRate))
        {
            throw new TimeoutException("gateway did not answer in time");
        }

        return receipt;
    }

    public async Task<GatewayReceipt?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await FindAsync(connection, idempotencyKey, cancellationToken) is { } row ? row.Receipt : null;
    }

    /// <summary>Every refund the gateway paid, oldest first, optionally for one order only.</summary>
    public async Task<IReadOnlyList<GatewayReceipt>> ListAsync(string? orderNo = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ReceiptColumns} FROM GatewayRefunds
            WHERE $orderNo IS NULL OR OrderNo = $orderNo
            ORDER BY PaidAt, GatewayReference
            """;
        command.Parameters.AddWithValue("$orderNo", (object?)orderNo ?? DBNull.Value);
        var receipts = new List<GatewayReceipt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            receipts.Add(Read(reader).Receipt);
        }

        return receipts;
    }

    /// <summary>How many refunds the gateway paid.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM GatewayRefunds";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Validate(string idempotencyKey, string orderNo, long amountMinor, string currency)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            throw new GatewayRejectedException("an idempotency key is required");
        }

        if (string.IsNullOrWhiteSpace(orderNo))
        {
            throw new GatewayRejectedException("an order number is required");
        }

        if (amountMinor <= 0)
        {
            throw new GatewayRejectedException($"the amount must be above 0 (is {amountMinor})");
        }

        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw new GatewayRejectedException($"the currency must be a 3-letter code (is '{currency}')");
        }

        return currency.ToUpperInvariant();
    }

    /// <summary>
    /// Pays a key at most once without an explicit transaction: the key's primary key decides which of any number of
    /// concurrent callers (threads or app instances) writes the row, and every caller answers with the row that won.
    /// Each statement is atomic on its own and safe for Microsoft.Data.Sqlite to retry while the file is busy. (An
    /// earlier read-then-write under BEGIN IMMEDIATE failed about once in 3,000 contended calls: an extended
    /// SQLITE_BUSY left the BEGIN half-done and the library's retry of it then failed with "cannot start a transaction
    /// within a transaction".)
    /// </summary>
    private async Task<GatewayReceipt> PayOnceAsync(
        string idempotencyKey, string orderNo, long amountMinor, string currency, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (await FindAsync(connection, idempotencyKey, cancellationToken) is { } paid)
        {
            return Replay(paid, idempotencyKey, orderNo, amountMinor, currency);
        }

        var paidAt = time.GetUtcNow().ToUniversalTime();
        await using var insert = connection.CreateCommand();
        // DO NOTHING on either unique column: a key another caller wrote first is answered below with that caller's
        // row; a reference collision (32 random bits per day) leaves no row for the key and draws again.
        insert.CommandText = """
            INSERT INTO GatewayRefunds (IdempotencyKey, GatewayReference, OrderNo, AmountMinor, Currency, PaidAt)
            VALUES ($key, $reference, $orderNo, $amount, $currency, $paidAt)
            ON CONFLICT DO NOTHING
            """;
        insert.Parameters.AddWithValue("$key", idempotencyKey);
        var reference = insert.Parameters.Add("$reference", SqliteType.Text);
        insert.Parameters.AddWithValue("$orderNo", orderNo);
        insert.Parameters.AddWithValue("$amount", amountMinor);
        insert.Parameters.AddWithValue("$currency", currency);
        insert.Parameters.AddWithValue("$paidAt", paidAt.UtcTicks);
        while (true)
        {
            reference.Value = string.Create(CultureInfo.InvariantCulture, $"SIM-{paidAt:yyyyMMdd}-{RandomNumberGenerator.GetHexString(8)}");

            // Not cancellable from here on: once the row may be written, answering with it is what a real gateway would do.
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
            if (await FindAsync(connection, idempotencyKey, CancellationToken.None) is { } row)
            {
                return Replay(row, idempotencyKey, orderNo, amountMinor, currency);
            }
        }
    }

    /// <summary>The receipt of a key already paid, when the request is the same one; a key reused for another refund is refused.</summary>
    private static GatewayReceipt Replay(Row existing, string idempotencyKey, string orderNo, long amountMinor, string currency)
    {
        if (existing.Receipt.AmountMinor != amountMinor || existing.Receipt.Currency != currency)
        {
            throw new GatewayRejectedException(
                $"key reused with a different amount: '{idempotencyKey}' paid {existing.Receipt.AmountMinor} {existing.Receipt.Currency}, "
                + $"now asked for {amountMinor} {currency}");
        }

        if (existing.OrderNo != orderNo)
        {
            throw new GatewayRejectedException(
                $"key reused for a different order: '{idempotencyKey}' paid order {existing.OrderNo}, now asked for order {orderNo}");
        }

        return existing.Receipt;
    }

    private static async Task<Row?> FindAsync(SqliteConnection connection, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReceiptColumns} FROM GatewayRefunds WHERE IdempotencyKey = $key";
        command.Parameters.AddWithValue("$key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Row Read(SqliteDataReader reader) => new(
        new GatewayReceipt(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetString(3),
            new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)),
        reader.GetString(5));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!schemaReady)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000;", cancellationToken);
            await EnsureSchemaAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Until it has succeeded once per instance. The statements are idempotent, so the first callers running them
    /// at the same time, here or in another instance, is harmless and needs no lock.
    /// </summary>
    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (schemaReady)
        {
            return;
        }

        // WAL lets readers (the UI listing refunds) run while a refund is being written; the mode is kept in the file.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, CreateSchema, cancellationToken);
        schemaReady = true;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool Draw(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (seeded is null)
        {
            return Random.Shared.NextDouble() < rate;
        }

        // Random is not thread-safe; a seeded one is shared by every caller of this singleton.
        lock (seeded)
        {
            return seeded.NextDouble() < rate;
        }
    }

    private sealed record Row(GatewayReceipt Receipt, string OrderNo);
}
