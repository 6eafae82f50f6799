package dev.lifeboat.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/prometheus: the alert rules are valid, each says what to do, and each has a firing and a quiet unit test that pass. */
class AlertRulesTest {

    private static final Path PROMETHEUS = DeployFiles.deploy("prometheus");
    private static final Path RULES = PROMETHEUS.resolve("lifeboat-alerts.yml");
    private static final Path RULE_TESTS = PROMETHEUS.resolve("lifeboat-alerts.test.yml");

    @Test
    void promtoolFindsTheRulesValid() {
        InstalledTool.Run check = InstalledTool.PROMTOOL.run(PROMETHEUS, "check", "rules", RULES.getFileName().toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyAlertBehavesAsItsUnitTestsSay() {
        InstalledTool.Run test = InstalledTool.PROMTOOL.run(PROMETHEUS, "test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbook() {
        for (JsonNode rule : alerts()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(rule.path("annotations").path("runbook").asText()).as(alert + " runbook: what to do").hasSizeGreaterThan(40);
        }
    }

    @Test
    void everyAlertHasAtLeastOneCaseWhereItFiresAndOneWhereItStaysQuiet() {
        Map<String, List<Boolean>> cases = new HashMap<>();
        for (JsonNode test : DeployFiles.yaml(RULE_TESTS).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                cases.computeIfAbsent(expectation.path("alertname").asText(), name -> new ArrayList<>())
                        .add(!expectation.path("exp_alerts").isEmpty());
            }
        }
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : alerts()) {
            String alert = rule.path("alert").asText();
            names.add(alert);
            assertThat(cases.get(alert)).as(alert + ": a case where it fires and one where it does not").contains(true, false);
        }
        assertThat(cases.keySet()).as("unit tests of alerts that do not exist").isSubsetOf(names);
        assertThat(names).as("the alerts the issue asks for").contains("LifeboatBackupFailed", "LifeboatNoVerifiedBackupWithinRpo",
                "LifeboatVerificationFailed", "LifeboatRestoreTestFailed", "LifeboatRestoreTestOverdue", "LifeboatRestoreRolledBack",
                "LifeboatRestoreRunningTooLong", "LifeboatDeadLetters", "LifeboatNotificationFailed", "LifeboatAuditChainBroken",
                "LifeboatAuditIngestLagging", "LifeboatServiceDown");
    }

    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        DeployFiles.yaml(RULES).path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
        assertThat(alerts).as("alert rules in " + RULES).isNotEmpty();
        return alerts;
    }
}
