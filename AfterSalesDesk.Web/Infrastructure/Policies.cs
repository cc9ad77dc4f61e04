using AfterSalesDesk.Data.Identity;
using Microsoft.AspNetCore.Authorization;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>Authorization policies, defined once; pages use them in [Authorize(Policy = ...)].</summary>
public static class Policies
{
    public const string Admin = nameof(Admin);

    /// <summary>People who work for the platform, as opposed to merchants.</summary>
    public const string PlatformStaff = nameof(PlatformStaff);

    /// <summary>Who may read the audit trail and run its verifier.</summary>
    public const string AuditReaders = nameof(AuditReaders);

    public static readonly string[] AuditReaderRoles = [Roles.Supervisor, Roles.Manager, Roles.Admin];

    /// <summary>Who may open the order and case pages (services narrow merchants to their own store).</summary>
    public const string CaseReaders = nameof(CaseReaders);

    /// <summary>Who may open the agents' queues: platform staff who work or watch cases, never merchants.</summary>
    public const string QueueReaders = nameof(QueueReaders);

    /// <summary>Who may open the macros page (supervisors manage, agents look); services check again.</summary>
    public const string MacroUsers = nameof(MacroUsers);

    /// <summary>Who may read the knowledge base (supervisors also edit it); services check again.</summary>
    public const string KnowledgeReaders = nameof(KnowledgeReaders);

    /// <summary>Who may open the reports page and download exports (managers; merchants their own store's); the service checks again.</summary>
    public const string ReportExporters = nameof(ReportExporters);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(QueueReaders, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Manager));
        options.AddPolicy(MacroUsers, p => p.RequireRole(Roles.Agent, Roles.Supervisor));
        options.AddPolicy(KnowledgeReaders, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Manager));
        options.AddPolicy(CaseReaders, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Merchant));
        options.AddPolicy(ReportExporters, p => p.RequireRole(Roles.Manager, Roles.Merchant));
        options.AddPolicy(AuditReaders, p => p.RequireRole(AuditReaderRoles));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(PlatformStaff, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin));
    }
}
