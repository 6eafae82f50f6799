package dev.lifeboat.realservers.mail;

import dev.lifeboat.realservers.process.RealServer;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerClasspath;
import dev.lifeboat.realservers.process.ServerHome;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail standalone) in a child JVM on free loopback ports. It accepts mail
 * for any address; tests read what arrived over IMAP or GreenMail's REST API.
 */
public final class MailServer implements RealServer {

    private final ServerHome home;
    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;
    private final ChildJvm process;

    private MailServer(ServerHome home, ChildJvm process) {
        this.home = home;
        this.smtpPort = home.port(0);
        this.imapPort = home.port(1);
        this.apiPort = home.port(2);
        this.process = process;
    }

    public static MailServer start() {
        return start(ServerHome.temporary("lifeboat-mail-", 3));
    }

    /** GreenMail on the home's ports: SMTP, IMAP, then its REST API (mail is kept in memory only). */
    public static MailServer start(ServerHome home) {
        try {
            int smtp = home.port(0);
            int imap = home.port(1);
            int api = home.port(2);
            List<String> jvm = List.of("-Xmx128m", "-XX:+UseSerialGC",
                    "-Dgreenmail.hostname=" + LoopbackPorts.HOST,
                    "-Dgreenmail.smtp.port=" + smtp,
                    "-Dgreenmail.smtp.hostname=" + LoopbackPorts.HOST,
                    "-Dgreenmail.imap.port=" + imap,
                    "-Dgreenmail.imap.hostname=" + LoopbackPorts.HOST,
                    "-Dgreenmail.auth.disabled",
                    "-Dgreenmail.api.port=" + api,
                    "-Dgreenmail.api.hostname=" + LoopbackPorts.HOST);
            ChildJvm process = ChildJvm.start("greenmail", ServerClasspath.of("greenmail"), jvm,
                    "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner", List.of(), home.dir(), Duration.ofSeconds(60),
                    () -> LoopbackPorts.accepts(smtp) && LoopbackPorts.accepts(imap) && LoopbackPorts.accepts(api));
            return new MailServer(home, process);
        } catch (RuntimeException e) {
            home.release();
            throw e;
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** GreenMail's REST API, e.g. {@code GET /api/user/{email}/messages/INBOX}. */
    public String apiUrl() {
        return "http://" + LoopbackPorts.HOST + ":" + apiPort;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public Map<String, String> settings() {
        return Map.of(
                "quarkus.mailer.host", LoopbackPorts.HOST,
                "quarkus.mailer.port", String.valueOf(smtpPort),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "lifeboat.test.mail.api-url", apiUrl());
    }

    @Override
    public void close() {
        process.close();
        home.release();
    }
}
