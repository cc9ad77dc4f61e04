using System.Diagnostics;
using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-excel --rows N [--runs R] [--dom-max M]</c>: writes N rows × 15 columns (a third numbers
/// and dates, two thirds text) as .xlsx with the exports' writer (<see cref="XlsxWriter"/>, SpreadCheetah, through
/// a <see cref="ResponseBuffer"/> as an export writes) and with the Open XML SDK's DOM
/// (<c>SpreadsheetDocument</c> with <c>Worksheet</c>/<c>SheetData</c> objects, the way ClosedXML and most
/// examples do it), then exports the configured database's cases through <see cref="ReportService"/>
/// as a manager would, once as configured and once with the database not memory-mapped (the baseline of
/// <see cref="ReportOptions.MemoryMapMegabytes"/>). Every measurement runs in a child process of its own,
/// so that each peak working set and peak private memory belongs to one approach only; it prints each
/// run, the medians and the ratios. Ours and the export
/// run twice in their process: "cold" is the first pass (methods still being compiled, as after a
/// start), "warm" the second (as in an app that has been running); the peak covers both. The DOM runs
/// once (cold), and is skipped above M rows (default 250,000): it needs gigabytes there. Each pass
/// also reports the CPU time the process used (all threads), which a busy machine distorts far less
/// than the wall-clock time.
/// </summary>
internal static class ExcelBenchmark
{
    public const string Command = "benchmark-excel";

    /// <summary>The child that writes synthetic rows runs before the web host is built, so that it measures the writer alone.</summary>
    public const string WriterChild = "benchmark-excel-writer";

    /// <summary>The child that exports real cases needs the app's services (database, localizer, audit).</summary>
    public const string ExportChild = "benchmark-excel-export";

    private const int Columns = 15;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Int(args, "--rows", 100_000);
        var runs = Int(args, "--runs", 3);
        var domMax = Int(args, "--dom-max", 250_000);
        var folder = Directory.CreateTempSubdirectory("asd-excel-bench-");
        try
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{rows:N0} rows x {Columns} columns; {runs} run(s) per approach, each in its own process; {Environment.ProcessorCount} cores; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}."));
            var ours = await MeasureAsync("ours: XlsxWriter (SpreadCheetah)", runs, [WriterChild, "--approach", "ours", "--rows", Text(rows)], folder.FullName);
            Figures? dom = null;
            if (rows <= domMax)
            {
                dom = await MeasureAsync("SDK DOM (SpreadsheetDocument + Worksheet/SheetData)", runs, [WriterChild, "--approach", "dom", "--rows", Text(rows)], folder.FullName);
            }
            else
            {
                await Console.Out.WriteLineAsync($"SDK DOM: skipped above {domMax:N0} rows (--dom-max).");
            }

            var export = await MeasureAsync("end to end: cases export of the configured database (ReportService, manager)", runs, [ExportChild], folder.FullName);

            // The baseline for the export's reading: the same export with the database read through SQLite's page cache only.
            var unmapped = await MeasureAsync("end to end, database not memory-mapped (Reports:MemoryMapMegabytes 0)", runs, [ExportChild], folder.FullName,
                new Dictionary<string, string> { ["Reports__MemoryMapMegabytes"] = "0" });
            await PrintTableAsync([ours, dom, export, unmapped]);

            if (dom is not null && ours is not null)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"DOM / ours, both cold: time x{dom.Cold.Seconds / ours.Cold.Seconds:F1} (CPU x{dom.Cold.CpuSeconds / ours.Cold.CpuSeconds:F1}), peak working set x{dom.PeakMb / ours.PeakMb:F1}."));
            }

            if (export is not null && unmapped is not null)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Export not mapped / mapped: cold x{unmapped.Cold.Seconds / export.Cold.Seconds:F2}, warm x{unmapped.Warm!.Seconds / export.Warm!.Seconds:F2}."));
            }

            return ours is null ? 1 : 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs one approach R times, each in a new process, and prints each run and the medians.</summary>
    private static async Task<Figures?> MeasureAsync(string name, int runs, string[] childArgs, string folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var results = new List<ChildResult>();
        for (var run = 1; run <= runs; run++)
        {
            if (await RunChildAsync(name, run, childArgs, folder, environment) is not { } result)
            {
                return null;
            }

            results.Add(result);
        }

        return Summarise(name, results);
    }

    /// <summary>One run of an approach in a new process (its file deleted afterwards); prints the run, null when it failed.</summary>
    private static async Task<ChildResult?> RunChildAsync(string name, int run, string[] childArgs, string folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = Path.Combine(folder, $"run-{Guid.NewGuid():N}.xlsx");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var arg in childArgs.Append("--out").Append(output))
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("result ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            await Console.Error.WriteLineAsync($"{name}: run {run} failed (exit {child.ExitCode}): {await stderr}{await stdout}");
            return null;
        }

        var parts = line.Split(' ');
        double Number(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
        var result = new ChildResult(long.Parse(parts[1], CultureInfo.InvariantCulture), new Pass(Number(2), Number(3)),
            parts[4] == "-" ? null : new Pass(Number(4), Number(5)), (long)Number(6), (long)Number(7), (long)Number(8), (long)Number(9));
        File.Delete(output);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}, run {run}: {result.Rows:N0} rows in {result.Cold.Seconds:F2} s cold (CPU {result.Cold.CpuSeconds:F2} s){(result.Warm is { } warm ? $", {warm.Seconds:F2} s warm (CPU {warm.CpuSeconds:F2} s)" : "")}, peak working set {result.PeakBytes / 1e6:N0} MB (before writing {result.BaselineBytes / 1e6:N0} MB), peak private memory {result.PrivatePeakBytes / 1e6:N0} MB, file {result.FileBytes / 1e6:F1} MB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return result;
    }

    /// <summary>The medians of an approach's runs.</summary>
    private static Figures Summarise(string name, IReadOnlyList<ChildResult> results) =>
        new(name, results[0].Rows,
            new Pass(Median(results.Select(r => r.Cold.Seconds)), Median(results.Select(r => r.Cold.CpuSeconds))),
            results[0].Warm is null ? null : new Pass(Median(results.Select(r => r.Warm!.Seconds)), Median(results.Select(r => r.Warm!.CpuSeconds))),
            Median(results.Select(r => r.PeakBytes / 1e6)), Median(results.Select(r => r.BaselineBytes / 1e6)), results[0].FileBytes / 1e6,
            Median(results.Select(r => r.PrivatePeakBytes / 1e6)));

    /// <summary>The table of medians, one line per approach.</summary>
    private static async Task PrintTableAsync(IEnumerable<Figures?> approaches)
    {
        await Console.Out.WriteLineAsync();
        await Console.Out.WriteLineAsync("| approach | rows | cold: median time (CPU) | warm: median time (CPU) | median peak working set (before writing) | median peak private memory | file |");
        await Console.Out.WriteLineAsync("|---|---|---|---|---|---|---|");
        foreach (var figures in approaches.OfType<Figures>())
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {figures.Name} | {figures.Rows:N0} | {figures.Cold.Seconds:F2} s ({figures.Cold.CpuSeconds:F2} s) | {(figures.Warm is { } warm ? $"{warm.Seconds:F2} s ({warm.CpuSeconds:F2} s)" : "—")} | {figures.PeakMb:N0} MB ({figures.BaselineMb:N0} MB) | {figures.PrivatePeakMb:N0} MB | {figures.FileMb:F1} MB |"));
        }
    }

    /// <summary><c>benchmark-excel-writer --approach ours|dom --rows N --out FILE</c>, without the web host.</summary>
    public static async Task<int> RunWriterChildAsync(string[] args)
    {
        var rows = Int(args, "--rows", 100_000);
        var output = Option(args, "--out") ?? throw new ArgumentException("--out FILE is required.");
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        using var privatePeak = new PrivateMemoryPeak();
        switch (Option(args, "--approach"))
        {
            case "ours":
                var cold = await TimeAsync(() => WriteStreamedAsync(output, rows));
                return Report(rows, cold, await TimeAsync(() => WriteStreamedAsync(output, rows)), baseline, privatePeak, output);
            case "dom":
                return Report(rows, Time(() => WriteDom(output, rows)), null, baseline, privatePeak, output);
            default:
                throw new ArgumentException("--approach is ours or dom.");
        }
    }

    private static Pass Time(Action action)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), Cpu());
        action();
        return new Pass(watch.Elapsed.TotalSeconds, Cpu() - cpu);
    }

    private static async Task<Pass> TimeAsync(Func<Task> action)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), Cpu());
        await action();
        return new Pass(watch.Elapsed.TotalSeconds, Cpu() - cpu);
    }

    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary><c>benchmark-excel-export --out FILE</c>: every case of the configured database, exported as a manager through the report service.</summary>
    public static async Task<int> RunExportChildAsync(IServiceProvider provider, string[] args)
    {
        var output = Option(args, "--out") ?? throw new ArgumentException("--out FILE is required.");
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            if (!await db.Cases.AnyAsync())
            {
                await Console.Error.WriteLineAsync("The database has no cases: run generate-data --orders N --cases C first.");
                return 1;
            }
        }

        var reports = provider.GetRequiredService<ReportService>();
        var manager = QueueBenchmark.Principal("bench-manager", Roles.Manager);
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        using var privatePeak = new PrivateMemoryPeak();
        long rows = 0;
        var times = new List<Pass>();
        for (var pass = 0; pass < 2; pass++)
        {
            var (watch, cpu) = (Stopwatch.StartNew(), Cpu());
            var prepared = await reports.PrepareAsync(manager, ReportTables.Cases.Key, new ReportRequest());
            await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                rows = await prepared.Export!.WriteAsync(file);
            }

            times.Add(new Pass(watch.Elapsed.TotalSeconds, Cpu() - cpu));
        }

        return Report(rows, times[0], times[1], baseline, privatePeak, output);
    }

    /// <summary>
    /// One line for the driver: rows, cold seconds and CPU seconds, warm ones (or - -), peak and starting
    /// working set, file size, peak private memory.
    /// </summary>
    private static int Report(long rows, Pass cold, Pass? warm, long baselineBytes, PrivateMemoryPeak privatePeak, string output)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var warmText = warm is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w.Seconds:F3} {w.CpuSeconds:F3}") : "- -";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {rows} {cold.Seconds:F3} {cold.CpuSeconds:F3} {warmText} {process.PeakWorkingSet64} {baselineBytes} {new FileInfo(output).Length} {privatePeak.Bytes}"));
        return 0;
    }

    /// <summary>
    /// The highest private memory of this process while it lives, sampled every 10 ms from
    /// <c>/proc/self/status</c>: <c>RssAnon</c> (heaps, stacks) plus <c>RssShmem</c> (the runtime's
    /// double-mapped code). The working set also counts mapped files: the program's
    /// own libraries, and the database pages an export reads through memory mapping, which are the
    /// operating system's shared, reclaimable file cache rather than memory the export holds.
    /// </summary>
    private sealed class PrivateMemoryPeak : IDisposable
    {
        private readonly Timer timer;
        private long bytes;

        public PrivateMemoryPeak()
        {
            Sample();
            timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        }

        public long Bytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref bytes);
            }
        }

        public void Dispose() => timer.Dispose();

        private void Sample()
        {
            long now = 0;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal) || line.StartsWith("RssShmem:", StringComparison.Ordinal))
                {
                    now += long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }

            var seen = Interlocked.Read(ref bytes);
            while (now > seen && Interlocked.CompareExchange(ref bytes, now, seen) != seen)
            {
                seen = Interlocked.Read(ref bytes);
            }
        }
    }

    private static readonly XlsxColumn[] Header =
    [
        new("Case number", 19), new("Order number", 19), new("Store code", 10), new("Merchant", 22), new("Buyer", 14),
        new("Kind", 16), new("Status", 22), new("Reason", 20), new("Assignee", 22), new("Description", 50),
        new("Id", 10), new("Quantity", 8), new("Amount", 12), new("Created", 19), new("Updated", 19),
    ];

    /// <summary>Written as an export writes: into a <see cref="ResponseBuffer"/>, passed on to the file with awaited writes once 64 KB have collected.</summary>
    private static async Task WriteStreamedAsync(string path, int rows)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        using var buffer = new ResponseBuffer();
        await using (var writer = await XlsxWriter.CreateAsync(buffer, timeZone: TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")))
        {
            await writer.StartTableAsync("Cases", Header);
            for (var i = 0; i < rows; i++)
            {
                var row = new SyntheticRow(i);
                writer.StartRow();
                writer.Text(row.CaseNo);
                writer.Text(row.OrderNo);
                writer.Text(row.StoreCode);
                writer.UserText(row.Merchant);
                writer.UserText(row.Buyer);
                writer.Text(row.Kind);
                writer.Text(row.Status);
                writer.UserText(row.Reason);
                writer.UserText(row.Assignee);
                writer.UserText(row.Description);
                writer.Integer(row.Id);
                writer.Integer(row.Quantity);
                writer.Money(row.AmountMinor);
                writer.DateTime(row.Created);
                writer.DateTime(row.Updated);
                await writer.EndRowAsync();
                if (buffer.ShouldDrain)
                {
                    await buffer.DrainAsync(file, CancellationToken.None);
                }
            }

            await writer.FinishAsync();
        }

        await buffer.DrainAsync(file, CancellationToken.None);
    }

    /// <summary>The same cells, styles, frozen header and filter, built as the SDK's object model and saved by the package.</summary>
    private static void WriteDom(string path, int rows)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = DomStylesheet();
        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        foreach (var column in Header)
        {
            header.Append(TextCell(column.Title, DomStyle.Header));
        }

        data.Append(header);
        for (var i = 0; i < rows; i++)
        {
            var row = new SyntheticRow(i);
            data.Append(new Row(
                TextCell(SpreadsheetText.Clean(row.CaseNo)), TextCell(SpreadsheetText.Clean(row.OrderNo)), TextCell(SpreadsheetText.Clean(row.StoreCode)),
                TextCell(SpreadsheetText.NeutraliseFormula(row.Merchant)), TextCell(SpreadsheetText.NeutraliseFormula(row.Buyer)),
                TextCell(SpreadsheetText.Clean(row.Kind)), TextCell(SpreadsheetText.Clean(row.Status)),
                TextCell(SpreadsheetText.NeutraliseFormula(row.Reason)), TextCell(SpreadsheetText.NeutraliseFormula(row.Assignee)),
                TextCell(SpreadsheetText.NeutraliseFormula(row.Description)),
                NumberCell(row.Id.ToString(CultureInfo.InvariantCulture), DomStyle.Integer),
                NumberCell(row.Quantity.ToString(CultureInfo.InvariantCulture), DomStyle.Integer),
                NumberCell((row.AmountMinor / 100m).ToString(CultureInfo.InvariantCulture), DomStyle.Money),
                NumberCell(TimeZoneInfo.ConvertTime(row.Created, zone).DateTime.ToOADate().ToString(CultureInfo.InvariantCulture), DomStyle.DateTime),
                NumberCell(TimeZoneInfo.ConvertTime(row.Updated, zone).DateTime.ToOADate().ToString(CultureInfo.InvariantCulture), DomStyle.DateTime))
            {
                RowIndex = (uint)(i + 2),
            });
        }

        sheetPart.Worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
            {
                WorkbookViewId = 0,
            }),
            new DocumentFormat.OpenXml.Spreadsheet.Columns(Header.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })),
            data,
            new AutoFilter { Reference = $"A1:O{rows + 1}" });
        workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "Cases", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
    }

    /// <summary>The DOM's cell formats: the value is the style index (its place in cellXfs).</summary>
    private enum DomStyle
    {
        Default = 0,
        Header = 1,
        Integer = 2,
        Money = 3,
        DateTime = 4,
    }

    /// <summary>styles.xml for the DOM: the formats the export's writer gives the same cells (<see cref="XlsxStyles"/>; 1 is Excel's built-in "0").</summary>
    private static Stylesheet DomStylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = XlsxStyles.MoneyFormat },
            new NumberingFormat { NumberFormatId = 165, FormatCode = XlsxStyles.DateTimeFormat })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = 1, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Cell TextCell(string text, DomStyle style = DomStyle.Default) => new(new InlineString(new Text(text)))
    {
        DataType = CellValues.InlineString,
        StyleIndex = style == DomStyle.Default ? null : (uint)style,
    };

    private static Cell NumberCell(string value, DomStyle style) => new(new CellValue(value)) { StyleIndex = (uint)style };

    /// <summary>A deterministic made-up case: varied text lengths, some Chinese, some formula-looking text.</summary>
    private readonly struct SyntheticRow(int i)
    {
        private static readonly string[] Merchants = ["优选数码 Youxuan Digital", "家居生活馆 Home Living", "Sunrise Apparel", "绿野户外 Green Field Outdoor", "Kitchen & Co."];
        private static readonly string[] Buyers = ["王芳", "李伟", "张敏", "Chen Jing", "刘洋", "Alex Zhou"];
        private static readonly string[] Kinds = ["Refund only", "Return and refund", "Exchange", "Repair"];
        private static readonly string[] Statuses = ["Submitted", "Awaiting merchant", "Merchant agreed", "Awaiting return shipment", "Refunded", "Closed"];
        private static readonly string[] Reasons = ["Not as described", "Damaged in transit", "Wrong item", "Quality problem", "Changed my mind"];
        private static readonly string[] Descriptions =
        [
            "Screen cracked on arrival, box was dented.",
            "收到的商品与描述不符，颜色不对，要求退货退款。",
            "=HYPERLINK(\"http://example.invalid\",\"see photo\")",
            "The left earbud stops charging after two days of normal use; tried another cable and another charger.",
            "-",
        ];

        private readonly uint hash = (uint)i * 2654435761u;

        public string CaseNo => "AS2026" + (1_000_000_000 + i).ToString(CultureInfo.InvariantCulture);

        public string OrderNo => "DD2026" + (2_000_000_000 + i).ToString(CultureInfo.InvariantCulture);

        public string StoreCode => "M" + ((hash % 100) + 1).ToString("D3", CultureInfo.InvariantCulture);

        public string Merchant => Merchants[hash % 5];

        public string Buyer => Buyers[(hash >> 3) % 6];

        public string Kind => Kinds[(hash >> 5) % 4];

        public string Status => Statuses[(hash >> 7) % 6];

        public string Reason => Reasons[(hash >> 9) % 5];

        public string Assignee => "agent" + ((hash >> 11) % 20).ToString("D2", CultureInfo.InvariantCulture) + "@demo.local";

        public string Description => Descriptions[(hash >> 13) % 5];

        public long Id => i + 1;

        public long Quantity => (hash >> 15) % 5 + 1;

        public long AmountMinor => (hash >> 4) % 500_000;

        public DateTimeOffset Created => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i * 17L);

        public DateTimeOffset Updated => Created.AddMinutes((hash >> 6) % 10_000);
    }

    /// <summary>One pass: wall-clock seconds, and CPU seconds of the whole process (all threads) meanwhile.</summary>
    private sealed record Pass(double Seconds, double CpuSeconds);

    private sealed record ChildResult(long Rows, Pass Cold, Pass? Warm, long PeakBytes, long BaselineBytes, long FileBytes, long PrivatePeakBytes);

    /// <summary>Medians over the runs.</summary>
    private sealed record Figures(string Name, long Rows, Pass Cold, Pass? Warm, double PeakMb, double BaselineMb, double FileMb, double PrivatePeakMb);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Int(string[] args, string name, int fallback) =>
        int.TryParse(Option(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
