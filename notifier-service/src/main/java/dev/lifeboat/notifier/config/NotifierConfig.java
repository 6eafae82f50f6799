package dev.lifeboat.notifier.config;

import dev.lifeboat.notifier.message.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where notifications go and when. Channels and rules are named maps, e.g.
 * {@code lifeboat.notifier.channels.slack.url-ref=env:LIFEBOAT_SLACK_WEBHOOK_URL} and
 * {@code lifeboat.notifier.rules.failures.channels=slack,email}; application.properties declares the
 * default channels ({@code slack}, {@code email}, {@code stakeholders}) and rules.
 */
@ConfigMapping(prefix = "lifeboat.notifier")
public interface NotifierConfig {

    /** Channel name to how to reach it. A channel without its URL (Slack, webhook) or recipients (email) is off. */
    Map<String, Channel> channels();

    /** Rule name to what it matches and where it sends. */
    Map<String, Rule> rules();

    /** Labels of a database (id to labels), for rules that match on labels: {@code databases.orders-db.labels.team=payments}. */
    Map<String, DatabaseLabels> databases();

    Delivery delivery();

    Digest digest();

    Reminder reminder();

    /** Email sender address. */
    @WithDefault("lifeboat@localhost")
    String emailFrom();

    interface Channel {
        /** {@code slack}, {@code email} or {@code webhook}. */
        ChannelType type();

        /**
         * Slack and webhook: where the URL lives, {@code env:VARIABLE} or {@code file:/path} (a Slack webhook
         * URL is a secret; it is never logged).
         */
        Optional<String> urlRef();

        /** Webhook: where the HMAC-SHA256 signing secret lives ({@code env:} or {@code file:}). */
        Optional<String> secretRef();

        /** Email: the addresses; a rule's {@code recipients} replace them. */
        Optional<List<String>> recipients();
    }

    enum ChannelType { SLACK, EMAIL, WEBHOOK }

    interface Rule {
        /** Off when false (to switch off a default rule). */
        @WithDefault("true")
        boolean enabled();

        /** Event names (e.g. {@code BackupFailed}); none means every event. */
        Optional<List<String>> types();

        /** Database ids; none means every database. */
        Optional<List<String>> databases();

        /** Every label given must be on the database ({@code lifeboat.notifier.databases.<id>.labels}). */
        @WithDefault("")
        Map<String, String> labels();

        /** Severities; none means every severity. */
        Optional<List<Severity>> severities();

        /** Channel names to send to. */
        List<String> channels();

        /** Email recipients of this rule, instead of the email channel's own. */
        Optional<List<String>> recipients();
    }

    interface DatabaseLabels {
        @WithDefault("")
        Map<String, String> labels();
    }

    interface Delivery {
        /** Attempts before a delivery ends as {@code NotificationFailed}. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait after the first failed attempt; doubled after each one, up to {@code max-backoff}. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();

        /** How long one HTTP or SMTP attempt may take. */
        @WithDefault("PT15S")
        Duration timeout();

        /**
         * When true, deliveries are persisted but not attempted (maintenance of a channel); they go out
         * once it is false again.
         */
        @WithDefault("false")
        boolean paused();
    }

    interface Digest {
        /**
         * After a failure of a database is sent to a channel, further failures of that database to that
         * channel within this window are collapsed into one digest, sent when the window ends.
         */
        @WithDefault("PT15M")
        Duration window();
    }

    interface Reminder {
        /** When to remind the channels to review the restore-test reports: quarterly, the first day at 09:00 UTC. */
        @WithDefault("0 9 1 1,4,7,10 *")
        String schedule();

        /** Channels reminded; none configured means no reminders. */
        @WithDefault("slack,email")
        List<String> channels();

        /** Base URL of the verifier's API, for links to reports ({@code <url>/api/restore-tests/<id>/report}). */
        Optional<String> reportsUrl();
    }
}
