package dev.lifeboat.backup.registry;

import dev.lifeboat.backup.api.DatabaseBody;
import dev.lifeboat.events.registry.DatabaseRegistration.D1Database;
import dev.lifeboat.events.registry.DatabaseRegistration.RestoreRole;
import dev.lifeboat.events.registry.DatabaseRegistration.Tls;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a registration must follow, and what it gets when it leaves something out. */
class DatabaseSettingsTest {

    private static final String SECRET_REF_RULE = "credentialRef must be env:VARIABLE_NAME or file:/absolute/path";

    @Test
    void aDatabaseThatNamesNoneOfTheOptionalSettingsIsNotCapturedRunsTwoBackupsPerServerAndHasNoLabels() {
        DatabaseSettings settings = settings(draft -> { });

        assertThat(settings.pointInTimeWindow()).isNull();
        assertThat(settings.pointInTimeMaxReplay()).isNull();
        assertThat(settings.maxConcurrentPerServer()).isEqualTo(2);
        assertThat(settings.labels()).isEmpty();
        assertThat(settings.freshnessColumns()).isEmpty();
    }

    @Test
    void aCapturedDatabaseWithoutAReplayBudgetGetsTenMinutesAndOneThatNamesABudgetKeepsIt() {
        assertThat(settings(draft -> draft.window = Duration.ofDays(7)).pointInTimeMaxReplay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings(draft -> {
            draft.window = Duration.ofDays(7);
            draft.maxReplay = Duration.ofMinutes(5);
        }).pointInTimeMaxReplay()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aReplayBudgetWithoutAWindowIsDroppedWithoutBeingChecked() {
        DatabaseSettings settings = settings(draft -> draft.maxReplay = Duration.ofSeconds(1));

        assertThat(settings.pointInTimeMaxReplay()).isNull();
    }

    @Test
    void pointInTimeEnabledThroughTheApiWithoutAWindowGetsSevenDaysAndTheDefaultBudget() {
        DatabaseBody.PointInTime enabled = new DatabaseBody.PointInTime(true, null, null);
        DatabaseBody.PointInTime disabled = new DatabaseBody.PointInTime(false, Duration.ofDays(30), Duration.ofMinutes(5));
        DatabaseBody.PointInTime unsaid = new DatabaseBody.PointInTime(null, Duration.ofDays(30), null);

        assertThat(enabled.enabledWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(enabled.enabledMaxReplay()).isNull();
        assertThat(disabled.enabledWindow()).isNull();
        assertThat(disabled.enabledMaxReplay()).isNull();
        assertThat(unsaid.enabledWindow()).isNull();
        DatabaseSettings settings = settings(draft -> {
            draft.window = enabled.enabledWindow();
            draft.maxReplay = enabled.enabledMaxReplay();
        });
        assertThat(settings.pointInTimeWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.pointInTimeMaxReplay()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theIdIsOneTo63LowerCaseLettersDigitsAndDashesStartingWithALetterOrDigit() {
        assertThat(settings(draft -> draft.id = "9lives").id()).isEqualTo("9lives");
        assertThat(settings(draft -> draft.id = "a".repeat(63)).id()).hasSize(63);
        String rule = "id must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit, not ";
        refused(draft -> draft.id = "Orders").hasMessage(rule + "'Orders'");
        refused(draft -> draft.id = "-orders").hasMessage(rule + "'-orders'");
        refused(draft -> draft.id = "orders_db").hasMessage(rule + "'orders_db'");
        refused(draft -> draft.id = "").hasMessage(rule + "''");
        refused(draft -> draft.id = null).hasMessage(rule + "'null'");
        refused(draft -> draft.id = "a".repeat(64)).hasMessage(rule + "'" + "a".repeat(64) + "'");
    }

    @Test
    void aLongRefusedValueIsShownCutToItsFirstHundredCharacters() {
        refused(draft -> draft.id = "X".repeat(150)).hasMessageEndingWith("not '" + "X".repeat(100) + "\u2026'");
        refused(draft -> draft.host = "h".repeat(256))
                .hasMessage("host must be a host name or IP address, not '" + "h".repeat(100) + "\u2026'");
    }

    @Test
    void theHostIsAHostNameOrAnIpAddressWithAtLeastOneLetterOrDigit() {
        for (String host : List.of("db.internal", "10.0.0.5", "[::1]", "::1", "db-1.eu_west", "h".repeat(255))) {
            assertThat(settings(draft -> draft.host = host).host()).isEqualTo(host);
        }
        refused(draft -> draft.host = "...").hasMessage("host must be a host name or IP address, not '...'");
        refused(draft -> draft.host = "db internal").hasMessage("host must be a host name or IP address, not 'db internal'");
        refused(draft -> draft.host = "db;drop").hasMessage("host must be a host name or IP address, not 'db;drop'");
        refused(draft -> draft.host = "").hasMessage("host must be a host name or IP address, not ''");
        refused(draft -> draft.host = null).hasMessage("host must be a host name or IP address, not 'null'");
    }

    @Test
    void thePortIsFrom1To65535() {
        assertThat(settings(draft -> draft.port = 1).port()).isEqualTo(1);
        assertThat(settings(draft -> draft.port = 65535).port()).isEqualTo(65535);
        refused(draft -> draft.port = 0).hasMessage("port must be 1-65535, not 0");
        refused(draft -> draft.port = 65536).hasMessage("port must be 1-65535, not 65536");
    }

    @Test
    void theDatabaseAndUserAreAnyPostgresNamesOf1To63CharactersWithoutANul() {
        assertThat(settings(draft -> draft.databaseName = "My Shop \u00e9").databaseName()).isEqualTo("My Shop \u00e9");
        assertThat(settings(draft -> draft.username = "u".repeat(63)).username()).hasSize(63);
        String database = "database must be a PostgreSQL database name of 1-63 characters";
        refused(draft -> draft.databaseName = null).hasMessage(database);
        refused(draft -> draft.databaseName = "").hasMessage(database);
        refused(draft -> draft.databaseName = "d".repeat(64)).hasMessage(database);
        refused(draft -> draft.databaseName = "shop\0").hasMessage(database);
        String username = "username must be a PostgreSQL role name of 1-63 characters";
        refused(draft -> draft.username = null).hasMessage(username);
        refused(draft -> draft.username = "u".repeat(64)).hasMessage(username);
    }

    @Test
    void aCredentialReferenceIsOptionalAndOneThatIsNotAReferenceIsRefusedWithoutRepeatingIt() {
        assertThat(settings(draft -> draft.credentialRef = null).credentialRef()).isNull();
        assertThat(settings(draft -> draft.credentialRef = "file:/run/secrets/pg").credentialRef()).isEqualTo("file:/run/secrets/pg");
        refused(draft -> draft.credentialRef = "hunter2")
                .hasMessage(SECRET_REF_RULE + "; the value given (7 characters) is not shown, as it may be a password");
        refused(draft -> draft.credentialRef = "file:/").hasMessageStartingWith(SECRET_REF_RULE);
        refused(draft -> draft.credentialRef = "env:1PASSWORD").hasMessageStartingWith(SECRET_REF_RULE);
    }

    @Test
    void bothRolesReferencesMayNameOnlyWhatIsProvisionedForDatabases() {
        DatabaseSecrets secrets = new DatabaseSecrets("LIFEBOAT_DB_", Path.of("/run/secrets/lifeboat-db"));
        DatabaseSettings provisioned = settings(draft -> {
            draft.credentialRef = "env:LIFEBOAT_DB_ORDERS";
            draft.restore = new RestoreRole("restorer", "file:/run/secrets/lifeboat-db/orders-restore");
        });
        assertThat(provisioned.provisionedBy(secrets)).isSameAs(provisioned);
        assertThat(settings(draft -> draft.credentialRef = null).provisionedBy(secrets).credentialRef()).isNull();

        assertThatThrownBy(() -> settings(draft -> draft.credentialRef = "env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY").provisionedBy(secrets))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(secrets.rule());
        assertThatThrownBy(() -> settings(draft -> draft.restore = new RestoreRole("restorer", "file:/run/secrets/archive.key"))
                .provisionedBy(secrets)).isInstanceOf(IllegalArgumentException.class).hasMessage(secrets.rule());
    }

    @Test
    void tlsNamesOneOfLibpqsCheckingModesAndTheVerifyingOnesACaReferenceProvisionedForDatabases() {
        DatabaseSecrets secrets = new DatabaseSecrets("LIFEBOAT_DB_", Path.of("/run/secrets/lifeboat-db"));
        assertThat(settings(draft -> draft.tls = new Tls("require", null)).tls()).isEqualTo(new Tls("require", null));
        DatabaseSettings verifying = settings(draft -> {
            draft.credentialRef = "env:LIFEBOAT_DB_ORDERS";
            draft.tls = new Tls("verify-full", "file:/run/secrets/lifeboat-db/orders-ca.pem");
        });
        assertThat(verifying.provisionedBy(secrets)).isSameAs(verifying);

        refused(draft -> draft.tls = new Tls("prefer", null))
                .hasMessage("tls.sslmode must be one of require, verify-ca, verify-full, not 'prefer'");
        refused(draft -> draft.tls = new Tls(null, null)).hasMessageStartingWith("tls.sslmode must be one of");
        refused(draft -> draft.tls = new Tls(null, "file:/run/secrets/lifeboat-db/orders-ca.pem"))
                .hasMessageStartingWith("tls.sslmode must be one of");
        refused(draft -> draft.tls = new Tls("require", "file:/run/secrets/lifeboat-db/orders-ca.pem"))
                .hasMessageStartingWith("tls.caRef is for tls.sslmode verify-ca and verify-full");
        refused(draft -> draft.tls = new Tls("verify-ca", null))
                .hasMessage("tls.sslmode verify-ca checks the server's certificate: tls.caRef must name the certificate authority's certificate");
        refused(draft -> draft.tls = new Tls("verify-full", "-----BEGIN CERTIFICATE-----MIIB"))
                .hasMessageStartingWith("tls.caRef must be env:VARIABLE_NAME or file:/absolute/path; the value given (31 characters) is not shown");
        assertThatThrownBy(() -> settings(draft -> {
            draft.credentialRef = "env:LIFEBOAT_DB_ORDERS";
            draft.tls = new Tls("verify-full", "env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY");
        }).provisionedBy(secrets)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls.caRef must name a secret provisioned for databases: env:LIFEBOAT_DB_…");
        refused(draft -> {
            draft.d1Remote();
            draft.tls = new Tls("require", null);
        }).hasMessage("tls is for a PostgreSQL server's connections; a D1 database is reached through wrangler");
    }

    @Test
    void aRestoreRoleNeedsAUsernameAndItsReferenceIsCheckedLikeTheBackupRoles() {
        assertThat(settings(draft -> draft.restore = new RestoreRole("restorer", null)).restore().username()).isEqualTo("restorer");
        refused(draft -> draft.restore = new RestoreRole(null, "env:RESTORE_PASSWORD"))
                .hasMessage("restore.username must be a PostgreSQL role name of 1-63 characters");
        refused(draft -> draft.restore = new RestoreRole("restorer", "s3cret"))
                .hasMessage(SECRET_REF_RULE + "; the value given (6 characters) is not shown, as it may be a password");
    }

    @Test
    void theScheduleIsACronOfFiveFieldsOrSixWithSecondsFirst() {
        assertThat(settings(draft -> draft.schedule = "*/10 * * * * *").schedule()).isEqualTo("*/10 * * * * *");
        refused(draft -> draft.schedule = null).hasMessage("schedule must be a cron expression, e.g. '0 2 * * *'");
        refused(draft -> draft.schedule = "  ").hasMessage("schedule must be a cron expression, e.g. '0 2 * * *'");
        refused(draft -> draft.schedule = "0 2 * *")
                .hasMessage("schedule '0 2 * *' must have 5 fields (minute hour day month weekday) or 6 (seconds first), not 4");
        refused(draft -> draft.schedule = "99 2 * * *").hasMessageStartingWith("schedule '99 2 * * *' is not a valid cron expression: ");
    }

    @Test
    void theRpoIsAtLeastOneWholeMinute() {
        assertThat(settings(draft -> draft.rpo = Duration.ofMinutes(1)).rpo()).isEqualTo(Duration.ofMinutes(1));
        String rule = "rpo must be a positive ISO-8601 duration such as PT24H, not ";
        refused(draft -> draft.rpo = Duration.ofSeconds(59)).hasMessage(rule + "PT59S");
        refused(draft -> draft.rpo = Duration.ZERO).hasMessage(rule + "PT0S");
        refused(draft -> draft.rpo = Duration.ofHours(-1)).hasMessage(rule + "PT-1H");
        refused(draft -> draft.rpo = null).hasMessage(rule + "null");
    }

    @Test
    void retentionIsRequiredItsRulesAreNeverNegativeAndNoPinsMeansAnEmptyList() {
        refused(draft -> draft.retention = null).hasMessage("retention is required");
        assertThatThrownBy(() -> new RetentionRules(-1, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retention.maxAgeDays must be 0 or more, not -1");
        assertThatThrownBy(() -> new RetentionRules(null, -3, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retention.keepLast must be 0 or more, not -3");
        assertThatThrownBy(() -> new RetentionRules(0, 0, 0, 0, -2, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retention.monthly must be 0 or more, not -2");
        assertThat(new RetentionRules(0, 0, 0, 0, 0, null).pinned()).isEmpty();
        assertThat(RetentionRules.orZero(null)).isZero();
    }

    @Test
    void retentionThatKeepsNothingIsRefusedAsUnprocessableAndOneRuleIsEnough() {
        for (RetentionRules nothing : List.of(new RetentionRules(0, 0, 0, 0, 0, List.of()), new RetentionRules(null, null, null, null, null, null),
                new RetentionRules(null, 0, 0, null, 0, List.of()))) {
            assertThat(nothing.keepsNothing()).isTrue();
            assertThatThrownBy(() -> settings(draft -> draft.retention = nothing)).isInstanceOf(UnprocessableSettings.class)
                    .hasMessageStartingWith("retention keeps nothing: maxAgeDays, keepLast, daily, weekly and monthly are all 0 or unset and nothing is pinned");
        }
        for (RetentionRules something : List.of(new RetentionRules(1, 0, 0, 0, 0, List.of()), new RetentionRules(null, 2, null, null, null, null),
                new RetentionRules(0, 0, 0, 0, 1, List.of()), new RetentionRules(0, 0, 0, 0, 0, List.of("b-1")))) {
            assertThat(settings(draft -> draft.retention = something).retention()).isEqualTo(something);
        }
    }

    @Test
    void thePointInTimeWindowIsFromOneHourToNinetyDaysBothIncluded() {
        assertThat(settings(draft -> draft.window = Duration.ofHours(1)).pointInTimeWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(settings(draft -> draft.window = Duration.ofDays(90)).pointInTimeWindow()).isEqualTo(Duration.ofDays(90));
        String rule = "pointInTime.window must be an ISO-8601 duration from PT1H to P90D, not ";
        refused(draft -> draft.window = Duration.ofMinutes(59)).hasMessage(rule + "PT59M");
        refused(draft -> draft.window = Duration.ofDays(90).plusSeconds(1)).hasMessage(rule + "PT2160H1S");
    }

    @Test
    void theReplayBudgetOfACapturedDatabaseIsFromOneMinuteTo24HoursBothIncluded() {
        Consumer<Draft> captured = draft -> draft.window = Duration.ofDays(7);
        assertThat(settings(captured.andThen(draft -> draft.maxReplay = Duration.ofMinutes(1))).pointInTimeMaxReplay())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(settings(captured.andThen(draft -> draft.maxReplay = Duration.ofHours(24))).pointInTimeMaxReplay())
                .isEqualTo(Duration.ofHours(24));
        String rule = "pointInTime.maxReplay must be an ISO-8601 duration from PT1M to PT24H, not ";
        refused(captured.andThen(draft -> draft.maxReplay = Duration.ofSeconds(59))).hasMessage(rule + "PT59S");
        refused(captured.andThen(draft -> draft.maxReplay = Duration.ofHours(24).plusSeconds(1))).hasMessage(rule + "PT24H1S");
    }

    @Test
    void atMostSixtyFourBackupsAtOnceMayRunAgainstOneServer() {
        assertThat(settings(draft -> draft.maxConcurrentPerServer = 1).maxConcurrentPerServer()).isEqualTo(1);
        assertThat(settings(draft -> draft.maxConcurrentPerServer = 64).maxConcurrentPerServer()).isEqualTo(64);
        refused(draft -> draft.maxConcurrentPerServer = 0).hasMessage("maxConcurrentPerServer must be 1-64, not 0");
        refused(draft -> draft.maxConcurrentPerServer = 65).hasMessage("maxConcurrentPerServer must be 1-64, not 65");
    }

    @Test
    void aFreshnessColumnNamesASchemaQualifiedTableAndAColumn() {
        assertThat(settings(draft -> draft.freshnessColumns = Map.of("public.orders", "placed_at", "sales.q1.totals", "at"))
                .freshnessColumns()).containsEntry("public.orders", "placed_at").containsEntry("sales.q1.totals", "at");
        refused(draft -> draft.freshnessColumns = Map.of("orders", "placed_at"))
                .hasMessage("freshnessColumns: 'orders' must be a table as schema.table");
        refused(draft -> draft.freshnessColumns = Map.of(".orders", "placed_at"))
                .hasMessage("freshnessColumns: '.orders' must be a table as schema.table");
        refused(draft -> draft.freshnessColumns = Map.of("public.orders", ""))
                .hasMessage("freshnessColumns: the column of public.orders must be a PostgreSQL column name of 1-63 characters");
    }

    @Test
    void labelsAreCopiedSoTheCallersMapCannotChangeThemLater() {
        Map<String, String> labels = new HashMap<>(Map.of("team", "payments"));
        DatabaseSettings settings = settings(draft -> draft.labels = labels);
        labels.put("tier", "gold");

        assertThat(settings.labels()).isEqualTo(Map.of("team", "payments"));
    }

    @Test
    void whenSeveralRulesAreBrokenTheFirstInOrderIsReported() {
        refused(draft -> {
            draft.port = 0;
            draft.id = "Bad";
        }).hasMessageStartingWith("id must be");
        refused(draft -> {
            draft.schedule = "nightly";
            draft.port = 0;
        }).hasMessage("port must be 1-65535, not 0");
        refused(draft -> {
            draft.window = Duration.ofMinutes(1);
            draft.maxReplay = Duration.ofSeconds(1);
        }).hasMessageStartingWith("pointInTime.window must be");
    }

    @Test
    void theStoredRowHoldsTheTrimmedCronTheRpoInWholeMinutesAndThePointInTimeSettingsInSeconds() {
        RetentionRules retention = new RetentionRules(30, 5, 7, 4, 12, List.of("b-1", "b-2"));
        DatabaseSettings settings = settings(draft -> {
            draft.schedule = "  0 2 * * *  ";
            draft.rpo = Duration.ofSeconds(90);
            draft.retention = retention;
            draft.window = Duration.ofHours(2);
            draft.restore = new RestoreRole("restorer", "env:RESTORE_PASSWORD");
        });
        RegisteredDatabase row = new RegisteredDatabase();
        settings.applyTo(row);

        assertThat(row.schedule).isEqualTo("0 2 * * *");
        assertThat(row.rpoMinutes).isEqualTo(1);
        assertThat(row.pointInTimeWindowSeconds).isEqualTo(7200L);
        assertThat(row.pointInTimeMaxReplaySeconds).isEqualTo(600L);
        assertThat(row.maxConcurrentPerServer).isEqualTo(2);
        assertThat(row.restoreUsername).isEqualTo("restorer");
        assertThat(row.restoreCredentialRef).isEqualTo("env:RESTORE_PASSWORD");
        assertThat(row.pinnedBackups).containsExactly("b-1", "b-2");
        assertThat(DatabaseSettings.retentionOf(row)).isEqualTo(retention);
    }

    @Test
    void aDatabaseThatNamesNoEngineIsPostgresqlAndMayNotNameD1Settings() {
        assertThat(settings(draft -> { }).engine()).isEqualTo(Engine.POSTGRESQL);
        refused(draft -> draft.d1 = new D1Database(null, null, "/var/lib/d1")).hasMessage("d1 is only for a database whose engine is d1");
    }

    @Test
    void aRemoteD1DatabaseSharesItsLimitsWithItsAccountAndIsStoredWithoutARole() {
        DatabaseSettings settings = settings(Draft::d1Remote);
        RegisteredDatabase row = new RegisteredDatabase();
        settings.applyTo(row);

        assertThat(row.engine).isEqualTo(Engine.D1);
        assertThat(row.host).isEqualTo("d1-0123456789abcdef0123456789abcdef");
        assertThat(row.username).isNull();
        assertThat(row.d1()).isEqualTo(new D1Database("0123456789abcdef0123456789abcdef", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", null));
        assertThat(Registrations.of(withDeclaration(row)).host()).isNull();
        assertThat(Registrations.of(row).engine()).isEqualTo("d1");
    }

    @Test
    void aD1RegistrationIsRefusedWhatOnlyPostgresqlCanDoWithAReasonAndItsOwnMistakesAsBadInput() {
        assertThatThrownBy(() -> settings(draft -> {
            draft.d1Remote();
            draft.window = Duration.ofDays(7);
        })).isInstanceOf(UnsupportedByEngine.class).hasMessageContaining("D1 Time Travel")
                .hasMessageContaining("wrangler d1 time-travel restore");
        assertThatThrownBy(() -> settings(draft -> {
            draft.d1Remote();
            draft.restore = new RestoreRole("restorer", null);
        })).isInstanceOf(UnsupportedByEngine.class);
        refused(draft -> {
            draft.d1Remote();
            draft.credentialRef = null;
        }).hasMessageStartingWith("credentialRef is required for a remote D1 database");
        refused(draft -> {
            draft.d1Remote();
            draft.d1 = new D1Database("not-an-account", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", null);
        }).hasMessageStartingWith("d1.accountId must be a Cloudflare account id");
        refused(draft -> {
            draft.d1Remote();
            draft.d1 = null;
        }).hasMessageStartingWith("d1 is required for a D1 database");
        refused(draft -> {
            draft.d1Remote();
            draft.host = "db.internal";
        }).hasMessageStartingWith("host and username are PostgreSQL's");
        refused(draft -> {
            draft.d1Remote();
            draft.d1 = new D1Database(null, null, "relative/folder");
        }).hasMessage("d1.localFolder must be an absolute folder path");
    }

    private static RegisteredDatabase withDeclaration(RegisteredDatabase row) {
        row.declaredIn = RegisteredDatabase.DeclaredIn.API;
        row.schedule = "0 2 * * *";
        return row;
    }

    private static DatabaseSettings settings(Consumer<Draft> change) {
        Draft draft = new Draft();
        change.accept(draft);
        return draft.build();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Consumer<Draft> change) {
        return assertThatThrownBy(() -> settings(change)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A registration as DatabaseResource builds one from a body naming only id, host, database, username and credentialRef:
     * port 5432 and the configured defaults (schedule 0 2 * * *, RPO PT24H, retention 30 days and 7/4/12) fill the rest.
     */
    private static final class Draft {
        String id = "orders-db";
        String host = "db.internal";
        int port = 5432;
        String databaseName = "orders";
        String username = "backup";
        String credentialRef = "env:ORDERS_PASSWORD";
        RestoreRole restore;
        String schedule = "0 2 * * *";
        Duration rpo = Duration.ofHours(24);
        RetentionRules retention = new RetentionRules(30, null, 7, 4, 12, List.of());
        Map<String, String> labels;
        Map<String, String> freshnessColumns;
        Duration window;
        Duration maxReplay;
        Integer maxConcurrentPerServer;
        Engine engine;
        D1Database d1;
        Tls tls;

        /** A remote D1 database: account, database id and the token's reference, no host, port or role. */
        void d1Remote() {
            engine = Engine.D1;
            host = null;
            port = 0;
            username = null;
            databaseName = "portal";
            credentialRef = "env:LIFEBOAT_DB_PORTAL_TOKEN";
            d1 = new D1Database("0123456789abcdef0123456789abcdef", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", null);
        }

        DatabaseSettings build() {
            return new DatabaseSettings(id, host, port, databaseName, username, credentialRef, restore, schedule, rpo, retention,
                    labels, freshnessColumns, window, maxReplay, maxConcurrentPerServer, engine, d1, tls, false);
        }
    }
}
