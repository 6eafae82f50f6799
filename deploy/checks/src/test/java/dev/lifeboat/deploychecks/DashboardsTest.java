package dev.lifeboat.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/grafana: each dashboard is well formed, filters by database where its metrics have one, and every query parses. */
class DashboardsTest {

    static final Path DASHBOARDS = DeployFiles.deploy("grafana/dashboards");
    /** The dashboards whose metrics carry a {@code database} label, and so a database variable. */
    private static final Set<String> PER_DATABASE = Set.of("fleet.json", "backups.json", "restores.json", "verification.json");

    @Test
    void theSixDashboardsAreThere() {
        assertThat(DeployFiles.files(DASHBOARDS, ".json")).extracting(file -> file.getFileName().toString())
                .containsExactly("audit.json", "backups.json", "fleet.json", "notifications.json", "restores.json", "verification.json");
    }

    @Test
    void eachDashboardHasAUniqueUidATitleAndPanelsThatNameTheProvisionedDatasource() {
        Set<String> uids = new HashSet<>();
        for (Path file : DeployFiles.files(DASHBOARDS, ".json")) {
            JsonNode dashboard = DeployFiles.json(file);
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid is unique").isTrue();
            assertThat(dashboard.path("title").asText()).as(file + " title").startsWith("Lifeboat / ");
            assertThat(dashboard.path("panels")).as(file + " panels").isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(file + " " + panel.path("title"))
                        .isEqualTo("lifeboat-prometheus");
                assertThat(panel.path("description").asText()).as(file + " " + panel.path("title") + " says what it shows").isNotBlank();
                assertThat(panel.path("targets")).as(file + " " + panel.path("title") + " queries").isNotEmpty();
            }
        }
    }

    @Test
    void theDashboardsOfPerDatabaseMetricsHaveADatabaseVariableThatEveryQueryUses() {
        for (String name : PER_DATABASE) {
            JsonNode dashboard = DeployFiles.json(DASHBOARDS.resolve(name));
            assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).as(name).contains("database");
            for (Query query : queries(DASHBOARDS.resolve(name))) {
                if (query.expr().contains("{database") || query.expr().contains("lifeboat_backup") || query.expr().contains("lifeboat_restore")) {
                    assertThat(query.expr()).as(query.where() + " filters by the database variable").contains("database=~\"$database\"");
                }
            }
        }
    }

    @Test
    void everyPanelQueryIsValidPromQl(@TempDir Path dir) throws IOException {
        List<Query> queries = new ArrayList<>();
        DeployFiles.files(DASHBOARDS, ".json").forEach(file -> queries.addAll(queries(file)));
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: panel_query_").append(i).append("\n        expr: '")
                    .append(asPrometheusSees(queries.get(i).expr()).replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("queries.yml"), rules);
        InstalledTool.Run check = InstalledTool.PROMTOOL.run(dir, "check", "rules", "queries.yml");
        assertThat(check.exitCode()).as(check.output() + "\nqueries: " + queries).isZero();
        assertThat(check.output()).contains(queries.size() + " rules found");
    }

    record Query(String where, String expr) {
    }

    static List<Query> queries(Path file) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : DeployFiles.json(file).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        return queries;
    }

    /** A panel query with Grafana's variables replaced as Grafana would before sending it. */
    static String asPrometheusSees(String expr) {
        return expr.replace("$database", ".*").replace("$channel", ".*").replace("$__rate_interval", "1m").replace("$__range", "1h");
    }
}
