using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// T-SQL checked by Microsoft's own parser (ScriptDom), for SQL Server, which cannot run here: scripts split into
/// batches at <c>GO</c> lines as sqlcmd splits them, every batch parsed, and the text inside <c>EXEC(N'…')</c>
/// parsed as the batch of its own that the server makes of it.
/// </summary>
internal static partial class TSqlScripts
{
    /// <summary>
    /// The parsers the scripts must satisfy: SQL Server 2022 (EF Core 10's default compatibility level, 160) and
    /// the newest grammar this ScriptDom has.
    /// </summary>
    public static IReadOnlyList<Func<TSqlParser>> Parsers { get; } =
    [
        () => new TSql160Parser(initialQuotedIdentifiers: true),
        () => new TSql180Parser(initialQuotedIdentifiers: true),
    ];

    /// <summary>A script's batches with the line each starts on (1-based), as sqlcmd cuts them.</summary>
    public static IReadOnlyList<(int Line, string Text)> Batches(string script)
    {
        var batches = new List<(int, string)>();
        var current = new StringBuilder();
        var start = 1;
        var lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (BatchSeparator().IsMatch(lines[i]))
            {
                batches.Add((start, current.ToString()));
                current.Clear();
                start = i + 2;
            }
            else
            {
                current.Append(lines[i]).Append('\n');
            }
        }

        batches.Add((start, current.ToString()));
        return batches.Where(b => !string.IsNullOrWhiteSpace(b.Item2)).ToList();
    }

    /// <summary>
    /// Every problem of a script, one line each with the script's line number, for each parser: parse errors, and
    /// a CREATE TRIGGER that is not alone in its batch (SQL Server's error 111; the parser accepts it).
    /// </summary>
    public static IReadOnlyList<string> Problems(string script)
    {
        var problems = new List<string>();
        foreach (var newParser in Parsers)
        {
            foreach (var (line, text) in Batches(script))
            {
                Check(newParser, text, line, "", problems);
            }
        }

        return problems;
    }

    /// <summary>The statements of a script, those inside EXEC(N'…') included (with the newest parser).</summary>
    public static IReadOnlyList<TSqlStatement> Statements(string script)
    {
        var statements = new List<TSqlStatement>();
        foreach (var (_, text) in Batches(script))
        {
            Collect(text, statements);
        }

        return statements;
    }

    private static void Check(Func<TSqlParser> newParser, string batch, int firstLine, string where, List<string> problems)
    {
        var parser = newParser();
        var fragment = parser.Parse(new StringReader(batch), out var errors);
        foreach (var error in errors)
        {
            problems.Add($"{parser.GetType().Name}, line {firstLine + error.Line - 1}{where}: {error.Message} (error {error.Number}) in: {LineOf(batch, error.Line)}");
        }

        if (fragment is not TSqlScript script)
        {
            return;
        }

        foreach (var statements in script.Batches.Select(b => b.Statements))
        {
            if (statements.Count > 1 && statements.OfType<TriggerStatementBody>().FirstOrDefault() is { } trigger)
            {
                problems.Add($"{parser.GetType().Name}, line {firstLine + trigger.StartLine - 1}{where}: CREATE TRIGGER {trigger.Name.BaseIdentifier.Value} "
                    + $"shares its batch with {statements.Count - 1} other statement(s); SQL Server refuses that (error 111)");
            }
        }

        foreach (var (inner, innerLine) in ExecutedTexts(fragment))
        {
            Check(newParser, inner, 1, $" (inside the EXEC at line {firstLine + innerLine - 1})", problems);
        }
    }

    private static void Collect(string batch, List<TSqlStatement> statements)
    {
        var fragment = Parsers[^1]().Parse(new StringReader(batch), out _);
        if (fragment is TSqlScript script)
        {
            statements.AddRange(script.Batches.SelectMany(b => b.Statements));
        }

        foreach (var (inner, _) in ExecutedTexts(fragment))
        {
            Collect(inner, statements);
        }
    }

    /// <summary>The texts that <c>EXEC(N'…')</c> statements run, literals only.</summary>
    private static List<(string Text, int Line)> ExecutedTexts(TSqlFragment? fragment)
    {
        var visitor = new ExecutedStrings();
        fragment?.Accept(visitor);
        return visitor.Texts;
    }

    private static string LineOf(string text, int line) =>
        text.Split('\n').ElementAtOrDefault(line - 1)?.Trim() ?? "";

    [GeneratedRegex(@"^\s*GO(\s+\d+)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BatchSeparator();

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<(string, int)> Texts { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
            {
                Texts.Add((string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)), node.StartLine));
            }
        }
    }
}
