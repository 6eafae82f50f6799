package dev.lifeboat.realservers;

import dev.lifeboat.realservers.kafka.KafkaBroker;
import dev.lifeboat.realservers.mail.MailServer;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.RealServer;
import dev.lifeboat.realservers.process.ServerHome;
import dev.lifeboat.realservers.s3.S3Server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
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
        return start(kinds, null);
    }

    /**
     * Every server in a folder of its own under {@code state} ({@code kafka}, {@code postgres}, {@code s3}; mail is kept in
     * memory) on the given ports, kept when they stop: what the local stack runs, so a restart finds its data.
     *
     * @param ports each kind's ports, in the order its {@link ServerHome} names them
     */
    public static RealServers startKept(Path state, Map<Kind, int[]> ports) {
        return start(EnumSet.allOf(Kind.class), kind -> ServerHome.kept(state.resolve(kind.name().toLowerCase(java.util.Locale.ROOT)),
                ports.get(kind)));
    }

    /** @param homes where each kind runs, or null for temporary homes */
    private static RealServers start(Set<Kind> kinds, Function<Kind, ServerHome> homes) {
        CompletableFuture<KafkaBroker> kafka = startIf(kinds.contains(Kind.KAFKA),
                () -> homes == null ? KafkaBroker.start() : KafkaBroker.start(homes.apply(Kind.KAFKA)));
        CompletableFuture<PostgresServer> postgres = startIf(kinds.contains(Kind.POSTGRES),
                () -> homes == null ? PostgresServer.start() : PostgresServer.start(homes.apply(Kind.POSTGRES)));
        CompletableFuture<S3Server> s3 = startIf(kinds.contains(Kind.S3),
                () -> homes == null ? S3Server.start(BUCKET) : S3Server.start(homes.apply(Kind.S3), BUCKET));
        CompletableFuture<MailServer> mail = startIf(kinds.contains(Kind.MAIL),
                () -> homes == null ? MailServer.start() : MailServer.start(homes.apply(Kind.MAIL)));
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
