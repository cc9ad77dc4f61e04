using AfterSalesDesk.Tests.TestSupport;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AfterSalesDesk.Tests.Localization;

/// <summary>Every UI text exists in English and Simplified Chinese, and every text the code asks for exists.</summary>
public partial class ResourceTests
{
    private static readonly string WebProject = RepositoryPaths.WebProject;

    [Fact]
    public void Resources_EnglishAndChinese_HaveTheSameKeys()
    {
        var english = Keys("SharedResource.resx");
        var chinese = Keys("SharedResource.zh-CN.resx");

        Assert.Empty(english.Except(chinese));
        Assert.Empty(chinese.Except(english));
    }

    [Fact]
    public void Resources_Chinese_AreTranslatedNotCopied()
    {
        var english = Values("SharedResource.resx");
        var chinese = Values("SharedResource.zh-CN.resx");

        var untranslated = chinese.Where(pair => english[pair.Key] == pair.Value).Select(p => p.Key).ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Code_AsksOnlyForTextsThatExist()
    {
        var keys = Keys("SharedResource.resx");
        var used = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(keys));
    }

    private static HashSet<string> Keys(string file) => Values(file).Keys.ToHashSet();

    private static Dictionary<string, string> Values(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [GeneratedRegex("""\bL\["([^"]+)"\]""")]
    private static partial Regex LiteralKey();
}
