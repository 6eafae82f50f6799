package dev.lifeboat.notifier.channel;

import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.message.MessageJson;

import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.notifier.config.NotifierConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured channels, and sending one message to one of them (blocking: delivery worker threads).
 * Slack gets Block Kit; email gets an HTML and a plain-text body from the Qute templates
 * {@code notification.html} and {@code notification.txt}; a webhook gets the CloudEvent as JSON, signed
 * (see {@link WebhookSignature}). Secrets (URLs, signing keys) are resolved at each send and never logged.
 */
@ApplicationScoped
public class Channels {

    private final NotifierConfig config;
    private final Mailer mailer;
    private final Template html;
    private final Template text;
    private final JsonPost post;

    public Channels(NotifierConfig config, Mailer mailer, @Location("notification.html") Template html,
                    @Location("notification.txt") Template text) {
        this.config = config;
        this.mailer = mailer;
        this.html = html;
        this.text = text;
        this.post = new JsonPost(config.delivery().timeout());
    }

    public boolean known(String channel) {
        return config.channels().containsKey(channel);
    }

    /** Set up: Slack and webhooks have a URL reference, email has recipients. */
    public boolean enabled(String channel) {
        NotifierConfig.Channel settings = config.channels().get(channel);
        if (settings == null) {
            return false;
        }
        return switch (settings.type()) {
            case SLACK, WEBHOOK -> settings.urlRef().isPresent();
            case EMAIL -> !settings.recipients().orElse(List.of()).isEmpty();
        };
    }

    public Optional<NotifierConfig.ChannelType> type(String channel) {
        return Optional.ofNullable(config.channels().get(channel)).map(NotifierConfig.Channel::type);
    }

    /** Email recipients of a route: the rule's when it names some, else the channel's; none for other channels. */
    public List<String> recipients(String channel, List<String> ofRule) {
        NotifierConfig.Channel settings = config.channels().get(channel);
        if (settings == null || settings.type() != NotifierConfig.ChannelType.EMAIL) {
            return List.of();
        }
        return ofRule.isEmpty() ? settings.recipients().orElse(List.of()) : ofRule;
    }

    /**
     * @param deliveryId  the delivery's id (the webhook's replay-protection header)
     * @param recipients  email only
     */
    public SendOutcome send(String channel, String deliveryId, Message message, List<String> recipients) {
        NotifierConfig.Channel settings = config.channels().get(channel);
        if (settings == null) {
            return new SendOutcome.Refused("channel " + channel + " is no longer configured");
        }
        try {
            return switch (settings.type()) {
                case SLACK -> post.send(secret(settings.urlRef(), channel, "url-ref"), "application/json", Map.of(),
                        SlackBlocks.payload(message), "Slack channel " + channel);
                case WEBHOOK -> webhook(channel, settings, deliveryId, message);
                case EMAIL -> email(channel, message, recipients);
            };
        } catch (SecretUnavailableException e) {
            return new SendOutcome.Refused(e.getMessage());
        }
    }

    private SendOutcome webhook(String channel, NotifierConfig.Channel settings, String deliveryId, Message message)
            throws SecretUnavailableException {
        String url = secret(settings.urlRef(), channel, "url-ref");
        String key = secret(settings.secretRef(), channel, "secret-ref");
        String body = message.cloudEvent() != null ? message.cloudEvent() : MessageJson.write(message);
        long timestamp = Instant.now().getEpochSecond();
        return post.send(url, message.cloudEvent() != null ? "application/cloudevents+json" : "application/json",
                Map.of(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp),
                        WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(key, timestamp, body),
                        WebhookSignature.DELIVERY_HEADER, deliveryId),
                body, "webhook " + channel);
    }

    private SendOutcome email(String channel, Message message, List<String> recipients) {
        if (recipients.isEmpty()) {
            return new SendOutcome.Refused("email channel " + channel + " has no recipients");
        }
        try {
            Mail mail = Mail.withHtml(recipients.get(0), "[Lifeboat] " + message.title(), html.data("m", message).render())
                    .setText(text.data("m", message).render())
                    .setFrom(config.emailFrom())
                    .setTo(List.copyOf(recipients));
            mailer.send(mail);
            return new SendOutcome.Sent();
        } catch (RuntimeException e) {
            return new SendOutcome.RetryLater(null, "the SMTP server refused or could not be reached for channel " + channel
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String secret(Optional<String> reference, String channel, String key) throws SecretUnavailableException {
        if (reference.isEmpty()) {
            throw new SecretUnavailableException("lifeboat.notifier.channels." + channel + "." + key + " is not set");
        }
        return SecretReference.parse(reference.get()).resolve().trim();
    }
}
