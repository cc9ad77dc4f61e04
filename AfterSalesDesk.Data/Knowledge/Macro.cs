using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Knowledge;

/// <summary>
/// A canned reply (快捷回复) agents insert into a case's conversation, with placeholders for the case's
/// facts (<see cref="MacroTemplate"/>). Supervisors write them; a deactivated macro is hidden from agents
/// but kept, so the audit trail and later reactivation still find it.
/// </summary>
public class Macro
{
    public const int TitleMaxLength = 100;
    public const int BodyMaxLength = 4000;

    private Macro()
    {
    }

    public int Id { get; private set; }

    /// <summary>Unique, what agents pick from.</summary>
    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>The thread the text is meant for; the agent may still send it elsewhere.</summary>
    public MessageVisibility DefaultVisibility { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Who saved it last, for "changed by X, reload" messages.</summary>
    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    public static Macro Create(string title, string body, MessageVisibility defaultVisibility, string actor, DateTimeOffset at)
    {
        var macro = new Macro { IsActive = true };
        macro.Edit(title, body, defaultVisibility, actor, at);
        return macro;
    }

    /// <summary>Changes the text. Refuses empty or too long texts and placeholders nobody can fill.</summary>
    public void Edit(string title, string body, MessageVisibility defaultVisibility, string actor, DateTimeOffset at)
    {
        title = (title ?? "").Trim();
        body = (body ?? "").Trim();
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new DomainException($"A macro needs a title of at most {TitleMaxLength} characters.");
        }

        if (body.Length is 0 or > BodyMaxLength)
        {
            throw new DomainException($"A macro needs a text of at most {BodyMaxLength} characters.");
        }

        if (MacroTemplate.UnknownPlaceholders(body) is { Count: > 0 } unknown)
        {
            throw new DomainException(
                $"Unknown placeholder {string.Join(", ", unknown.Select(u => "{" + u + "}"))}. "
                + $"Use only {string.Join(", ", MacroTemplate.Placeholders.Select(p => "{" + p + "}"))}.");
        }

        if (!Enum.IsDefined(defaultVisibility))
        {
            throw new DomainException("Choose who the macro's text is for.");
        }

        Title = title;
        Body = body;
        DefaultVisibility = defaultVisibility;
        Touch(actor, at);
    }

    public void Deactivate(string actor, DateTimeOffset at)
    {
        IsActive = false;
        Touch(actor, at);
    }

    public void Activate(string actor, DateTimeOffset at)
    {
        IsActive = true;
        Touch(actor, at);
    }

    private void Touch(string actor, DateTimeOffset at)
    {
        UpdatedBy = actor;
        UpdatedAt = at;
        Version = Guid.NewGuid();
    }
}
