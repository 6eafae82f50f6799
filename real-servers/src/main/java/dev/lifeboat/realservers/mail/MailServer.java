package dev.lifeboat.realservers.mail;

import dev.lifeboat.realservers.RealServer;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerClasspath;
import dev.lifeboat.realservers.process.WorkDirs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail standalone) in a child JVM on free loopback ports. It accepts mail
 * for any address; tests read what arrived over IMAP or GreenMail's REST API.
 */
public final class MailServer implements RealServer {

    private final Path workDir;
    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;
    private final ChildJvm process;

    private MailServer(Path workDir, int smtpPort, int imapPort, int apiPort, ChildJvm process) {
        this.workDir = workDir;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
        this.process = process;
    }

    public static MailServer start() {
        Path workDir = WorkDirs.create("lifeboat-mail-");
        try {
            int smtp = LoopbackPorts.free();
            int imap = LoopbackPorts.free();
            int api = LoopbackPorts.free();
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
                    "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner", List.of(), workDir, Duration.ofSeconds(60),
                    () -> LoopbackPorts.accepts(smtp) && LoopbackPorts.accepts(imap) && LoopbackPorts.accepts(api));
            return new MailServer(workDir, smtp, imap, api, process);
        } catch (RuntimeException e) {
            WorkDirs.delete(workDir);
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
        WorkDirs.delete(workDir);
    }
}
