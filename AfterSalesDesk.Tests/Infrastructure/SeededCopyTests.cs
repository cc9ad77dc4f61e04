using System.Text;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>
/// The test apps' seeded copies (<see cref="AppFactory"/>): an app started from the copy holds what a fresh start at
/// the copy's time would seed, row for row, and its clock is that time.
/// </summary>
public partial class SeededCopyTests
{
    // A configuration no other test uses, so this class makes its own copy.
    private static readonly Dictionary<string, string?> Settings = new() { ["Demo:Orders"] = "77" };

    [Fact]
    public void AnAppStartedFromTheCopy_HoldsWhatAFreshStartAtTheSameTimeSeeds()
    {
        using var first = new AppFactory(settings: Settings);
        _ = first.Services;
        using var copied = new AppFactory(settings: Settings);
        _ = copied.Services;
        using var fresh = new AppFactory(settings: Settings);
        fresh.Clock.Set(first.Clock.GetUtcNow()); // a moved clock: seeds for real, at the first app's time
        _ = fresh.Services;

        Assert.Equal(first.Clock.GetUtcNow(), copied.Clock.GetUtcNow());
        var expected = Dump(fresh);
        Assert.Contains($"\nOrders: {77 + DemoCases.RiskyBuyerClaims.Length}\n", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Dump(copied));
        Assert.Equal(expected, Dump(first));
    }

    /// <summary>
    /// Every table's row count, and every row of the tables whose values depend on the seed's time. Identity's
    /// password hashes and stamps are random by design, and the audit trail records them, so those two are counted only.
    /// </summary>
    private static string Dump(AppFactory app)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        {
            text.Append(table).Append(": ").AppendLine(Strings(connection, $"SELECT COUNT(*) FROM \"{table}\"")[0]);
        }

        foreach (var table in new[] { "Orders", "AfterSalesCases", "CaseDeadlines", "Refunds", "Complaints", "CaseChanges" })
        {
            text.AppendJoin('\n', Strings(connection, $"SELECT * FROM \"{table}\" ORDER BY rowid")).AppendLine();
        }

        return text.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}|SIM-[0-9]{8}-[0-9A-F]{8}")]
    private static partial System.Text.RegularExpressions.Regex RandomValue();

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            // Concurrency stamps and the gateway's references are random by design: only their places are compared.
            rows.Add(RandomValue().Replace(
                string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))),
                "<guid>"));
        }

        return rows;
    }
}
