namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>Folders of this repository, found from the test assembly's build folder wherever that is.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding AfterSalesDesk.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The web project's folder.</summary>
    public static string WebProject => Path.Combine(Root, "AfterSalesDesk.Web");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AfterSalesDesk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds AfterSalesDesk.sln.");
    }
}
