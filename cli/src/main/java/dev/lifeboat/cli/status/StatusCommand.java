package dev.lifeboat.cli.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lifeboat status}: is everything protected? One row per registered database; exit 1 when one is at risk. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"One table for the fleet: per database its last backup (age, size), last verification, last restore test",
                "and its RTO, RPO state, next scheduled backup and running work; then why any database is at risk.",
                "Exits 1 when a database is at risk (no verified backup within its RPO, a failed check, never restore-tested,",
                "a point-in-time capture stopped or its slot keeping more WAL than the backup service's limit).",
                "NOTE lines say what puts nothing at risk now but should be known (a newest backup stored unencrypted)."})
public final class StatusCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    public StatusCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        Instant now = root.clock().instant();
        List<DatabaseFacts> fleet = new FleetFacts(root.api()).all();
        Table table = new Table("DATABASE", "LAST BACKUP", "SIZE", "VERIFIED", "RESTORE TEST", "RTO", "RPO", "NEXT BACKUP", "RUNNING");
        ArrayNode document = JsonNodeFactory.instance.arrayNode();
        boolean atRisk = false;
        for (DatabaseFacts facts : fleet) {
            List<String> risks = facts.risks(now);
            atRisk |= !risks.isEmpty();
            table.row(facts.databaseId(), Human.age(facts.lastBackupAt(), now),
                    facts.lastBackupBytes() == null ? "-" : Human.size(facts.lastBackupBytes()),
                    facts.lastVerification() == null ? "-" : facts.lastVerification()
                            + (facts.lastVerifiedCheckAt() == null ? "" : " " + Human.age(facts.lastVerifiedCheckAt(), now)),
                    facts.lastTest() == null ? "never" : facts.lastTest() + " " + Human.age(facts.lastTestAt(), now),
                    facts.lastTestRestoreMs() == null ? "-" : Human.millis(facts.lastTestRestoreMs()),
                    rpo(facts, now), facts.nextBackupAt() == null ? "-" : "in " + Human.duration(Duration.between(now, facts.nextBackupAt())),
                    facts.running().isEmpty() ? "-" : String.join(", ", facts.running()));
            document.add(json(facts, risks, now));
        }
        output.document(document);
        if (fleet.isEmpty()) {
            output.line("No database is registered yet: POST /api/databases on the backup service (see the README).");
            return ExitCodes.OK;
        }
        output.table(table);
        for (DatabaseFacts facts : fleet) {
            for (String risk : facts.risks(now)) {
                output.line("AT RISK " + facts.databaseId() + ": " + risk);
            }
        }
        for (DatabaseFacts facts : fleet) {
            for (String notice : facts.notices()) {
                output.line("NOTE " + facts.databaseId() + ": " + notice);
            }
        }
        if (!atRisk) {
            output.line("Every database is protected.");
        }
        return atRisk ? ExitCodes.NOT_OK : ExitCodes.OK;
    }

    private static String rpo(DatabaseFacts facts, Instant now) {
        Duration age = facts.rpoAge(now);
        if (age == null) {
            return "none verified";
        }
        return (age.compareTo(facts.rpo()) > 0 ? "EXCEEDED " : "ok ") + Human.duration(age) + " / " + Human.duration(facts.rpo());
    }

    private static ObjectNode json(DatabaseFacts facts, List<String> risks, Instant now) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("databaseId", facts.databaseId())
                .put("protected", risks.isEmpty())
                .put("lastBackupAt", text(facts.lastBackupAt())).put("lastBackupBytes", facts.lastBackupBytes())
                .put("lastVerification", facts.lastVerification()).put("protectedUntil", text(facts.protectedUntil()))
                .put("rpo", facts.rpo().toString())
                .put("rpoAgeSeconds", facts.rpoAge(now) == null ? null : facts.rpoAge(now).getSeconds())
                .put("lastRestoreTest", facts.lastTest()).put("lastRestoreTestAt", text(facts.lastTestAt()))
                .put("lastRestoreTestRestoreMs", facts.lastTestRestoreMs()).put("nextBackupAt", text(facts.nextBackupAt()))
                .put("lastBackupEncrypted", facts.lastBackupEncrypted());
        facts.running().forEach(node.putArray("running")::add);
        risks.forEach(node.putArray("risks")::add);
        facts.notices().forEach(node.putArray("notices")::add);
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
