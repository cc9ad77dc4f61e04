namespace AfterSalesDesk.Web.Features.Knowledge;

public enum ArticleBlockKind
{
    Heading,
    Paragraph,
    List,
}

/// <summary>A heading (its one line), a paragraph (its lines, kept as line breaks) or a bullet list (its items).</summary>
public sealed record ArticleBlock(ArticleBlockKind Kind, IReadOnlyList<string> Lines);

/// <summary>
/// The little markdown articles may use: "# " starts a heading, "- " or "* " a bullet, a blank line ends
/// a paragraph. Everything else is text. The result is rendered by Razor, which encodes it: an article can
/// never inject HTML or script, whatever it contains.
/// </summary>
public static class ArticleText
{
    public static IReadOnlyList<ArticleBlock> Parse(string? body)
    {
        var blocks = new List<ArticleBlock>();
        var lines = new List<string>();
        var kind = ArticleBlockKind.Paragraph;

        void Flush()
        {
            if (lines.Count > 0)
            {
                blocks.Add(new ArticleBlock(kind, lines.ToList()));
                lines.Clear();
            }
        }

        foreach (var raw in (body ?? "").ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
            }
            else if (line.StartsWith('#') && line.TrimStart('#').StartsWith(' '))
            {
                Flush();
                blocks.Add(new ArticleBlock(ArticleBlockKind.Heading, [line.TrimStart('#').Trim()]));
            }
            else if (line.Length > 2 && (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal)))
            {
                if (kind != ArticleBlockKind.List)
                {
                    Flush();
                    kind = ArticleBlockKind.List;
                }

                lines.Add(line[2..].Trim());
            }
            else
            {
                if (kind != ArticleBlockKind.Paragraph)
                {
                    Flush();
                    kind = ArticleBlockKind.Paragraph;
                }

                lines.Add(line);
            }
        }

        Flush();
        return blocks;
    }
}
