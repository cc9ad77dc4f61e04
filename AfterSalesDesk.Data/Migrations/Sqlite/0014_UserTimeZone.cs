using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// The time zone a person chose in their profile (decision 0019). Empty for everyone at first: pages then
/// follow the browser's zone, or <c>Reports:TimeZone</c>. (0013 is another change's number.)
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261202050000_UserTimeZone")]
public sealed class UserTimeZone : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("TimeZone", "AspNetUsers", type: "TEXT", maxLength: 64, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("TimeZone", "AspNetUsers");
}
