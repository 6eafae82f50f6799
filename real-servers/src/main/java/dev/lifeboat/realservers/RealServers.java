package dev.lifeboat.realservers;

import dev.lifeboat.realservers.kafka.KafkaBroker;
import dev.lifeboat.realservers.mail.MailServer;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.s3.S3Server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A set of real servers started together (in parallel) and stopped together. If one fails to
 * start, the others are stopped before the error is thrown, so nothing is left running.
 */
public final class RealServers implements AutoCloseable {

    /** The servers Lifeboat talks to. */
    public enum Kind { KAFKA, POSTGRES, S3, MAIL }

    /** The bucket the tests and the local stack use. */
    public static final String BUCKET = "lifeboat-backups";

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final S3Server s3;
    private final MailServer mail;

    private RealServers(KafkaBroker kafka, PostgresServer postgres, S3Server s3, MailServer mail) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
        this.mail = mail;
    }

    public static RealServers start(Set<Kind> kinds) {
        CompletableFuture<KafkaBroker> kafka = startIf(kinds.contains(Kind.KAFKA), KafkaBroker::start);
        CompletableFuture<PostgresServer> postgres = startIf(kinds.contains(Kind.POSTGRES), PostgresServer::start);
        CompletableFuture<S3Server> s3 = startIf(kinds.contains(Kind.S3), () -> S3Server.start(BUCKET));
        CompletableFuture<MailServer> mail = startIf(kinds.contains(Kind.MAIL), MailServer::start);
        try {
            CompletableFuture.allOf(kafka, postgres, s3, mail).join();
            return new RealServers(kafka.join(), postgres.join(), s3.join(), mail.join());
        } catch (CompletionException e) {
            for (CompletableFuture<? extends RealServer> started : List.of(kafka, postgres, s3, mail)) {
                started.thenAccept(server -> {
                    if (server != null) {
                        server.close();
                    }
                });
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    public static RealServers startAll() {
        return start(EnumSet.allOf(Kind.class));
    }

    private static <T extends RealServer> CompletableFuture<T> startIf(boolean wanted, Supplier<T> start) {
        return wanted ? CompletableFuture.supplyAsync(start) : CompletableFuture.completedFuture(null);
    }

    public Optional<KafkaBroker> kafka() {
        return Optional.ofNullable(kafka);
    }

    public Optional<PostgresServer> postgres() {
        return Optional.ofNullable(postgres);
    }

    public Optional<S3Server> s3() {
        return Optional.ofNullable(s3);
    }

    public Optional<MailServer> mail() {
        return Optional.ofNullable(mail);
    }

    private List<RealServer> running() {
        List<RealServer> servers = new ArrayList<>();
        kafka().ifPresent(servers::add);
        postgres().ifPresent(servers::add);
        s3().ifPresent(servers::add);
        mail().ifPresent(servers::add);
        return servers;
    }

    /** The configuration properties of every running server, merged. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        running().forEach(server -> settings.putAll(server.settings()));
        return settings;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (RealServer server : running()) {
            try {
                server.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
