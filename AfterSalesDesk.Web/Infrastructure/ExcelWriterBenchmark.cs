using System.Globalization;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Web.Features.Reports;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-excel-writers --rows N [--rounds R] [--rows-per-sheet M]</c> (issue 17): the cases export
/// written by the hand-written <see cref="XlsxStreamWriter"/> and by <see cref="SpreadCheetahXlsxWriter"/>,
/// the one against the other in the same run. Both write the same workbook the way the report service
/// does: the cases table's own column definitions (<see cref="ReportTables.Cases"/>, 17 columns: text,
/// user text escaped for formulas, dates in Asia/Shanghai, money), English headers, a bold frozen header,
/// widths and an autofilter, a new sheet every M rows, into a <see cref="ResponseBuffer"/> drained into
/// a file with awaited writes of about 64 KB. The rows are made up (no database: the reading is the same
/// for both writers and would only add noise). Each round runs the two writers one after the other, each
/// in a process of its own (so each peak working set is one writer's), the order swapped every round; each
/// process writes the file twice, "cold" (methods still being compiled) then "warm". It prints each run,
/// the medians and SpreadCheetah's ratios to ours.
/// </summary>
internal static class ExcelWriterBenchmark
{
    public const string Command = "benchmark-excel-writers";

    public const string Child = "benchmark-excel-writers-child";

    private const string Ours = "ours";

    private const string SpreadCheetah = "spreadcheetah";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = ExcelBenchmark.Int(args, "--rows", 100_000);
        var rounds = ExcelBenchmark.Int(args, "--rounds", 3);
        var rowsPerSheet = ExcelBenchmark.Int(args, "--rows-per-sheet", XlsxStreamWriter.DefaultMaxRowsPerSheet);
        var names = new Dictionary<string, string>
        {
            [Ours] = "ours: XlsxStreamWriter (zip create mode + OpenXmlWriter)",
            [SpreadCheetah] = "SpreadCheetah 1.28.0",
        };
        var results = names.Keys.ToDictionary(k => k, _ => new List<ExcelBenchmark.ChildResult>());
        var folder = Directory.CreateTempSubdirectory("asd-excel-writers-");
        try
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Cases export, {rows:N0} rows x {ReportTables.Cases.ColumnTitles(new KeysLocalizer()).Count} columns, {rowsPerSheet:N0} rows a sheet; {rounds} round(s), each writer in its own process, alternating; {Environment.ProcessorCount} cores; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}."));
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var approach in round % 2 == 1 ? [Ours, SpreadCheetah] : new[] { SpreadCheetah, Ours })
                {
                    var result = await ExcelBenchmark.RunChildAsync(names[approach], round,
                        [Child, "--approach", approach, "--rows", ExcelBenchmark.Text(rows), "--rows-per-sheet", ExcelBenchmark.Text(rowsPerSheet)], folder.FullName);
                    if (result is null)
                    {
                        return 1;
                    }

                    results[approach].Add(result);
                }
            }

            var ours = ExcelBenchmark.Summarise(names[Ours], results[Ours]);
            var cheetah = ExcelBenchmark.Summarise(names[SpreadCheetah], results[SpreadCheetah]);
            await ExcelBenchmark.PrintTableAsync([ours, cheetah]);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"SpreadCheetah / ours (medians): cold time x{cheetah.Cold.Seconds / ours.Cold.Seconds:F2} (CPU x{cheetah.Cold.CpuSeconds / ours.Cold.CpuSeconds:F2}), warm time x{cheetah.Warm!.Seconds / ours.Warm!.Seconds:F2} (CPU x{cheetah.Warm.CpuSeconds / ours.Warm.CpuSeconds:F2}), peak working set x{cheetah.PeakMb / ours.PeakMb:F2}, peak private memory x{cheetah.PrivatePeakMb / ours.PrivatePeakMb:F2}, file x{cheetah.FileMb / ours.FileMb:F3}."));
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary><c>benchmark-excel-writers-child --approach ours|spreadcheetah --rows N --rows-per-sheet M --out FILE</c>, without the web host.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var rows = ExcelBenchmark.Int(args, "--rows", 100_000);
        var rowsPerSheet = ExcelBenchmark.Int(args, "--rows-per-sheet", XlsxStreamWriter.DefaultMaxRowsPerSheet);
        var output = ExcelBenchmark.Option(args, "--out") ?? throw new ArgumentException("--out FILE is required.");
        var approach = ExcelBenchmark.Option(args, "--approach");
        if (approach is not (Ours or SpreadCheetah))
        {
            throw new ArgumentException("--approach is ours or spreadcheetah.");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var columns = ReportTables.Cases.Columns(new KeysLocalizer());
        var baseline = System.Diagnostics.Process.GetCurrentProcess().WorkingSet64;
        using var privatePeak = new ExcelBenchmark.PrivateMemoryPeak();
        var passes = new List<ExcelBenchmark.Pass>();
        for (var pass = 0; pass < 2; pass++)
        {
            var (watch, cpu) = (System.Diagnostics.Stopwatch.StartNew(), ExcelBenchmark.Cpu());
            await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true))
            {
                using var buffer = new ResponseBuffer();
                await using IXlsxWriter writer = approach == Ours
                    ? new XlsxStreamWriter(buffer, rowsPerSheet, zone)
                    : await SpreadCheetahXlsxWriter.CreateAsync(buffer, rowsPerSheet, zone);
                await WriteAsync(writer, buffer, file, columns, rows);
            }

            passes.Add(new ExcelBenchmark.Pass(watch.Elapsed.TotalSeconds, ExcelBenchmark.Cpu() - cpu));
        }

        return ExcelBenchmark.Report(rows, passes[0], passes[1], baseline, privatePeak, output);
    }

    /// <summary>What <see cref="ReportService"/> does with a table's rows: write each, pass the buffer on once 64 KB have collected.</summary>
    private static async Task WriteAsync(IXlsxWriter writer, ResponseBuffer buffer, Stream output, IReadOnlyList<ReportColumn<CaseReportRow>> columns, int rows)
    {
        await ReportTable.StartTableAsync(writer, "After-sales cases", columns, CancellationToken.None);
        for (var i = 0; i < rows; i++)
        {
            await ReportTable.WriteRowAsync(writer, columns, Row(i), CancellationToken.None);
            if (buffer.ShouldDrain)
            {
                await buffer.DrainAsync(output, CancellationToken.None);
            }
        }

        await writer.FinishAsync();
        await buffer.DrainAsync(output, CancellationToken.None);
        await output.FlushAsync();
    }

    private static readonly CaseKind[] Kinds = Enum.GetValues<CaseKind>();
    private static readonly CaseStatus[] Statuses = Enum.GetValues<CaseStatus>();
    private static readonly CasePriority[] Priorities = Enum.GetValues<CasePriority>();
    private static readonly ProblemStage[] Stages = Enum.GetValues<ProblemStage>();

    /// <summary>A made-up case in the shape the export reads: the texts of <see cref="ExcelBenchmark.SyntheticRow"/> (Chinese, formula-looking text), some empty cells.</summary>
    private static CaseReportRow Row(int i)
    {
        var row = new ExcelBenchmark.SyntheticRow(i);
        var hash = (uint)i * 2654435761u;
        return new CaseReportRow(
            row.CaseNo, row.OrderNo, row.StoreCode, row.Merchant, "C" + ((hash >> 8) % 50_000).ToString("D6", CultureInfo.InvariantCulture), row.Buyer,
            Kinds[hash % (uint)Kinds.Length], Statuses[(hash >> 7) % (uint)Statuses.Length], Priorities[(hash >> 3) % (uint)Priorities.Length],
            row.Reason, Stages[(hash >> 5) % (uint)Stages.Length], hash % 5 == 0 ? null : row.Assignee, row.Created, row.Updated,
            hash % 7 == 0 ? null : row.Updated.AddHours(48), row.AmountMinor, row.Description);
    }

    /// <summary>The resource keys as they are: they are the English headers and names of states.</summary>
    private sealed class KeysLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
