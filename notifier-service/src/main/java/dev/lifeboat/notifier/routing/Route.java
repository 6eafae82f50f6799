package dev.lifeboat.notifier.routing;

import java.util.List;

/** Where one event goes: a channel, the email recipients when it is email, and the rule that chose it. */
public record Route(String channel, List<String> recipients, String rule) {

    public Route {
        recipients = List.copyOf(recipients);
    }
}
