package dev.lifeboat.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The channels the tests notify, on a real local HTTP server ({@link HttpReceiver}) and the real SMTP
 * server: {@code slack} (its URL, like Slack's, carries a secret token), {@code email} (on-call),
 * {@code stakeholders}, a signed webhook {@code receiver}, and two Slack channels for the retry tests:
 * {@code flaky-slack} (database {@code flaky-db}) and {@code broken-slack} (database {@code broken-db}).
 * Delivery retries and the digest window are short, so the tests see them happen.
 */
public class NotifierTestChannels implements QuarkusTestResourceLifecycleManager {

    public static final String SLACK_PATH = "/services/T0LIFE/B0BOAT/" + "xoxb-s3cr3t-token";
    public static final String HOOK_PATH = "/hook";
    public static final String FLAKY_PATH = "/flaky";
    public static final String BROKEN_PATH = "/broken";
    public static final String TEAM_PATH = "/team";
    public static final String HOOK_SECRET = "whsec-test-7c1e";
    public static final String ONCALL = "oncall@lifeboat.test";
    public static final String STAKEHOLDERS = "team@lifeboat.test";
    public static final int MAX_ATTEMPTS = 3;

    private static HttpReceiver receiver;

    public static HttpReceiver receiver() {
        return receiver;
    }

    @Override
    public Map<String, String> start() {
        receiver = HttpReceiver.start();
        return settings(receiver, Path.of("target/notifier-test-channels"));
    }

    /** The channel, rule and delivery settings of the tests, pointing at {@code receiver}; secrets in files under {@code dir}. */
    public static Map<String, String> settings(HttpReceiver receiver, Path dir) {
        Map<String, String> config = new HashMap<>();
        config.put("lifeboat.notifier.channels.slack.url-ref", "file:" + secret(dir, "slack.url", receiver.url(SLACK_PATH)));
        config.put("lifeboat.notifier.channels.email.recipients", ONCALL);
        config.put("lifeboat.notifier.channels.stakeholders.recipients", STAKEHOLDERS);
        config.put("lifeboat.notifier.channels.receiver.type", "webhook");
        config.put("lifeboat.notifier.channels.receiver.url-ref", "file:" + secret(dir, "hook.url", receiver.url(HOOK_PATH)));
        config.put("lifeboat.notifier.channels.receiver.secret-ref", "file:" + secret(dir, "hook.secret", HOOK_SECRET));
        config.put("lifeboat.notifier.channels.flaky-slack.type", "slack");
        config.put("lifeboat.notifier.channels.flaky-slack.url-ref", "file:" + secret(dir, "flaky.url", receiver.url(FLAKY_PATH)));
        config.put("lifeboat.notifier.channels.broken-slack.type", "slack");
        config.put("lifeboat.notifier.channels.broken-slack.url-ref", "file:" + secret(dir, "broken.url", receiver.url(BROKEN_PATH)));
        config.put("lifeboat.notifier.channels.team-slack.type", "slack");
        config.put("lifeboat.notifier.channels.team-slack.url-ref", "file:" + secret(dir, "team.url", receiver.url(TEAM_PATH)));
        config.put("lifeboat.notifier.rules.payments-team.labels.team", "payments");
        config.put("lifeboat.notifier.rules.payments-team.channels", "team-slack");
        config.put("lifeboat.notifier.rules.to-receiver.types", "BackupFailed,RestoreRolledBack");
        config.put("lifeboat.notifier.rules.to-receiver.channels", "receiver");
        config.put("lifeboat.notifier.rules.restore-tests.types", "RestoreTestCompleted");
        config.put("lifeboat.notifier.rules.restore-tests.channels", "slack");
        config.put("lifeboat.notifier.rules.flaky.databases", "flaky-db");
        config.put("lifeboat.notifier.rules.flaky.channels", "flaky-slack");
        config.put("lifeboat.notifier.rules.broken.databases", "broken-db");
        config.put("lifeboat.notifier.rules.broken.channels", "broken-slack");
        config.put("lifeboat.notifier.delivery.max-attempts", String.valueOf(MAX_ATTEMPTS));
        config.put("lifeboat.notifier.delivery.initial-backoff", "PT0.3S");
        config.put("lifeboat.notifier.delivery.max-backoff", "PT1S");
        config.put("lifeboat.notifier.digest.window", "PT10S");
        config.put("lifeboat.notifier.reminder.channels", "slack");
        config.put("lifeboat.notifier.reminder.reports-url", "http://verifier.test:8083");
        return config;
    }

    private static Path secret(Path dir, String name, String value) {
        try {
            return Files.writeString(Files.createDirectories(dir).resolve(name), value).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
