package dev.lifeboat.realservers.kafka;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The users of a broker that authenticates (SASL/PLAIN) and authorizes (KRaft's StandardAuthorizer): each with a
 * random password, plus {@link #ADMIN}, the one super user, who grants the others their ACLs. Without an ACL a user
 * may do nothing.
 */
public final class KafkaUsers {

    public static final String ADMIN = "admin";

    private final Map<String, String> passwords = new LinkedHashMap<>();

    private KafkaUsers(List<String> users) {
        SecureRandom random = new SecureRandom();
        passwords.put(ADMIN, password(random));
        users.forEach(user -> passwords.put(user, password(random)));
    }

    public static KafkaUsers of(List<String> users) {
        return new KafkaUsers(users);
    }

    /** The client settings (Kafka's own keys) with which {@code user} connects. */
    public Map<String, Object> client(String user, String bootstrapServers) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** The broker's listener and authorizer settings; the controller listener stays plain, on loopback. */
    List<String> serverProperties(int port, int controllerPort) {
        String users = passwords.entrySet().stream().map(user -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                .collect(Collectors.joining(" "));
        return List.of(
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + ADMIN + "\" password=\"" + passwords.get(ADMIN) + "\" " + users + ";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false",
                "auto.create.topics.enable=false");
    }

    private static String password(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
