package dev.lifeboat.verifier;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.backup.fixtures.BackupServiceTestStack;

import java.util.HashMap;
import java.util.Map;

/**
 * The backup-service stack ({@link BackupServiceTestStack}); the test server is also the verifier's
 * scratch server. The backed-up databases live on the test server and are registered with the backup
 * service:
 * <ul>
 * <li>{@code shop}: the varied-types database, for verifications and restore tests, with freshness columns;</li>
 * <li>{@code edited}: a copy (freshness columns too) whose manifest a test edits;</li>
 * <li>{@code fresh}: for the freshness watch;</li>
 * <li>{@code quarterly}: the only one on the default restore-test schedule (the others' schedules
 * fire only on 29 February, so a test that moves the clock to a quarter's start fires this one alone);</li>
 * <li>{@code pitr}: a small database captured for point-in-time restore (as the superuser, who may replicate).</li>
 * </ul>
 */
public class VerifierTestStack extends BackupServiceTestStack {

    static final Map<String, String> DATABASES = Map.of("shop", "shop", "edited", "shop_edited", "fresh", "fresh", "quarterly", "quarterly");
    static final String POINT_IN_TIME = "pitr";
    /** A local D1 database (workerd's SQLite through the real wrangler): its backups are checked and restore-tested too. */
    static final String D1 = "portal";
    static final java.nio.file.Path D1_FOLDER = java.nio.file.Path.of("target", "verifier-test-stack", "d1").toAbsolutePath();
    static final String POINT_IN_TIME_DATABASE = "pitr_tiny";
    private static final String NEVER_SOON = "0 0 29 2 *";
    /** The freshness columns of {@code shop} and {@code edited}, whose newest values restore tests check. */
    static final Map<String, String> FRESHNESS_COLUMNS = Map.of("public.orders", "placed", "public.customer", "created");

    @Override
    protected String stateDirectory() {
        return "verifier-test-stack";
    }

    /** The verifier copies verified backups to a second bucket on a second S3 server ({@code SecondCopiesTest}). */
    @Override
    protected boolean withSecondBucket() {
        return true;
    }

    @Override
    protected Map<String, String> configure(Stack stack) {
        stack.shop().createShop("shop");
        stack.shop().createShop("shop_edited");
        stack.shop().createTiny("fresh");
        stack.shop().createTiny("quarterly");
        DATABASES.forEach((id, database) -> stack.backupService().register(id, stack.postgres(), database, ShopDatabase.OWNER,
                "file:" + stack.ownerPassword(), database.startsWith("shop") ? FRESHNESS_COLUMNS : Map.of()));

        stack.shop().createTiny(POINT_IN_TIME_DATABASE);
        stack.backupService().registerForPointInTime(POINT_IN_TIME, stack.postgres(), POINT_IN_TIME_DATABASE,
                stack.postgres().superuser(), "file:" + stack.superuserPassword());

        D1Portal.create(D1_FOLDER);
        stack.backupService().registerD1(D1, D1Portal.NAME, D1_FOLDER);

        Map<String, String> verifier = new HashMap<>();
        verifier.put("lifeboat.verifier.scratch.host", stack.postgres().host());
        verifier.put("lifeboat.verifier.scratch.port", String.valueOf(stack.postgres().port()));
        verifier.put("lifeboat.verifier.scratch.username", stack.postgres().superuser());
        verifier.put("lifeboat.verifier.scratch.credential-ref", "file:" + stack.superuserPassword());
        for (String id : new String[]{"shop", "edited", "fresh", POINT_IN_TIME, D1}) {
            verifier.put("lifeboat.verifier.databases." + id + ".restore-test-schedule", NEVER_SOON);
        }
        return verifier;
    }
}
