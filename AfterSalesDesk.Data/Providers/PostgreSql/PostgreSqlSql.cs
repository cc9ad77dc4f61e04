namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>
/// Every piece of PostgreSQL-only SQL the schema needs beyond the model (decision 0020): the audit trail's
/// append-only triggers, the per-queue case counters and the change feed the live pages follow. They do what
/// SQLite's triggers in migrations 0002, 0004, 0006, 0010 and 0012 do, row by row.
/// </summary>
internal static class PostgreSqlSql
{
    public const string CreateObjects = """
        CREATE OR REPLACE FUNCTION asd_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit entries are append-only: % is not allowed', TG_OP;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION asd_audit_append_only();
        CREATE OR REPLACE TRIGGER "TR_AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION asd_audit_append_only();
        CREATE OR REPLACE TRIGGER "TR_AuditEntries_NoTruncate" BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION asd_audit_append_only();

        -- One row per (merchant, assignee or '', status) with how many cases are in it: queue counts without a scan.
        CREATE OR REPLACE FUNCTION asd_case_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE "CaseCounts" SET "Count" = "Count" - 1
                WHERE "MerchantId" = OLD."MerchantId" AND "AssigneeId" = COALESCE(OLD."AssigneeId", '') AND "Status" = OLD."Status";
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO "CaseCounts" ("MerchantId", "AssigneeId", "Status", "Count")
                VALUES (NEW."MerchantId", COALESCE(NEW."AssigneeId", ''), NEW."Status", 1)
                ON CONFLICT ("MerchantId", "AssigneeId", "Status") DO UPDATE SET "Count" = "CaseCounts"."Count" + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_AfterSalesCases_Insert" AFTER INSERT ON "AfterSalesCases"
            FOR EACH ROW EXECUTE FUNCTION asd_case_counts();
        CREATE OR REPLACE TRIGGER "TR_AfterSalesCases_Count" AFTER UPDATE OF "MerchantId", "AssigneeId", "Status" ON "AfterSalesCases"
            FOR EACH ROW EXECUTE FUNCTION asd_case_counts();
        CREATE OR REPLACE TRIGGER "TR_AfterSalesCases_Delete" AFTER DELETE ON "AfterSalesCases"
            FOR EACH ROW EXECUTE FUNCTION asd_case_counts();

        -- The change feed: a case, its refunds, its rating or its follow-up changed at that moment.
        CREATE OR REPLACE FUNCTION asd_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."Id", NEW."UpdatedAt");
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_AfterSalesCases_Change" AFTER INSERT OR UPDATE ON "AfterSalesCases"
            FOR EACH ROW EXECUTE FUNCTION asd_case_changed();

        CREATE OR REPLACE FUNCTION asd_refund_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", NEW."ProposedAt");
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_Refunds_Change" AFTER INSERT OR UPDATE ON "Refunds"
            FOR EACH ROW EXECUTE FUNCTION asd_refund_changed();

        CREATE OR REPLACE FUNCTION asd_rating_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", NEW."RatedAt");
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_CaseRatings_Insert" AFTER INSERT ON "CaseRatings"
            FOR EACH ROW EXECUTE FUNCTION asd_rating_added();

        CREATE OR REPLACE FUNCTION asd_follow_up_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", COALESCE(NEW."DoneAt", NEW."CreatedAt"));
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_FollowUps_Update" AFTER UPDATE ON "FollowUps"
            FOR EACH ROW EXECUTE FUNCTION asd_follow_up_changed();
        """;

    public const string DropObjects = """
        DROP TRIGGER IF EXISTS "TR_FollowUps_Update" ON "FollowUps";
        DROP TRIGGER IF EXISTS "TR_CaseRatings_Insert" ON "CaseRatings";
        DROP TRIGGER IF EXISTS "TR_Refunds_Change" ON "Refunds";
        DROP TRIGGER IF EXISTS "TR_AfterSalesCases_Change" ON "AfterSalesCases";
        DROP TRIGGER IF EXISTS "TR_AfterSalesCases_Delete" ON "AfterSalesCases";
        DROP TRIGGER IF EXISTS "TR_AfterSalesCases_Count" ON "AfterSalesCases";
        DROP TRIGGER IF EXISTS "TR_AfterSalesCases_Insert" ON "AfterSalesCases";
        DROP TRIGGER IF EXISTS "TR_AuditEntries_NoTruncate" ON "AuditEntries";
        DROP TRIGGER IF EXISTS "TR_AuditEntries_NoDelete" ON "AuditEntries";
        DROP TRIGGER IF EXISTS "TR_AuditEntries_NoUpdate" ON "AuditEntries";
        DROP FUNCTION IF EXISTS asd_follow_up_changed(), asd_rating_added(), asd_refund_changed(), asd_case_changed(),
            asd_case_counts(), asd_audit_append_only();
        """;
}
