using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server (Debian's binaries, never the system's cluster): its own data directory
/// under the system temp directory, its own port on 127.0.0.1, settings for speed rather than durability.
/// One per test process (<see cref="Shared"/>, started on first use and stopped when the process exits);
/// each test class takes a database of its own (<see cref="CreateDatabaseAsync"/>), so tests never share state.
/// Missing binaries fail the test with the install command: never a silent skip.
/// </summary>
/// <remarks>
/// pg_ctl starts the server detached, so it would outlive the test process; and the test host allows exit handlers
/// only about 100 ms before it is killed, too little to stop a server and delete its files. So each server has a
/// watchdog: a small shell that waits for the end of its standard input, a pipe from this process, which the kernel
/// closes however this process ends (normally, killed, Ctrl+C), and then stops the server and deletes its folder.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    public const string InstallCommand = "sudo apt-get install -y postgresql";

    /// <summary>Where Debian puts each major version's binaries: /usr/lib/postgresql/15/bin.</summary>
    public const string VersionsRoot = "/usr/lib/postgresql";

    /// <summary>initdb and postgres refuse to run as root; as root they run as the system user Debian's package creates.</summary>
    private const string ServerUser = "postgres";

    private const string FolderPrefix = "postgres-";

    /// <summary>
    /// Stops the server of folder $1 as <c>pg_ctl stop -m immediate</c> would (SIGQUIT; nothing to checkpoint, the data
    /// is deleted next), once its standard input ends, then deletes the folder. It checks that the postmaster.pid
    /// process is still that server (its command line names the data directory), not a reused process id.
    /// </summary>
    private const string CleanupScript = """
        exec >/dev/null 2>&1
        trap '' INT TERM HUP
        cat
        data="$1/data"
        pid=$(head -n 1 "$data/postmaster.pid")
        if [ -n "$pid" ] && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF "$data" && kill -QUIT "$pid"; then
            n=0
            while [ -e "$data/postmaster.pid" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
        fi
        rm -rf "$data" && rm -rf "$1"
        """;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(180);
    private static readonly Lazy<PostgresServer> shared = new(Start);

    private readonly string? runAs = Environment.IsPrivilegedProcess ? ServerUser : null;
    private readonly Process watchdog;
    private bool disposed;

    private PostgresServer(string binDirectory)
    {
        BinDirectory = binDirectory;
        Folder = Path.Combine(Path.GetTempPath(), "asd-tests", FolderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);

        // Who started it, for ReapAbandoned, should the watchdog itself have been killed.
        File.WriteAllText(OwnerFile(Folder), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        // Held in a field: were the pipe collected as garbage, its end would stop the server in the middle of the run.
        watchdog = StartCleanup(Folder);
    }

    /// <summary>The test run's server, started on first use, stopped and deleted when the test process exits.</summary>
    public static PostgresServer Shared => shared.Value;

    public string BinDirectory { get; }

    /// <summary>Everything of this server: the data directory, its unix socket and its log.</summary>
    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    public string LogFile => Path.Combine(Folder, "server.log");

    public int Port { get; private set; }

    /// <summary>The postmaster's process id, from the first line of its postmaster.pid.</summary>
    public int ProcessId =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>The maintenance database, for creating and dropping the tests' own.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>A server of its own, started; the caller disposes it. Tests normally use <see cref="Shared"/>.</summary>
    public static PostgresServer Start()
    {
        var binDirectory = FindBinDirectory();
        ReapAbandoned();
        var server = new PostgresServer(binDirectory);
        try
        {
            server.InitializeAndStart();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>A new, empty database (a copy of template0, which nobody can be connected to); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0");
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>
    /// The directory holding initdb and pg_ctl: <c>pg_config --bindir</c>, else the highest version under
    /// /usr/lib/postgresql. (Debian's pg_config also comes with libpq-dev alone, without the server.)
    /// </summary>
    public static string FindBinDirectory() => FindBinDirectory(PgConfigBinDirectory(), VersionsRoot);

    internal static string FindBinDirectory(string? pgConfigBinDirectory, string versionsRoot)
    {
        if (pgConfigBinDirectory is not null && HasServerBinaries(pgConfigBinDirectory))
        {
            return pgConfigBinDirectory;
        }

        var newest = !Directory.Exists(versionsRoot)
            ? null
            : Directory.GetDirectories(versionsRoot)
                .Select(version => (Name: Path.GetFileName(version), Bin: Path.Combine(version, "bin")))
                .Where(version => decimal.TryParse(version.Name, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                    && HasServerBinaries(version.Bin))
                .OrderByDescending(version => decimal.Parse(version.Name, CultureInfo.InvariantCulture))
                .Select(version => version.Bin)
                .FirstOrDefault();
        return newest ?? throw new InvalidOperationException(
            $"PostgreSQL's server binaries (initdb, pg_ctl) are missing: neither 'pg_config --bindir' nor {versionsRoot}/*/bin has them. " +
            $"Install them with '{InstallCommand}', or run ./test.sh, which installs them. " +
            "The PostgreSQL tests start a throwaway server of their own; they are never skipped.");
    }

    /// <summary>
    /// Stops and deletes the servers of test processes that ended without their watchdog doing so (the watchdog
    /// killed too, or a machine restarted with /tmp kept).
    /// </summary>
    internal static void ReapAbandoned()
    {
        var root = Path.Combine(Path.GetTempPath(), "asd-tests");
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(root, FolderPrefix + "*"))
        {
            try
            {
                if (File.Exists(OwnerFile(folder))
                    && !IsRunning(int.Parse(File.ReadAllText(OwnerFile(folder)), CultureInfo.InvariantCulture)))
                {
                    using var cleanup = StartCleanup(folder);
                    cleanup.StandardInput.Close();
                    cleanup.WaitForExit();
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // Half-written, or removed meanwhile by another run's reaper.
            }
        }
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            watchdog.StandardInput.Close();
            watchdog.WaitForExit();
            watchdog.Dispose();
        }
    }

    private string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    private void InitializeAndStart()
    {
        if (runAs is not null)
        {
            RunAsCurrentUser("chown", [$"{runAs}:", Folder]);
        }

        Run(Path.Combine(BinDirectory, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);

        // Appended after initdb's defaults, so these win. Durability is worthless for a server deleted after the run;
        // 300 connections leave room for tests with 100 parallel callers beside the rest of the suite.
        File.AppendAllLines(Path.Combine(DataDirectory, "postgresql.conf"),
        [
            "",
            "# AfterSalesDesk tests (PostgresServer.cs)",
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{Folder}'",
            "max_connections = 300",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "timezone = 'UTC'",
            "log_timezone = 'UTC'",
        ]);

        // The free port is released before postgres binds it, so another process may take it in between: try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                Run(PgCtl, ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", $"-p {Port}", "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && ReadLog().Contains("could not bind", StringComparison.Ordinal))
            {
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a PostgreSQL program, as the server user when the tests run as root.</summary>
    private void Run(string program, IReadOnlyList<string> arguments)
    {
        if (runAs is null)
        {
            RunAsCurrentUser(program, arguments);
        }
        else
        {
            RunAsCurrentUser("runuser", ["-u", runAs, "--", program, .. arguments]);
        }
    }

    private void RunAsCurrentUser(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            // The server user may not enter the test's own working directory.
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{program} {string.Join(' ', arguments)}' failed with {process.ExitCode}:\n{output.Result}{error.Result}\n{ReadLog()}");
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            _ = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Win32Exception)
        {
            // No pg_config on the PATH.
            return null;
        }
    }

    private static string OwnerFile(string folder) => Path.Combine(folder, "owner.pid");

    /// <summary>The cleanup of a server's folder, waiting for the end of its standard input (a pipe from this process).</summary>
    private static Process StartCleanup(string folder)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardInput = true, WorkingDirectory = "/" };
        foreach (var argument in new[] { "-c", CleanupScript, "asd-postgres-cleanup", folder })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
