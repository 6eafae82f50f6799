package dev.lifeboat.notifier;

import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The messages the real SMTP server (GreenMail) received for one address, read through its REST API. */
final class MailBox {

    /** One received email: its subject and the whole MIME text (headers, the plain-text and the HTML part). */
    record Mail(String subject, String mime) {
    }

    private MailBox() {
    }

    static List<Mail> messages(String apiUrl, String address, Predicate<Mail> wanted) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(apiUrl + "/api/user/" + address + "/messages/INBOX")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 400 || answer.statusCode() == 404) {
                return List.of();
            }
            List<Map<String, Object>> rows = JsonPath.from(answer.body()).getList("$");
            return rows.stream().map(row -> new Mail(String.valueOf(row.get("subject")), String.valueOf(row.get("mimeMessage"))))
                    .filter(wanted).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
