package dev.lifeboat.notifier.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP POST of a JSON body (blocking: delivery worker threads only). The URL may carry a secret
 * (Slack's does), so no outcome or exception text ever contains it: {@code what} names the target.
 */
final class JsonPost {

    private final HttpClient client;
    private final Duration timeout;

    JsonPost(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    SendOutcome send(String url, String contentType, Map<String, String> headers, String body, String what) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            return new SendOutcome.Refused(what + " has no valid URL");
        }
        request.timeout(timeout).header("Content-Type", contentType).header("User-Agent", "lifeboat-notifier");
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return SendOutcome.ofHttpStatus(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), what);
        } catch (HttpTimeoutException e) {
            return new SendOutcome.RetryLater(null, what + " did not answer within " + timeout);
        } catch (IOException e) {
            return new SendOutcome.RetryLater(null, what + " could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.RetryLater(null, "interrupted while sending to " + what);
        }
    }
}
