using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AfterSalesDesk.Data.Migrations.Sqlite
{
    /// <summary>
    /// Where dotnet-ef takes over on SQLite (decision 0020). Migrations 0001–0014 were written by hand and build
    /// exactly the model (SchemaDriftTests proves it), but carried no model snapshot. dotnet-ef generated this one
    /// against an empty snapshot, so it wanted to create every table again; its operations were removed, leaving the
    /// snapshot of today's model (the .Designer.cs file and SqliteAppDbContextModelSnapshot). Every SQLite database,
    /// new or built by an earlier version, records it and changes nothing; the next model change is generated from here.
    /// </summary>
    public partial class SnapshotBaseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
